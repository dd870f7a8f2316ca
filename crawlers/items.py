"""What spiders yield: one record of a landing kind, with the text the page printed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from landing.schema import LandingKind


@dataclass
class LandingItem:
    """A landing record on its way through the pipelines.

    `fields` holds the record's fields; spiders put the page's text in it (numbers as printed)
    and the pipelines turn it into typed values, check it and write it. Fields that the landing
    schema does not know (a chart row's market share, say) are kept as extra context.
    """

    kind: LandingKind
    source: str
    url: str | None
    fields: dict[str, Any] = field(default_factory=dict)
