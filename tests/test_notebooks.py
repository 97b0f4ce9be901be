"""The notebooks in notebooks/ are kept without outputs and run top to bottom (nbclient),
with the kernel of this test's own Python (the venv), so they never rot."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
NAMES = ("reviewer_walkthrough", "trainer_good_vs_bad", "batch_analysis")


def _load(name: str):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def _run(name: str):
    nb = _load(name)
    # kernel "python3" resolves to the running interpreter (ipykernel is in the venv's dev extras)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def _text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out["text"])
            elif "data" in out:
                parts.append(str(out["data"].get("text/plain", "")))
    return "\n".join(parts)


def _stderr(nb) -> str:
    return "\n".join(o["text"] for c in nb.cells for o in c.get("outputs", [])
                     if o.get("output_type") == "stream" and o.get("name") == "stderr")  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_notebook_uses_only_the_public_api(name):
    code = "\n".join(c.source for c in _load(name).cells if c.cell_type == "code")
    assert "import scorer" in code
    assert not re.search(r"from scorer\.|import scorer\.", code), "notebooks use scorer.* only (scorer/__init__.py)"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_without_outputs(name):
    nb = _load(name)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def test_reviewer_walkthrough_scores_one_declaration():
    nb = _run("reviewer_walkthrough")
    text = _text(nb)
    for project in ("中小学课后服务经费补助", "校园安全技防设施维护", "教师培训项目"):
        assert project in text
    assert "怎么改" in text and "VAG001" in text
    assert "['汇总', '部门', '项目', '资金与质量', '最差指标', '指标', '问题', '豁免']" in text
    assert 'CMP003 = "warning"' in text


def test_trainer_notebook_shows_rewrites_scoring_higher():
    nb = _run("trainer_good_vs_bad")
    text = _text(nb)
    assert "✗" in text and "✓" in text and "为什么" in text
    better, total = map(int, re.search(r"(\d+)/(\d+) 组改写得分更高", text).groups())
    assert total >= 10 and better >= 0.75 * total  # scorer prefers the corpus rewrite to the bad row
    assert re.search(r"gallery\.html \d+ 组对照", text)


def test_batch_notebook_plots_departments_without_missing_glyphs():
    nb = _run("batch_analysis")
    images = [o for c in nb.cells for o in c.get("outputs", []) if "data" in o and "image/png" in o["data"]]
    assert len(images) >= 3
    text = _text(nb)
    assert "示例区教育局" in text and "示例市体育局" in text
    assert "missing from font" not in _stderr(nb)  # Chinese labels found a CJK font
