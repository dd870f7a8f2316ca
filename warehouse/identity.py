"""Film identity: which records, across sources and runs, describe the same film."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_title(title: str) -> str:
    """Lower case, accents and punctuation removed, spaces folded: 'L'Été!' -> 'l ete'."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", without_accents.replace("œ", "oe").replace("æ", "ae")).strip()


def film_id_for(title: str, release_date: str) -> str:
    """The stable id of a film first observed with this title and release date."""
    digest = hashlib.sha1(f"{normalise_title(title)}|{release_date}".encode()).hexdigest()
    return f"f-{digest[:12]}"


class _DisjointSet:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        root = self.parent.setdefault(item, item)
        while root != self.parent[root]:
            root = self.parent[root]
        while item != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # The earlier observation stays the root, so the film keeps its first identity.
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def assign_film_ids(observations: Sequence[Iterable[dict[str, Any]]]) -> None:
    """Set `film_id` on every record, in place.

    Records sharing a `(source, source_id)` or a normalised title + release date are one film;
    the id comes from the first observation in read order (`observed_rank`), so it is stable
    from one refresh to the next as long as the inputs only grow.
    """
    records = sorted(
        (record for group in observations for record in group),
        key=lambda record: int(record["observed_rank"]),
    )
    sets = _DisjointSet()
    first_with_key: dict[tuple[str, ...], int] = {}
    for index, record in enumerate(records):
        sets.find(index)
        keys: list[tuple[str, ...]] = [
            ("title", normalise_title(record["title"]), str(record["release_date"]))
        ]
        if record.get("source_id") is not None:
            keys.append(("source", record["source"], str(record["source_id"])))
        for key in keys:
            if key in first_with_key:
                sets.union(first_with_key[key], index)
            else:
                first_with_key[key] = index
    for index, record in enumerate(records):
        root = records[sets.find(index)]
        record["film_id"] = film_id_for(root["title"], str(root["release_date"]))
