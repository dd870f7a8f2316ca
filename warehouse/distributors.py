"""Distributor names: fold spelling variants of one company into one name, keep the raw name.

Only spelling is folded (case, accents, punctuation, a trailing "Distribution"/"Films"/...),
never corporate history: UIP and Universal, or 20th Century Fox and Disney, stay apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Final

PLACEHOLDERS: Final = frozenset({"", "-", "--", "---", "?", "n/a", "nc", "inconnu", "unknown"})

# Variants that the spelling key cannot see; keys are spelling keys (see spelling_key).
ALIASES: Final[dict[str, str]] = {
    "metropolitan filmexport": "metropolitan",
    "warner bros france": "warner bros",
    "warner": "warner bros",
    "the walt disney company": "walt disney",
    "the walt disney company france": "walt disney",
    "disney": "walt disney",
    "sony pictures releasing": "sony",
    "sony pictures releasing france": "sony",
    "universal pictures international": "universal",
    "universal pictures international france": "universal",
    "paramount pictures france": "paramount",
    "studio canal": "studiocanal",
    "mk2": "mk2 diffusion",
    "jour 2 fete": "jour2fete",
}

_GENERIC_TRAILING_WORDS: Final = (
    "distribution",
    "distrib",
    "dist",
    "films",
    "pictures",
    "diffusion",
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def clean_raw_name(raw: str | None) -> str | None:
    """The raw name with its spaces tidied, or None for a placeholder such as '-'."""
    if raw is None:
        return None
    tidy = " ".join(raw.split())
    return None if tidy.casefold() in PLACEHOLDERS else tidy


def spelling_key(name: str) -> str:
    """The key two spellings of one company share: 'Ad vitam' and 'Ad Vitam' -> 'ad vitam'."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _NON_ALNUM.sub(" ", plain).split()
    while len(words) > 1 and words[-1] in _GENERIC_TRAILING_WORDS:
        words.pop()
    key = " ".join(words)
    return ALIASES.get(key, key)


def fold_names(raw_names: Iterable[str | None]) -> dict[str, str]:
    """Map each raw name (as seen) to its folded name.

    The folded name of a company is its most frequent spelling (ties: alphabetical), so the
    display name is one the sources really use.
    """
    counts: Counter[str] = Counter()
    for raw in raw_names:
        cleaned = clean_raw_name(raw)
        if cleaned is not None:
            counts[cleaned] += 1
    spellings_by_key: dict[str, list[tuple[int, str]]] = {}
    for cleaned, count in counts.items():
        spellings_by_key.setdefault(spelling_key(cleaned), []).append((-count, cleaned))
    display = {key: min(spellings)[1] for key, spellings in spellings_by_key.items()}
    return {cleaned: display[spelling_key(cleaned)] for cleaned in counts}
