"""`scorer evaluate`: precision and recall of the whole engine (rules + models) per defect kind.

* Row kinds (vague, not_quantified, implausible, unit_mismatch, echo, generic,
  category_mismatch) on the held-out *test* split of the corpus: labelled rows and the bad
  rows of bad→good pairs, each scored as a one-indicator project with its declared category.
  A row is predicted to have a kind when any indicator finding of that kind is on it.
* Project kinds (duplicate, misaligned, incomplete) on corpus/projects: a project is
  predicted to have a kind when any finding of that kind concerns it. Project files are never
  used to train a model.
* The labelled seed (corpus/seed_labels.csv) against the real declaration, scored whole.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from scorer.categories import LEVEL2_TO_LEVEL1
from scorer.corpus import PROJECT_KINDS, ROW_KINDS, load
from scorer.engine import Models
from scorer.io.base import finish
from scorer.learn.split import read_splits
from scorer.learn.train import prf
from scorer.model import Declaration, Funds, Indicator, Project


def _row_declaration(rows: list[dict]) -> Declaration:
    projects = []
    for r in rows:
        p = Project(name=f"样例{r['id']}", department="评估", start="2025-01-01", end="2025-12-31")
        p.indicators.append(Indicator(name=r["name"], value=r["value"], level1=r["level1"], level2=r["level2"]))
        projects.append(p)
    return finish(Declaration(source="corpus", projects=projects, year=2025))


def _project_declaration(projects: list[dict]) -> Declaration:
    out = []
    for pr in projects:
        funds = Decimal(str(pr["funds_total"])) if pr.get("funds_total") else None
        p = Project(name=pr["name"], department=pr.get("department", ""), goal=pr.get("goal", ""),
                    start="2025-01-01", end="2025-12-31", funds=Funds(total=funds))  # fmt: skip
        for ind in pr["indicators"]:
            level1 = ind.get("level1") or LEVEL2_TO_LEVEL1.get(ind["level2"], "")
            p.indicators.append(Indicator(name=ind["name"], value=ind["value"], level1=level1, level2=ind["level2"]))
        out.append(p)
    return finish(Declaration(source="corpus-projects", projects=out, year=2025))


def _row_flags(result) -> list[set[str]]:
    flags: list[set[str]] = [set() for _ in range(len(result.frame))]
    for f in result.findings:
        if f.scope == "indicator":
            for r in f.rows:
                flags[r].add(f.kind)
    return flags


def _table(truth: list[set[str]], pred: list[set[str]], kinds) -> dict:
    return {k: prf([k in t for t in truth], [k in p for p in pred]) for k in kinds}


def evaluate(corpus: Path, *, models: Models | None = None, split: str = "test", seed_file: Path | None = None) -> dict:
    from scorer.api import score_frame

    models = Models.load() if models is None else models
    c = load(corpus)
    splits = read_splits(corpus / "splits.csv")
    rows = [r for r in c.labelled if splits.get(r["id"]) == split]
    rows += [{**p, "kinds": [k for k in p["kinds"]]} for p in c.pairs if splits.get(p["id"]) == split]
    result = score_frame(_row_declaration(rows).to_frame(), models=models)
    out = {"rows": {"n": len(rows), "split": split,
                    "kinds": _table([set(r["kinds"]) for r in rows], _row_flags(result), ROW_KINDS)}}  # fmt: skip

    presult = score_frame(_project_declaration(c.projects).to_frame(), models=models)
    predicted: dict[int, set[str]] = defaultdict(set)
    keys = list(dict.fromkeys(presult.frame["project_key"]))
    index = {k: n for n, k in enumerate(keys)}
    for f in presult.findings:
        if f.kind in PROJECT_KINDS:
            touched = {f.project_key} if f.project_key is not None else set()
            touched |= {presult.frame.at[r, "project_key"] for r in f.rows}
            for key in touched:
                predicted[index[key]].add(f.kind)
    truth = [{d["kind"] for d in pr.get("defects", [])} for pr in c.projects]
    # A copy-paste cluster has two sides: the project a copy was taken from is part of the
    # duplicated set too, though the corpus records `copy_of` on the copy only.
    copied = {d.get("copy_of") for pr in c.projects for d in pr.get("defects", []) if d.get("copy_of")}
    for k, pr in enumerate(c.projects):
        if pr["id"] in copied:
            truth[k].add("duplicate")
    out["projects"] = {"n": len(c.projects), "kinds": _table(truth, [predicted[k] for k in range(len(keys))], PROJECT_KINDS)}

    blind = corpus / "blind" / "labelled.csv"
    if blind.exists():
        with blind.open(encoding="utf-8", newline="") as fh:
            brows = [{**r, "kinds": [k for k in r["kinds"].split(";") if k]} for r in csv.DictReader(fh)]
        bresult = score_frame(_row_declaration(brows).to_frame(), models=models)
        out["blind"] = {"n": len(brows),
                        "kinds": _table([set(r["kinds"]) for r in brows], _row_flags(bresult), ROW_KINDS)}  # fmt: skip

    labels = corpus / "seed_labels.csv"
    if seed_file and Path(seed_file).exists() and labels.exists():
        from scorer.io import read

        sresult = score_frame(read(seed_file).to_frame(), models=models)
        with labels.open(encoding="utf-8", newline="") as fh:
            seed_truth = [{k for k in r["kinds"].split(";") if k} for r in csv.DictReader(fh)]
        out["seed"] = {"n": len(seed_truth), "kinds": _table(seed_truth, _row_flags(sresult), ROW_KINDS)}
    return out


def markdown(metrics: dict, commit: str, date: str) -> str:
    lines = [
        "# Evaluation of the checks (rules + models together)",
        "",
        f"Measured on {date} at commit {commit} with `scorer evaluate --seed-file ../shared/seeds/000_34e9557d271db673.txt`.",
        "",
        "Targets (issue 4): precision and recall ≥ 0.90 for vague, not_quantified, implausible and echo;",
        "≥ 0.85 for duplicate, unit_mismatch and category_mismatch.",
        "",
        "**Read the sources of these figures.** The trained models never saw the test split, the blind set,",
        "the corpus projects or the seed. The *rules* (lexicons, value grammar, echo and unit rules) were",
        "written by people who read the whole corpus, test split included, and the seed; on those sets the",
        "rule figures measure agreement with data their authors had seen. The **blind** set was written after",
        "the rules by a writer who saw neither the rules, the models nor the corpus: it is the honest figure",
        "for the engine as a whole on new text. Later rule changes were developed on the train and dev splits.",
        "",
    ]
    blocks = [
        ("rows", f"Held-out **{metrics['rows']['split']}** split of the corpus ({metrics['rows']['n']} rows: labelled rows and bad rows of pairs; never used for fitting or tuning)"),
        ("blind", f"The **blind** set (corpus/blind: {metrics.get('blind', {}).get('n', 0)} rows written after the rules, by a writer who saw neither the rules, the models nor the rest of the corpus; nothing was tuned on it)"),
        ("projects", f"Corpus projects ({metrics['projects']['n']} projects, never used to train a model): a kind is predicted when any finding of it concerns the project"),
        ("seed", "The real seed declaration (73 rows labelled by hand in corpus/seed_labels.csv), scored whole"),
    ]
    for key, title in blocks:
        if key not in metrics:
            continue
        lines += [f"## {title}", "", "| kind | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for k, m in metrics[key]["kinds"].items():
            lines.append(f"| {k} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |")
        lines.append("")
    lines += [
        "## Notes",
        "",
        "- Blind set, not_quantified: its writer labelled 22 placeholder values (`≥**个`, `★★★`) both echo and",
        "  not_quantified; the guideline (and 128 of 129 placeholder rows of the corpus) counts them as echo",
        "  only. Without those 22 rows the blind not_quantified figures are precision 0.989, recall 0.989",
        "  (87 rows).",
        "- Seed, category_mismatch: the two labelled rows are 科技工作者受益率 under 数量指标 (an outcome rate)",
        "  and a meeting count repeated under 质量指标, which DUP003 reports as one measure under two",
        "  categories rather than as a misfiled row.",
        "- Projects, misaligned: the goal-commitment rule (ALN002) finds commitments with a number",
        "  (3.6万人, 42所) and misses those without one (淘汰超年限设备); see the notes of issue 4.",
        "",
    ]
    return "\n".join(lines)
