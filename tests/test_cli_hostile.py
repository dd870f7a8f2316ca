"""The `mercredi` command as a hostile or clumsy user meets it, through the real console command
(a subprocess): each mistake ends with exit 2 (usage) or 1 (failed job), one or two lines naming
the variable, option or path, no traceback, and the warehouse and landing files untouched."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import write_jsonl
from tests.warehouse.factories import release, small_history

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Stage:
    """A small warehouse built once, its history and landing files, and the environment."""

    root: Path
    data_dir: Path
    history_dir: Path
    releases: Path

    def env(self, **overrides: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("MERCREDI_", "MLFLOW_"))
        }
        env.update(MERCREDI_DATA_DIR=str(self.data_dir), MERCREDI_HISTORY_DIR=str(self.history_dir))
        env.update(overrides)
        return env

    def snapshot(self) -> dict[str, str]:
        """A digest of every stored file: warehouse, landing files, seed history."""
        files = [self.data_dir / "warehouse.duckdb", self.releases]
        files += sorted((self.data_dir / "landing").rglob("*.jsonl"))
        files += sorted(self.history_dir.glob("*.jsonl"))
        return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}


def mercredi(stage: Stage, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cron.cli", *arguments],
        cwd=stage.root,
        env=stage.env(**env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    root = tmp_path_factory.mktemp("hostile")
    history = small_history(root / "history")
    data_dir = root / "data"
    landing = data_dir / "landing" / "tmdb" / "releases" / "20261125T000000Z-one.jsonl"
    write_jsonl(landing, [release("Le Film Neuf", "2026-12-02", 350)])
    releases = write_jsonl(root / "releases.jsonl", [release("Le Film Neuf", "2026-12-02", 350)])
    built = Stage(root, data_dir, history, releases)
    done = mercredi(built, "warehouse", "refresh")
    assert done.returncode == 0, done.stderr
    yield built


def assert_clear_failure(done: subprocess.CompletedProcess[str], code: int, *named: str) -> None:
    output = done.stdout + done.stderr
    assert done.returncode == code, output
    assert "Traceback" not in output, output
    for thing in named:
        assert thing in output, output


# A user's mistake in a setting or an option: exit 2, the variable or option named.
USAGE_CASES = {
    "threads not a number": (
        ["model", "status"],
        {"MERCREDI_NUM_THREADS": "abc"},
        ["MERCREDI_NUM_THREADS='abc' is not a whole number"],
    ),
    "unknown log level": (
        ["crawl", "boxoffice", "--week", "2026-01-28"],
        {"MERCREDI_CRAWL_LOG_LEVEL": "LOUD"},
        ["MERCREDI_CRAWL_LOG_LEVEL='LOUD'", "INFO"],
    ),
    "garbage mlflow uri": (
        ["model", "status"],
        {"MLFLOW_TRACKING_URI": "not a uri"},
        ["MLFLOW_TRACKING_URI='not a uri'"],
    ),
    "garbage mercredi mlflow uri": (
        ["model", "status"],
        {"MERCREDI_MLFLOW_TRACKING_URI": "::"},
        ["MERCREDI_MLFLOW_TRACKING_URI='::'"],
    ),
    "nan download delay": (
        ["crawl", "boxoffice", "--week", "2026-01-28"],
        {"MERCREDI_DOWNLOAD_DELAY_S": "nan"},
        ["MERCREDI_DOWNLOAD_DELAY_S='nan'"],
    ),
    "infinite wait": (["warehouse", "refresh", "--wait", "inf"], {}, ["--wait", "'inf'"]),
    "negative wait": (["warehouse", "refresh", "--wait", "-1"], {}, ["--wait", "'-1'"]),
    "a week in 1899": (
        ["crawl", "boxoffice", "--week", "1899-12-27"],
        {},
        ["--week", "1899-12-27", "1900-01-01"],
    ),
    "a range to 2099": (
        ["crawl", "boxoffice", "--from", "2026-01-07", "--to", "2099-12-30"],
        {},
        ["--to", "2099-12-30"],
    ),
    "a film id in the billions": (
        ["crawl", "films", "--ids", "99999999999=2024-01-03"],
        {},
        ["99999999999"],
    ),
    "an impossible date": (
        ["backtest", "--from", "2024-13-01", "--to", "2024-12-31"],
        {},
        ["--from", "'2024-13-01' is not a date (YYYY-MM-DD)"],
    ),
    "a reversed backtest": (
        ["backtest", "--from", "2024-12-31", "--to", "2024-01-01"],
        {},
        ["--from 2024-12-31 is after --to 2024-01-01"],
    ),
}


@pytest.mark.parametrize("case", list(USAGE_CASES))
def test_a_usage_mistake(stage: Stage, case: str) -> None:
    arguments, env, named = USAGE_CASES[case]
    before = stage.snapshot()
    assert_clear_failure(mercredi(stage, *arguments, **env), 2, *named)
    assert stage.snapshot() == before


# What no parser takes at all: one `error:` line too (not Typer's box), with the help to read.
COMMAND_LINE_CASES = {
    "an unknown choice": (["portal", "add-user", "bob", "--role", "boss"], 2, "--role 'boss'"),
    "an unknown option": (["train", "--nope"], 1, "No such option: --nope"),
    "a missing argument": (["portal", "add-user"], 2, "Missing argument 'username'"),
    "a port out of range": (["serve", "mlflow", "--port", "70000"], 2, "'--port'"),
    "a word for a date": (["backtest", "--from", "demain"], 1, "'demain' is not a date"),
}


@pytest.mark.parametrize("case", list(COMMAND_LINE_CASES))
def test_a_command_line_mistake_is_one_line(stage: Stage, case: str) -> None:
    arguments, words, named = COMMAND_LINE_CASES[case]
    before = stage.snapshot()
    done = mercredi(stage, *arguments)
    assert_clear_failure(done, 2, named)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert lines[0].endswith(f"see `mercredi {' '.join(arguments[:words])} --help`"), lines[0]
    assert stage.snapshot() == before


def test_a_data_folder_that_is_a_file(stage: Stage) -> None:
    before = stage.snapshot()
    done = mercredi(stage, "warehouse", "refresh", MERCREDI_DATA_DIR=str(stage.releases))
    assert_clear_failure(done, 2, "MERCREDI_DATA_DIR", str(stage.releases), "not a folder")
    assert stage.snapshot() == before


def test_a_warehouse_path_that_is_a_folder(stage: Stage) -> None:
    done = mercredi(stage, "warehouse", "status", MERCREDI_WAREHOUSE_PATH=str(stage.root))
    assert_clear_failure(done, 2, "MERCREDI_WAREHOUSE_PATH", "is a folder")


def test_predict_never_overwrites_its_input(stage: Stage) -> None:
    before = stage.snapshot()
    releases = str(stage.releases)
    done = mercredi(stage, "predict", "--releases", releases, "--out", releases)
    assert_clear_failure(done, 2, "--out", "--releases", "destroy")
    # The same file by another spelling of its path.
    other = str(stage.root / "history" / ".." / "releases.jsonl")
    done = mercredi(stage, "predict", "--releases", releases, "--out", other)
    assert_clear_failure(done, 2, "--out", "--releases")
    assert stage.snapshot() == before


@pytest.mark.parametrize("option", ["--releases", "--out"])
def test_predict_paths_that_are_folders(stage: Stage, option: str) -> None:
    paths = {"--releases": str(stage.releases), "--out": str(stage.root / "out.csv")}
    paths[option] = str(stage.root)
    done = mercredi(stage, "predict", "--releases", paths["--releases"], "--out", paths["--out"])
    assert_clear_failure(done, 2, option, str(stage.root), "folder")


def test_predict_a_missing_releases_file(stage: Stage) -> None:
    missing = str(stage.root / "nowhere.jsonl")
    done = mercredi(stage, "predict", "--releases", missing, "--out", "out.csv")
    assert_clear_failure(done, 2, "--releases", missing, "does not exist")


def test_predict_an_out_under_a_file(stage: Stage) -> None:
    out = str(stage.releases / "out.csv")
    done = mercredi(stage, "predict", "--releases", str(stage.releases), "--out", out)
    assert_clear_failure(done, 2, "--out", "is a file, not a folder")


def test_train_checks_the_warehouse_before_mlflow(stage: Stage, tmp_path: Path) -> None:
    empty = tmp_path / "empty-data"
    empty.mkdir()
    done = mercredi(stage, "train", MERCREDI_DATA_DIR=str(empty))
    assert_clear_failure(done, 1, "warehouse.duckdb does not exist", "mercredi warehouse refresh")
    assert list(empty.iterdir()) == []  # no MLflow store created before the check


def test_a_damaged_warehouse(stage: Stage, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "landing").mkdir(parents=True)
    damaged = b"DUCK" * 4096
    (data_dir / "warehouse.duckdb").write_bytes(damaged)
    done = mercredi(stage, "warehouse", "status", MERCREDI_DATA_DIR=str(data_dir))
    assert_clear_failure(done, 1, "not a readable DuckDB file", "mercredi warehouse refresh")
    done = mercredi(
        stage,
        "predict",
        "--releases",
        str(stage.releases),
        "--out",
        str(tmp_path / "out.csv"),
        MERCREDI_DATA_DIR=str(data_dir),
    )
    assert_clear_failure(done, 1, "not a readable DuckDB file")
    assert not (tmp_path / "out.csv").exists()
    refreshed = mercredi(stage, "warehouse", "refresh", MERCREDI_DATA_DIR=str(data_dir))
    assert refreshed.returncode == 0, refreshed.stderr
    assert "kept aside as" in refreshed.stderr
    (aside,) = data_dir.glob("warehouse.duckdb.unreadable-*")
    assert aside.read_bytes() == damaged
    assert mercredi(stage, "warehouse", "status", MERCREDI_DATA_DIR=str(data_dir)).returncode == 0


def test_a_damaged_mlflow_store(stage: Stage, tmp_path: Path) -> None:
    store = tmp_path / "mlflow.db"
    store.write_bytes(b"not sqlite" * 2000)
    done = mercredi(stage, "model", "status", MERCREDI_MLFLOW_TRACKING_URI=f"sqlite:///{store}")
    assert_clear_failure(done, 1, "MLflow store", str(store), "MERCREDI_MLFLOW_TRACKING_URI")
    assert len((done.stdout + done.stderr).strip().splitlines()) <= 2


def test_an_emptied_history_is_refused(stage: Stage, tmp_path: Path) -> None:
    history = tmp_path / "history"
    history.mkdir()
    (history / "films.jsonl").write_bytes(b"")
    (history / "first_weeks.jsonl").write_bytes(
        (stage.history_dir / "first_weeks.jsonl").read_bytes()
    )
    before = stage.snapshot()
    done = mercredi(stage, "warehouse", "refresh", MERCREDI_HISTORY_DIR=str(history))
    assert_clear_failure(
        done, 1, "dim_film: films with a genre would drop from 4 to 1", "--allow-shrink"
    )
    assert stage.snapshot() == before


def test_a_folder_in_the_landing_zone(stage: Stage, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "landing" / "tmdb" / "films" / "20261125T000000Z-x.jsonl").mkdir(parents=True)
    done = mercredi(stage, "warehouse", "refresh", MERCREDI_DATA_DIR=str(data_dir))
    assert_clear_failure(done, 1, "20261125T000000Z-x.jsonl is a folder")


def test_an_apostrophe_and_a_bom(stage: Stage, tmp_path: Path) -> None:
    data_dir = tmp_path / "l'entrepôt d'Anne"
    landing = data_dir / "landing" / "tmdb" / "releases" / "20261125T000000Z-bom.jsonl"
    write_jsonl(landing, [release("Le Film Neuf", "2026-12-02", 350)])
    landing.write_bytes(b"\xef\xbb\xbf" + landing.read_bytes())
    for _ in range(2):  # the second refresh reads the first one's warehouse
        done = mercredi(stage, "warehouse", "refresh", MERCREDI_DATA_DIR=str(data_dir))
        assert done.returncode == 0, done.stderr
        assert "1 announced releases" in done.stdout and "0 line(s) quarantined" in done.stdout


def test_a_release_in_2099_is_not_predicted(stage: Stage, tmp_path: Path) -> None:
    far = write_jsonl(tmp_path / "far.jsonl", [release("Plus tard", "2099-01-07", 100)])
    out = tmp_path / "out.csv"
    done = mercredi(stage, "predict", "--releases", str(far), "--out", str(out))
    assert_clear_failure(done, 1, str(far), "line 1", "release_date 2099-01-07 is outside")
    assert not out.exists()


def test_model_status_on_a_mistyped_data_folder_creates_nothing(
    stage: Stage, tmp_path: Path
) -> None:
    typo = tmp_path / "dta"
    done = mercredi(stage, "model", "status", MERCREDI_DATA_DIR=str(typo))
    assert done.returncode == 0, done.stderr
    assert f"no model registry in {typo}" in done.stdout
    assert not typo.exists()
