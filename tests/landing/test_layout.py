from __future__ import annotations

from pathlib import Path

import pytest

from landing.layout import iter_landing_files, landing_file_path, write_landing_file


def test_files_are_written_whole_and_never_overwritten(tmp_path: Path) -> None:
    path = landing_file_path(tmp_path, "jpbox-office", "films", "20261125T100000Z-jpbox_film")
    assert path == tmp_path / "jpbox-office" / "films" / "20261125T100000Z-jpbox_film.jsonl"
    assert write_landing_file(path, [{"a": 1}, {"a": "é"}]) == 2
    assert path.read_text(encoding="utf-8") == '{"a": 1}\n{"a": "é"}\n'
    with pytest.raises(FileExistsError, match="never edited"):
        write_landing_file(path, [{"a": 2}])
    assert path.read_text(encoding="utf-8").count("\n") == 2


def test_listing_skips_partial_and_foreign_files(tmp_path: Path) -> None:
    good = landing_file_path(tmp_path, "tmdb", "releases", "run-1")
    write_landing_file(good, [{"x": 1}])
    (good.parent / "run-2.jsonl.part").write_text("{}\n")
    (tmp_path / "tmdb" / "posters").mkdir()
    (tmp_path / "tmdb" / "posters" / "run-3.jsonl").write_text("{}\n")
    found = list(iter_landing_files(tmp_path))
    assert [(f.source, f.kind, f.run_id) for f in found] == [("tmdb", "releases", "run-1")]


@pytest.mark.parametrize("source", ["../etc", "a/b", "", " x"])
def test_source_and_run_id_must_be_plain_names(tmp_path: Path, source: str) -> None:
    with pytest.raises(ValueError, match="plain file name"):
        landing_file_path(tmp_path, source, "films", "run-1")
