"""The one read loop (scorer/io/loop.py) and its error policy, seen from every caller: a bug in a
reader costs only its file — one `error:` line naming it, in the user's terms — and the other
files are scored and written, in every output format of `scorer score`, in `scorer parse`, in
the API and on the web page; the exit code is 2 (docs/reliability.md: some input was unusable)."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner

import hostile_inputs as H
import scorer.io.loop
from scorer.api import score
from scorer.cli import main
from scorer.engine import Models
from scorer.io.loop import BUG
from scorer.report.reconcile import count_parse, count_score

PYTHON_NAMES = re.compile(r"Traceback|[A-Z][a-zA-Z]+(?:Error|Exception)\b|NoneType|object has no attribute")
GOOD_ROWS = len(H.GOOD_ROWS)


@pytest.fixture
def reader_bug(monkeypatch):
    """Every reader raises a Python error on a file that declares the project 坏项目."""
    monkeypatch.delenv("SCORER_DEBUG", raising=False)
    real = scorer.io.loop.read

    def read(path, limits=None):
        if "坏项目" in Path(path).read_bytes().decode("utf-8", errors="replace"):
            raise AttributeError("'NoneType' object has no attribute 'get'")
        return real(path, limits)

    monkeypatch.setattr(scorer.io.loop, "read", read)


@pytest.fixture
def two_files(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    H.good_csv(folder, name="a_good.csv", project="好项目")
    H.good_csv(folder, name="b_broken.csv", project="坏项目")
    return folder


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "html", "xlsx"])
def test_a_reader_bug_in_one_of_two_files_is_one_error_line_and_the_other_is_written(reader_bug, two_files,
                                                                                      tmp_path, fmt):  # fmt: skip
    out = tmp_path / f"report.{fmt}"
    run = CliRunner().invoke(main, ["score", str(two_files), "--no-models", "--format", fmt, "-o", str(out), "-j", "1"])
    assert run.exit_code == 2, run.output
    errors = _errors(run.stderr)
    assert errors == [f"error: {two_files / 'b_broken.csv'}: {BUG}"], run.stderr
    assert not PYTHON_NAMES.search(run.stderr), run.stderr
    assert f"读取 {GOOD_ROWS} 条，写出 {GOOD_ROWS} 条" in run.stderr, run.stderr
    assert count_score(fmt, path=out) == GOOD_ROWS
    if fmt != "xlsx":
        text = out.read_text(encoding="utf-8")
        assert "好项目" in text and "坏项目" not in text


def test_parse_reports_a_reader_bug_and_writes_the_other_file(reader_bug, two_files):
    run = CliRunner().invoke(main, ["parse", str(two_files), "--format", "jsonl"])
    assert run.exit_code == 2
    assert _errors(run.stderr) == [f"error: {two_files / 'b_broken.csv'}: {BUG}"]
    assert count_parse("jsonl", run.stdout) == GOOD_ROWS


def test_the_api_reports_a_reader_bug_and_scores_the_other_file(reader_bug, two_files):
    result = score(two_files, models=Models.none())
    assert result.errors == [f"{two_files / 'b_broken.csv'}: {BUG}"]
    assert result.files == 2 and set(result.frame["project"]) == {"好项目"}


def test_the_web_page_reports_a_reader_bug_by_the_uploaded_name(reader_bug, tmp_path):
    from starlette.testclient import TestClient

    from scorer.store import open_store
    from scorer.web.app import WebSettings, create_app

    store = open_store(str(tmp_path / "web.db"))
    client = TestClient(create_app(store, Models.none(), WebSettings()))
    client.cookies.set("scorer_reviewer", urllib.parse.quote("测试员"))
    csrf = re.search(r'name="csrf" value="(\w+)"', client.get("/").text).group(1)
    folder = tmp_path / "up"
    folder.mkdir()
    good = H.good_csv(folder, name="good.csv", project="好项目").read_bytes()
    bad = H.good_csv(folder, name="bad.csv", project="坏项目").read_bytes()
    r = client.post("/upload", data={"csrf": csrf}, follow_redirects=True,
                    files=[("files", ("好.csv", good, "text/csv")), ("files", ("坏的申报表.csv", bad, "text/csv"))])  # fmt: skip
    store.close()
    assert r.status_code == 200
    errors = re.findall(r'<li class="error-line">([^<]*)</li>', r.text)
    assert errors == [f"坏的申报表.csv: {BUG}"]
    assert not PYTHON_NAMES.search(" ".join(errors))
    assert set(re.findall(r'<span class="file">([^<]*)</span>', r.text)) == {"好.csv"}
