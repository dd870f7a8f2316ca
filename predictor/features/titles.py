"""Title stems: how a sequel is recognised from the films released before it."""

from __future__ import annotations

import polars as pl

_ROMAN_OR_NUMBER = r"\s+(\d{1,2}|ii|iii|iv|v|vi|vii|viii|ix|x)$"
_SUBTITLE = r"\s*([:(\[–—]| - ).*$"
_MIN_STEM_LENGTH = 3


def title_stem(title: pl.Expr) -> pl.Expr:
    """The part of a title a franchise shares: lower case, no accents, no subtitle, no number.

    "L'Âge de glace 3 - Le Temps des dinosaures" and "L'Âge de glace" both give "l age de glace";
    a stem shorter than three characters is null (too generic to link two films).
    """
    stem = (
        title.str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace(_SUBTITLE, "")
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.strip_chars()
        .str.replace(_ROMAN_OR_NUMBER, "")
        .str.strip_chars()
    )
    return pl.when(stem.str.len_chars() >= _MIN_STEM_LENGTH).then(stem).otherwise(None)
