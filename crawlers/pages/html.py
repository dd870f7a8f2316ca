"""Turn a page's bytes into a selector cheaply, whatever the size of its search datalist."""

from __future__ import annotations

from parsel import Selector
from scrapy.http import Response, TextResponse

_DATALIST_OPEN = b"<datalist"
_DATALIST_CLOSE = b"</datalist>"


def without_datalists(body: bytes) -> bytes:
    """`body` without its `<datalist>` elements.

    JP's Box-Office puts a search datalist of every title and name (about 3.4 MB) at the top of
    each page; none of it is data we read, so it is cut before the HTML is parsed.
    """
    if _DATALIST_OPEN not in body:
        return body
    kept: list[bytes] = []
    position = 0
    while (start := body.find(_DATALIST_OPEN, position)) != -1:
        kept.append(body[position:start])
        end = body.find(_DATALIST_CLOSE, start)
        if end == -1:  # a page cut short inside its datalist: nothing after it is readable
            position = len(body)
            break
        position = end + len(_DATALIST_CLOSE)
    kept.append(body[position:])
    return b"".join(kept)


def page_selector(body: bytes, fallback_encoding: str = "utf-8") -> Selector:
    """A selector over the page without its datalists.

    The pages are UTF-8 although their `<meta>` says iso-8859-1, so UTF-8 is tried first and the
    encoding the response declares is used only when the bytes are not UTF-8.
    """
    trimmed = without_datalists(body)
    try:
        text = trimmed.decode("utf-8")
    except UnicodeDecodeError:
        text = trimmed.decode(fallback_encoding, errors="replace")
    return Selector(text=text, type="html")


def response_selector(response: Response) -> Selector:
    """`page_selector` over a downloaded response's body."""
    declared = response.encoding if isinstance(response, TextResponse) else "utf-8"
    return page_selector(response.body, declared)
