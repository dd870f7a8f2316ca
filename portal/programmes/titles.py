"""How the portal tells two titles of the same film apart from two films: case, accents and
spacing do not count ("LE CHAT POTTE 2" is "Le Chat  Potté 2")."""

from __future__ import annotations

import unicodedata


def title_key(title: object) -> str:
    """`title` folded for comparison: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", str(title or ""))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())
