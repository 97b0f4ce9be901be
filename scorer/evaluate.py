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
import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from scorer.categories import LEVEL2_TO_LEVEL1
from scorer.corpus import PROJECT_KINDS, ROW_KINDS, load
from scorer.engine import Models
from scorer.evalsets import (EARLIER_HOLDOUT, EXCERPTS, EXTERNAL, HOLDOUT, NOT_SEEN_IN_EXCERPTS, PRECISION_TARGET,
                             PROVENANCE, SET_ORDER, SEVERITY_SETS, SPENT)
from scorer.lexicon.dates import YEAR
from scorer.io.base import finish
from scorer.learn.split import read_splits
from scorer.learn.train import confusion, prf_of_counts
from scorer.model import Declaration, Funds, Indicator, Project


DEFAULT_YEAR = 2025
_NAME_YEAR = re.compile(rf"({YEAR})\s*年")


def year_of(record: dict, text: str = "") -> int:
    """The budget year of a labelled row or project: its ``year`` field, else a year written in
    ``text`` (the project's name: 2023年…项目), else 2025 (the corpus' year). External sets
    come from declarations of several years; a deadline is judged against its own year."""
    raw = str(record.get("year") or "").strip()
    if raw.isdigit() and len(raw) == 4:
        return int(raw)
    m = _NAME_YEAR.search(text or "")
    return int(m.group(1)) if m else DEFAULT_YEAR


def _with_years(frame, years: list[int]):
    """The frame with each project's budget year (the frame has one row per indicator)."""
    frame = frame.copy()
    frame["year"] = [years[int(k)] for k in frame["project_index"]]
    return frame


def _row_declaration(rows: list[dict]) -> Declaration:
    projects = []
    for r in rows:
        p = Project(name=f"样例{r['id']}", department="评估", start="2025-01-01", end="2025-12-31")
        p.indicators.append(Indicator(name=r["name"], value=r["value"], level1=r["level1"], level2=r["level2"]))
        projects.append(p)
    return finish(Declaration(source="corpus", projects=projects, year=DEFAULT_YEAR))


def _funds(raw) -> Decimal | None:
    try:
        return Decimal(str(raw).replace(",", "")) if raw not in (None, "") else None
    except ArithmeticError:
        return None


def _project_declaration(projects: list[dict]) -> Declaration:
    out = []
    for pr in projects:
        p = Project(name=pr.get("name", ""), department=pr.get("department", ""), goal=pr.get("goal", ""),
                    start="2025-01-01", end="2025-12-31", funds=Funds(total=_funds(pr.get("funds_total"))))  # fmt: skip
        for ind in pr.get("indicators", []):
            level2 = ind.get("level2", "")
            level1 = ind.get("level1") or LEVEL2_TO_LEVEL1.get(level2, "")
            p.indicators.append(Indicator(name=ind.get("name", ""), value=ind.get("value", ""), level1=level1, level2=level2))
        out.append(p)
    return finish(Declaration(source="corpus-projects", projects=out, year=DEFAULT_YEAR))


def _row_flags(result, *, hints: bool = True) -> list[set[str]]:
    """The kinds found on each row; with ``hints=False`` only those of findings reported as
    warnings or errors, what a reviewer is told is a defect (a hint, severity info, is advice)."""
    flags: list[set[str]] = [set() for _ in range(len(result.frame))]
    for f in result.findings:
        if f.scope == "indicator" and (hints or f.severity != "info"):
            for r in f.rows:
                flags[r].add(f.kind)
    return flags


# A qualitative value where a measure is expected, whichever of the two kinds a labeller gave it: the
# blind writers give such a row one of them (有效提升 → vague, 符合要求 → not_quantified) where the
# guideline gives both (C6, C9), so the union shows what the per-kind figures of those sets hide.
# Shown beside the kinds; not a target.
QUALITATIVE = "vague∪not_quantified"


def _table(truth: list[set[str]], pred: list[set[str]], kinds) -> dict:
    """Precision, recall and support of each kind, with the counts (tp, fp) that pooling sets needs;
    for the row kinds also of :data:`QUALITATIVE`."""
    out = {}
    for k in kinds:
        tp, fp, fn = confusion([k in x for x in truth], [k in x for x in pred])
        out[k] = {**prf_of_counts(tp, fp, fn), "tp": tp, "fp": fp}
    if "vague" in kinds and "not_quantified" in kinds:
        both = {"vague", "not_quantified"}
        tp, fp, fn = confusion([bool(both & x) for x in truth], [bool(both & x) for x in pred])
        out[QUALITATIVE] = {**prf_of_counts(tp, fp, fn), "tp": tp, "fp": fp}
    return out


def pooled_kinds(blocks: list[dict], table: str = "kinds") -> dict:
    """One kind table summed over several sets' tables (``kinds`` or ``reported``)."""
    out = {}
    for k in dict.fromkeys(k for b in blocks for k in b.get(table, {})):  # in the sets' order of kinds
        ms = [b[table][k] for b in blocks if k in b.get(table, {})]
        tp, fp, support = sum(m["tp"] for m in ms), sum(m["fp"] for m in ms), sum(m["support"] for m in ms)
        out[k] = {**prf_of_counts(tp, fp, support - tp), "tp": tp, "fp": fp}
    return out


def _precision(fired: dict[str, list[bool]]) -> dict[str, dict]:
    """``{code: [correct?, …]}`` → ``{code: {precision, fired, correct}}``."""
    out = {}
    for code in sorted(fired):
        hits = fired[code]
        out[code] = {"precision": round(sum(hits) / len(hits), 3), "fired": len(hits), "correct": sum(hits)}
    return out


def row_rule_precision(result, truth: list[set[str]], kinds=ROW_KINDS) -> dict[str, dict]:
    """Each indicator rule's own precision: of the rows it fired on, the share labelled with its kind.

    A rule that fires twice on one row counts once; rules of kinds the set does not label
    (incomplete, project kinds on one-row projects) are left out."""
    fired: dict[tuple[str, int], bool] = {}
    for f in result.findings:
        if f.scope != "indicator" or f.kind not in kinds:
            continue
        for r in f.rows:
            fired[(f.code, r)] = f.kind in truth[r]
    per: dict[str, list[bool]] = defaultdict(list)
    for (code, _), ok in fired.items():
        per[code].append(ok)
    return _precision(per)


def read_labelled(path: Path) -> list[dict]:
    """Rows of a labelled CSV (id, field, level1, level2, name, value, kinds, true_level2, note[, source_url])."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    missing = {"id", "level1", "level2", "name", "value", "kinds"} - set(rows[0] if rows else {})
    if rows and missing:
        raise ValueError(f"{path}: missing columns {', '.join(sorted(missing))}")
    out = []
    for r in rows:
        r = {k: (v or "") for k, v in r.items() if k is not None}
        level1 = r["level1"] or LEVEL2_TO_LEVEL1.get(r["level2"], "")
        out.append({**r, "level1": level1, "kinds": [k for k in r["kinds"].split(";") if k.strip()]})
    return out


def read_projects(path: Path) -> list[dict]:
    """Projects of a JSON-lines file in the corpus/projects format (blank lines skipped)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                project = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from None
            defects = project.get("defects") or []
            if not isinstance(defects, list) or not all(isinstance(d, dict) and "kind" in d for d in defects):
                raise ValueError(f"{path}:{n}: defects must be a list of objects with a kind ({{\"kind\": \"duplicate\", …}})")
            out.append(project)
    return out


def rows_block(rows: list[dict], models: Models) -> dict:
    """Per-kind and per-rule figures of labelled rows, each scored as a one-indicator project."""
    from scorer.api import score_frame

    frame = _with_years(_row_declaration(rows).to_frame(), [year_of(r) for r in rows])
    result = score_frame(frame, models=models)
    truth = [set(r["kinds"]) for r in rows]
    return {"n": len(rows), "kinds": _table(truth, _row_flags(result), ROW_KINDS),
            "reported": _table(truth, _row_flags(result, hints=False), ROW_KINDS),
            "rules": row_rule_precision(result, truth)}  # fmt: skip


def projects_block(projects: list[dict], models: Models) -> dict:
    """Per-kind and per-rule figures of whole projects: a kind is predicted for a project when
    any finding of that kind concerns it."""
    from scorer.api import score_frame

    frame = _with_years(_project_declaration(projects).to_frame(), [year_of(pr, pr.get("name", "")) for pr in projects])
    presult = score_frame(frame, models=models)
    # project_key is (file, project_index): the index of the project in ``projects``, so a
    # project without indicators (no row in the frame) shifts nothing
    index = {k: int(k[1]) for k in dict.fromkeys(presult.frame["project_key"])}
    truth = [{d["kind"] for d in pr.get("defects", [])} for pr in projects]
    # A copy-paste cluster has two sides: the project a copy was taken from is part of the
    # duplicated set too, though the corpus records `copy_of` on the copy only.
    copied = {d.get("copy_of") for pr in projects for d in pr.get("defects", []) if d.get("copy_of")}
    for k, pr in enumerate(projects):
        if pr.get("id") in copied:
            truth[k].add("duplicate")
    predicted: dict[int, set[str]] = defaultdict(set)
    fired: dict[tuple[str, int], bool] = {}
    for f in presult.findings:
        if f.kind in PROJECT_KINDS:
            touched = {f.project_key} if f.project_key is not None else set()
            touched |= {presult.frame.at[r, "project_key"] for r in f.rows}
            for key in touched:
                predicted[index[key]].add(f.kind)
                fired[(f.code, index[key])] = f.kind in truth[index[key]]
    per: dict[str, list[bool]] = defaultdict(list)
    for (code, _), ok in fired.items():
        per[code].append(ok)
    return {"n": len(projects), "kinds": _table(truth, [predicted[k] for k in range(len(projects))], PROJECT_KINDS),
            "rules": _precision(per)}  # fmt: skip


def external_block(folder: Path, models: Models) -> dict | None:
    out: dict = {}
    if (folder / "labelled.csv").exists():
        out["rows"] = rows_block(read_labelled(folder / "labelled.csv"), models)
    if (folder / "projects.jsonl").exists():
        out["projects"] = projects_block(read_projects(folder / "projects.jsonl"), models)
    return out or None


def evaluate(corpus: Path, *, models: Models | None = None, split: str = "test", seed_file: Path | None = None,
             holdout: bool = True) -> dict:
    """Figures per defect kind and per rule code.

    ``split`` is test (the corpus split, with the corpus projects, the blind set, the seed and
    any external set present), dev (the dev split and the corpus projects only: for tuning, so
    no held-out set is read), or one external set's name (that set alone). ``holdout=False``
    leaves the HOLDOUT sets unread: the run that re-measures severities before the final reading."""
    models = Models.load() if models is None else models
    if split in EXTERNAL:
        block = external_block(corpus / split, models)
        if block is None:
            raise ValueError(f"{corpus / split}: no labelled.csv or projects.jsonl")
        return {split: block}
    c = load(corpus)
    splits = read_splits(corpus / "splits.csv")
    rows = [r for r in c.labelled if splits.get(r["id"]) == split]
    rows += [{**p, "kinds": [k for k in p["kinds"]]} for p in c.pairs if splits.get(p["id"]) == split]
    out = {"rows": {**rows_block(rows, models), "split": split}}
    out["projects"] = projects_block(c.projects, models)

    if split == "dev":  # tuning: the held-out sets stay unread
        return out
    blind = corpus / "blind" / "labelled.csv"
    if blind.exists():
        brows = read_labelled(blind)
        out["blind"] = rows_block(brows, models)
    for name in EXTERNAL:
        if name in HOLDOUT and not holdout:
            continue
        block = external_block(corpus / name, models)
        if block is not None:
            out[name] = block

    labels = corpus / "seed_labels.csv"
    if seed_file and Path(seed_file).exists() and labels.exists():
        from scorer.api import score_frame
        from scorer.io import read

        sresult = score_frame(read(seed_file).to_frame(), models=models)
        with labels.open(encoding="utf-8", newline="") as fh:
            seed_truth = [{k for k in r["kinds"].split(";") if k} for r in csv.DictReader(fh)]
        out["seed"] = {"n": len(seed_truth), "kinds": _table(seed_truth, _row_flags(sresult), ROW_KINDS),
                       "reported": _table(seed_truth, _row_flags(sresult, hints=False), ROW_KINDS),
                       "rules": row_rule_precision(sresult, seed_truth)}  # fmt: skip
    return out




def rule_precision(metrics: dict) -> dict[str, dict[str, dict]]:
    """``{code: {set: {precision, fired, correct}}}`` over every set of ``metrics``, plus two pools
    (fired and correct summed): ``pooled``, the :data:`SEVERITY_SETS` (it decides severities),
    ``holdout``, the :data:`HOLDOUT` sets (read once at the end; it decides nothing), and
    ``holdout-1203``, the :data:`EARLIER_HOLDOUT` sets (read once on 2026-12-03; nothing taken from them)."""
    per_set: dict[str, dict] = {}
    if "rows" in metrics:
        per_set[metrics["rows"].get("split", "test")] = metrics["rows"].get("rules", {})
    for name in ("projects", "seed", "blind"):
        if name in metrics:
            per_set[name] = metrics[name].get("rules", {})
    for name in EXTERNAL:
        if name in metrics:
            merged: dict = {}
            for part in ("rows", "projects"):
                merged.update(metrics[name].get(part, {}).get("rules", {}))
            per_set[name] = merged
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    for name, rules in per_set.items():
        for code, m in rules.items():
            out[code][name] = m
    from scorer.checks.registry import all_checks

    checks = all_checks()
    for code, sets in out.items():
        kind = checks[code].spec.kind if code in checks else ""
        for pool, members in (("pooled", SEVERITY_SETS), ("holdout", HOLDOUT), ("holdout-1203", EARLIER_HOLDOUT)):
            names = [n for n in members if n in sets and not (kind in NOT_SEEN_IN_EXCERPTS and n in EXCERPTS)]
            if names:
                fired, correct = sum(sets[n]["fired"] for n in names), sum(sets[n]["correct"] for n in names)
                sets[pool] = {"precision": round(correct / fired, 3) if fired else 0.0, "fired": fired,
                              "correct": correct, "sets": names}  # fmt: skip
    return dict(sorted(out.items()))


def write_rule_precision(path: Path, metrics: dict, commit: str, date: str) -> None:
    """The per-rule precision file that `scorer rules` and docs/rules.md show."""
    doc = {
        "measured": date,
        "commit": commit,
        "command": "scorer evaluate --seed-file ../shared/seeds/000_34e9557d271db673.txt",
        "sets": {name: metrics[name]["n"] if "n" in metrics.get(name, {}) else None
                 for name in ("projects", "seed", "blind") if name in metrics},  # fmt: skip
        "pooled_sets": [n for n in SEVERITY_SETS if n in metrics],
        "holdout_sets": [n for n in HOLDOUT if n in metrics],
        "earlier_holdout_sets": [n for n in EARLIER_HOLDOUT if n in metrics],
        "rules": rule_precision(metrics),
    }
    if "rows" in metrics:
        doc["sets"][metrics["rows"].get("split", "test")] = metrics["rows"]["n"]
    for name in EXTERNAL:
        if name in metrics:
            doc["sets"][name] = {part: metrics[name][part]["n"] for part in ("rows", "projects") if part in metrics[name]}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _row_sets(metrics: dict) -> list[tuple[str, dict]]:
    """(label, block) of every row-labelled set present, in the order of the side-by-side tables."""
    out = []
    if "rows" in metrics:
        out.append((metrics["rows"].get("split", "test"), metrics["rows"]))
    if "blind" in metrics:
        out.append(("blind", metrics["blind"]))
    for name in EXTERNAL:
        if "rows" in metrics.get(name, {}):
            out.append((name, metrics[name]["rows"]))
    out += _pools(metrics, "rows")
    if "seed" in metrics:
        out.append(("seed", metrics["seed"]))
    return out


def _pools(metrics: dict, part: str) -> list[tuple[str, dict]]:
    """The pooled columns of the side-by-side tables: the published sets of the earlier holdout
    together, the earlier holdout together (``holdout-1203``) and every HOLDOUT set together
    (``holdout``), each shown only when it pools more than one set."""
    suffix = "" if part == "rows" else " projects"
    out = []
    published = tuple(n for n in EARLIER_HOLDOUT if n in EXCERPTS)  # the published sets: real3, real4
    for label, names in (("+".join(published), published), ("holdout-1203", EARLIER_HOLDOUT), ("holdout", HOLDOUT)):
        blocks = [metrics[n][part] for n in names if part in metrics.get(n, {})]
        if len(blocks) > 1:
            pooled = {"n": sum(b["n"] for b in blocks), "kinds": pooled_kinds(blocks)}
            if all("reported" in b for b in blocks):
                pooled["reported"] = pooled_kinds(blocks, "reported")
            out.append((label + suffix, pooled))
    return out


def _project_sets(metrics: dict) -> list[tuple[str, dict]]:
    out = [("projects", metrics["projects"])] if "projects" in metrics else []
    for name in EXTERNAL:
        if "projects" in metrics.get(name, {}):
            out.append((f"{name} projects", metrics[name]["projects"]))
    out += _pools(metrics, "projects")
    return out


def _pr(m: dict | None) -> str:
    return "–" if not m else f"{m['precision']:.3f} / {m['recall']:.3f} ({m['support']})"


def _cell(m: dict | None) -> str:
    return "" if not m else f"{m['precision']:.2f} ({m['correct']}/{m['fired']})"


def _missed_targets(metrics: dict) -> list[str]:
    """Plain sentences naming every kind whose precision on a set is below the issue-14 target."""
    missed = [f"{label} {kind} {m['precision']:.3f} (target {PRECISION_TARGET[kind]:.2f})"
              for label, b in [*_row_sets(metrics), *_project_sets(metrics)]
              for kind, m in b["kinds"].items() if kind in PRECISION_TARGET and m["support"]
              and m["precision"] < PRECISION_TARGET[kind]]  # fmt: skip
    if not missed:
        return ["**Targets.** Every kind reaches its precision target on every set shown."]
    return ["**Targets missed.** Precision below the issue-14 target: " + "; ".join(missed) + ". These are the figures",
            "the checks score; label drift (notes below) explains part of them, and no figure is corrected for it."]


def _shown_severity(spec) -> str:
    """The severity a rule is reported with, and the declared one when measured precision demoted it."""
    from scorer.checks.measured import effective_severity

    now = effective_severity(spec)
    return now if now == spec.severity else f"{now} (declared {spec.severity})"


def markdown(metrics: dict, commit: str, date: str) -> str:
    from scorer.checks.registry import all_checks

    lines = [
        "# Evaluation of the checks (rules + models together)",
        "",
        f"Measured on {date} at commit {commit} with `scorer evaluate --seed-file ../shared/seeds/000_34e9557d271db673.txt"
        " -o docs/evaluation.md --rule-precision models/rule_precision.json`.",
        "",
        "Targets (issue 14), on the new published set and the new blind set, measured once after the work: precision",
        "≥ 0.90 and recall ≥ 0.85 for vague, not_quantified, implausible, echo and generic; precision ≥ 0.85 for",
        "duplicate, unit_mismatch, category_mismatch and misaligned; every rule's own precision published (table",
        "below, and in `scorer rules` / docs/rules.md from models/rule_precision.json).",
        "",
        "**Read the sources of these figures.** The trained models never saw any set below. The *rules* are another",
        "matter; each set is one of three kinds:",
        "",
        f"- **holdout** ({', '.join(HOLDOUT)}, pooled as `holdout`): landed unread on the evening of 2026-12-06 and",
        "  read once, after that day's work, for this report. No rule, threshold or severity was taken from it",
        "  (severities come from the pool below, measured before it was read). Its column is the figure on text no",
        "  rule was fitted to. blind8 is text written by a helper session of this project, not a real declaration;",
        "  blind7, the first holdout of that day, was read once that afternoon and nothing was changed on its rows",
        "  since. The real published sets are real, real2, real3, real4 and real5 (outside labelled sets have shown",
        "  lower precision than ours).",
        f"- **holdout of 2026-12-03** ({', '.join(EARLIER_HOLDOUT)}, pooled as `holdout-1203`, and `real3+real4`): read",
        "  once on 2026-12-03 after that day's rule work; nothing was taken from them since. Text no rule was fitted",
        "  to, but read before the work of 2026-12-04.",
        f"- **pooled** ({', '.join(SEVERITY_SETS)}): read before; their pooled precision decides which rules are hints.",
        f"  {', '.join(SPENT)} are **spent**: the rule fixes of 2026-12-02 (commit a9065aa) were developed on real and",
        "  real2, those of 2026-12-04 on blind4 (and the evening's row-label fix on real2), CAT002's widening after",
        "  the reading of blind6 and real5 (the holdout of the evening of 2026-12-04), and the value and suggestion",
        "  fixes of 2026-12-06 on blind6's rows, so their figures are development figures.",
        "  blind decided three changes after its first reading (GEN002 and VAG004 hints, a VAG003 fix); blind2 none;",
        "  blind5, the holdout of the morning of 2026-12-04, none (it joined the pool after).",
        "- **built with** (test, projects, seed): written or read by the rule authors; agreement with our own",
        "  conventions, not quality on new text.",
        "",
        *_missed_targets(metrics),
        "",
        "## What was read when",
        "",
        "| set | rows / projects | what it is, and when it was read |",
        "|---|---|---|",
    ]
    sizes = {label: str(b["n"]) for label, b in _row_sets(metrics)}
    for label, b in _project_sets(metrics):
        key = label.split()[0]
        sizes[key] = (sizes[key] + " / " if key in sizes else "") + f"{b['n']} projects"
    for key in SET_ORDER:
        if key in sizes:
            lines.append(f"| {key} | {sizes[key]} | {PROVENANCE.get(key, '')} |")
    rsets = _row_sets(metrics)
    lines += ["", "## Row kinds, all sets side by side", "",
              "Each cell: precision / recall (support). A row is predicted to have a kind when any finding of that kind is on it "
              "(hints included).", "",
              "| kind | " + " | ".join(label for label, _ in rsets) + " |",
              "|---|" + "---|" * len(rsets)]  # fmt: skip
    for k in (*ROW_KINDS, QUALITATIVE):
        lines.append(f"| {k} | " + " | ".join(_pr(b["kinds"].get(k)) for _, b in rsets) + " |")
    lines += ["", f"`{QUALITATIVE}`: a row labelled with either kind, predicted when a finding of either kind is on it — the",
              "blind writers give a qualitative value one of the two where the guideline gives both (notes); shown for that",
              "reading, not a target.",
              "", "## Row kinds as a reviewer is told them (hints left out)", "",
              "The same rows, counting only findings reported as warnings or errors: a rule whose measured precision was",
              "too low is shown as a hint (severity info) and is left out here. The demotions were decided on the",
              "`pooled` sets (models/rule_precision.json, re-measured before the holdout sets were read), so on the",
              "holdout sets this table measures the demotion policy on new text; on the pooled sets it does not.", "",
              "| kind | " + " | ".join(label for label, _ in rsets) + " |",
              "|---|" + "---|" * len(rsets)]  # fmt: skip
    for k in ROW_KINDS:
        lines.append(f"| {k} | " + " | ".join(_pr(b.get("reported", {}).get(k)) for _, b in rsets) + " |")
    psets = _project_sets(metrics)
    if psets:
        lines += ["", "## Project kinds", "", "| kind | " + " | ".join(label for label, _ in psets) + " |",
                  "|---|" + "---|" * len(psets)]  # fmt: skip
        for k in PROJECT_KINDS:
            lines.append(f"| {k} | " + " | ".join(_pr(b["kinds"].get(k)) for _, b in psets) + " |")
    table = rule_precision(metrics)
    cols = [c for c in ("test", "projects", "seed", *SEVERITY_SETS, "pooled", *EARLIER_HOLDOUT, "holdout-1203", *HOLDOUT,
                        "holdout")
            if any(c in v for v in table.values())]  # fmt: skip
    checks = all_checks()
    lines += ["", "## Each rule's own precision", "",
              "Each cell: precision (correct/fired) — of the rows (or projects) a rule fired on, the share labelled with its",
              f"kind. `pooled` pools {', '.join(SEVERITY_SETS)}; `holdout` pools {', '.join(HOLDOUT)}, `holdout-1203` "
              f"{', '.join(EARLIER_HOLDOUT)} (for the completeness",
              f"rules CMP, neither pools {', '.join(EXCERPTS)}: the published tables are page excerpts whose missing",
              "categories cannot be seen). A rule below 0.90 on the pooled sets (at least 5 firings) is reported as a hint",
              "(severity info) until it reaches 0.90, and costs the score its declared penalty times its precision",
              "(scorer/checks/measured.py); the holdout figure is shown beside it and decides nothing.", "",
              "| code | kind | severity | " + " | ".join(cols) + " |", "|---|---|---|" + "---|" * len(cols)]  # fmt: skip
    for code, sets in table.items():
        spec = checks[code].spec if code in checks else None
        lines.append(f"| {code} | {spec.kind if spec else ''} | {_shown_severity(spec) if spec else ''} | "
                     + " | ".join(_cell(sets.get(c)) for c in cols) + " |")  # fmt: skip
    lines += [
        "",
        "## Notes",
        "",
        "- **Holdout reading (2026-12-06, evening).** blind8 was landed unread and read once, by the run of commit",
        "  bcdcb65, after the afternoon's suggestion fixes (developed on blind7's judged sample; they change no",
        "  finding) and after the severities were re-measured without it (none changed). blind8 was written row by",
        "  row (blind7 by a writer who called it formulaic), and it reads lower: implausible 0.903 / 0.933, echo",
        "  0.913 / 0.875, generic 0.810 / 0.708, unit_mismatch precision 0.667, category_mismatch 0.750 / 0.500,",
        "  vague precision 0.632, not_quantified 0.276; projects duplicate 1.000 / 0.167, misaligned 0.600 / 0.857.",
        "  What it showed: 12 unit false positives were correct professional units the unit table lacked (mg/L, L/s,",
        "  m, 羽, 航次, 画幅, dpi, 元/生·年) and rates per population (≤220/10万, which the value reader could not",
        "  read, so QNT001 fired too); 12 category misses were counts of what was done under a benefit category",
        "  whose names end in a count word (公益讲座场次 48场, 档案修复页数 2000页), which CAT006 did not read;",
        "  IMP002 fired on a completion reached by a date (…前达到100%).",
        "- **After the evening's reading** (not in the figures above, which are those of the reading): the unit table",
        "  gained those units, the value reader reads /10万 as a rate per population, CAT006 reads a name ending in",
        "  a count word, and IMP002 leaves 达到100% by a date alone. Re-run on every set, nothing fell; what rose:",
        "  unit_mismatch precision blind8 0.667 → 0.923, blind7 0.931 → 1.000, blind3 0.902 → 0.925, holdout-1203",
        "  0.929 → 0.945; category_mismatch recall blind8 0.500 → 0.750, blind5 0.606 → 0.667, blind3 0.800 → 0.829",
        "  (precision up on each); implausible precision blind8 0.903 → 0.933, blind6 0.938 → 0.968. blind8 is spent",
        "  by this; its figures above stay those of its one reading.",
        "- **Holdout reading (2026-12-06, afternoon).** blind7 was landed unread and read once, by the run of commit b014fac,",
        "  after the day's work (CAT002's words moved to the lexicon, no change of output; 千分之/万分之 read as rates,",
        "  developed on blind6; suggestion fixes, which change no finding) and after the severities were re-measured",
        "  without it (no severity changed). The figures above are those of that reading (this file was regenerated",
        "  once afterwards, with only these notes changed). What it shows; nothing was changed because of it:",
        "  - Met on blind7: implausible 0.971 / 0.971, echo 1.000 / 1.000, category_mismatch precision 0.975 (recall",
        "    0.907), unit_mismatch precision 0.931 (recall 0.931), duplicate precision 1.000 (projects, recall 0.714).",
        "    Missed: vague precision 0.659, not_quantified precision 0.351, generic precision 0.794, misaligned 0.778",
        "    (projects; ALN001 7 of 7 right, ALN002 0 of 2).",
        "  - vague and not_quantified are the one-of-two reading a fourth time: 11 of VAG001's 15 false positives are",
        "    符合要求 / 达到预期 on a benefit row, which the writer calls not_quantified and the guideline (C9) both;",
        "    2 are 工作任务完成率 ≥95% (C8: vague and generic; the writer: generic), 2 echo rows (C6). The 48",
        "    not_quantified false positives are rows labelled vague (C6 gives both). The union reads 0.724 / 1.000.",
        "  - generic: 6 of GEN001's 7 false positives are the bare 群众满意度 / 公众满意度, generic by the guideline",
        "    (C5) and not by the writer; the 7th is a category name as the name (可持续影响 | 持续发挥作用).",
        "  - the remaining misses are single rows: a coefficient in % (灌区渠系水利用系数 0.62%), 户均增收 600% (unit,",
        "    called implausible), counts filed under a benefit category (救助困难群众人次, 建设儿童之家, 冷链库容), and",
        "    two correct units UNI005 rejects (≤2.5m/km for IRI, 元/断面·次).",
        "- **Holdout reading (2026-12-04, evening).** blind6 and real5 were landed unread and read once, by this run,",
        "  after the evening's work (a row-label fix in the unit checks, developed on real2; bounded batch memory, which",
        "  changes no output) and after the severities were re-measured without them (blind5 joined the pool; no",
        "  severity changed). What they show, read once for this note; nothing was changed because of them:",
        "  - Met on the pooled holdout: echo 1.000 / 0.861, the precision of unit_mismatch (1.000, recall 0.897) and",
        "    category_mismatch (0.972), generic recall (0.903), implausible precision (0.944). Missed: vague precision",
        "    0.631, not_quantified precision 0.375, implausible recall 0.723, generic precision 0.848; on projects",
        "    duplicate 0.750 and misaligned 0.438 (ALN001 7 of 8 right on blind6, 0 of 3 on real5's excerpts; ALN002",
        "    0 of 5).",
        "  - vague and not_quantified: the blind writer's one-of-two reading again. Of VAG001's blind6 false",
        "    positives (22 rows), 10 are labelled echo and 10 not_quantified; of not_quantified's 60, 34 are labelled",
        "    vague and 17 echo. On real5, whose labeller follows the guideline, not_quantified is 1.000 / 0.917 and",
        "    vague 0.778 / 0.875 (8 rows). The union (vague∪not_quantified) reads 0.686 / 0.908 on blind6.",
        "  - implausible recall: 12 of blind6's 13 misses are cost ceilings far too low to buy what they name (≤15万元",
        "    for a standard 400 m track, ≤2元 a film showing, ≤3万元 a kilometre of road). scorer has no table of what",
        "    things cost, so no rule sees them; the writer was asked for such rows.",
        "  - real5 (9 published tables): its 5 category misses are budget-execution rates filed as quality or",
        "    benefit (资金足额拨付率, 地方配套到位率, 结余率) in words CAT002 does not hold; its 3 generic rows",
        "    (足额保障率, 按时发放率, 科目调整次数) are missed. Two of its nine tables are one-row fragments.",
        "- **After the evening's holdout reading** (not in the figures above, which are those of the reading): CAT002 was",
        "  widened from a word list to the rate at which money arrives, is paid out or spent however it is worded",
        "  (预算资金当年下达率, 业务工作支出到位率), developed on the spent real rows of that class (real category_mismatch",
        "  recall 0.273 → 0.409, precision 0.857 → 0.900; no other pooled set moved; dev unchanged). real5's misses",
        "  showed the same class, so a re-run's real5 category figure would not be an unseen one; the holdout was not re-read.",
        "- **Holdout reading (2026-12-04, morning).** blind5 was read once, by that run (commit 8f2bf72), after the rule round developed on blind4",
        "  (rulefix3: eight fixes) and the suggestion round developed on the fifth judged sample, and after the",
        "  severities were re-measured without it (blind4 joined the pool that decides them: ECH002 and VAG002 became",
        "  hints). What it shows, read once for this note; nothing was changed because of it:",
        "  - Met on blind5 then: implausible 0.978 / 0.957, echo 1.000 / 0.969 and generic 0.914 / 0.914 (precision and",
        "    recall), and the precision of unit_mismatch (0.962), category_mismatch (0.909) and duplicate (projects,",
        "    1.000). Missed: vague precision 0.672, not_quantified precision 0.371, misaligned (projects) 0.556.",
        "  - The vague and not_quantified misses are the labelling convention again, from a third blind writer: a",
        "    qualitative value is labelled vague *or* not_quantified (15 of vague's 20 false positives are rows",
        "    labelled not_quantified only — 符合要求, 达到预期, 健全; of not_quantified's 56 false positives, 41 are rows",
        "    labelled vague and 12 echo only), where the guideline gives such a value both. Taken as one kind (a qualitative value",
        "    where a measure is expected: vague ∪ not_quantified), blind5 reads 0.822 / 0.987 (blind4 0.750 / 0.971,",
        "    blind3 0.761 / 0.967), computed from the same run's findings; that pooled figure is shown for the reading,",
        "    it is not a target.",
        "  - Against the earlier holdout the same code reads higher on generic (blind5 0.914 / 0.914; real3+real4",
        "    0.500 / 0.200): the published tables word their boilerplate differently from any blind writer.",
        "- **Holdout reading (2026-12-03).** real3, blind3 and real4 were read once, by this run, after the last rule",
        "  change (rulefix2) and after the severities were re-measured without them (`scorer evaluate --without-holdout`).",
        "  What it shows, read once for this note; nothing was changed because of it:",
        "  - Both blind writers, independent of each other and of the guideline, label a qualitative value (有效提升,",
        "    良好) vague only, where the guideline — and the published-set labellers, who follow it — label it vague and",
        "    not_quantified. So QNT001 is 0.27 on blind3 (0.16 on blind2) but 1.00 and 0.82 on real3 and real4, and",
        "    TIM001 (a time row without a date) 0.00 on both blind sets but 1.00 on both published ones. Whether such a",
        "    row carries one defect or two is a labelling convention, not something more text will settle; the",
        "    not_quantified and holdout columns mostly measure it.",
        "  - Misaligned is not found by word overlap: ALN001 5 of 21 and ALN002 0 of 10 on the holdout; both stay hints.",
        "  - Generic is missed on published rows (real3+real4 recall 0.20): their wording differs from the corpus'.",
        "  - The reported table shows what the demotion policy costs: with VAG001, QNT001 and GEN001 below 0.90 on the",
        "    pooled sets, almost no vague, not_quantified or generic row reaches a reviewer as a warning (reported",
        "    recall ≤ 0.08 on every set); they are shown as hints, and charged to the score at declared penalty ×",
        "    precision.",
        "- First reading of corpus/real and corpus/blind2 (2026-12-02, commit 376c7f4). Afterwards eleven rule fixes",
        "  were developed on real and real2 (commit a9065aa: ECH007 hints, UNI004 bracket units, date spans, GEN001's",
        "  second evidence, benefit-standard floors, narrower UNI009/UNI003/QNT001/ALN001…), which is why both are",
        "  spent. What the false positives of that first reading were: blind2's writer gives a vague row one kind (有效促进, 良好 → vague) where scorer's",
        "  guideline gives two (vague and not_quantified), so most of QNT001's blind2 misses (134 of 160) are vague",
        "  rows; real's tables are excerpts cut off by the page copies, so missing-category (CMP), misaligned (ALN)",
        "  and duplicate figures there judge partial projects; real names carry the form's template hints",
        "  (`(≥**%)`, `★`), which ECH007 reads as placeholders (35 of its 36 unseen misses). These explain part of",
        "  the low figures; they are not corrected for, and a rule fix taken from them would be tuned on these sets.",
        "- The blind set was labelled by the guideline of 2026-11-25, before the conventions table of",
        "  corpus/GUIDELINE.md (issue 14). Where they differ its labels follow the old reading: the bare",
        "  服务对象满意度 is echo there (generic now, GEN002), a degree-and-change value (显著提升) is echo there",
        "  (vague now), 各项任务完成率 is generic only (vague too now, VAG004). Those rows lower the blind",
        "  figures of echo recall, generic precision and vague precision; the blind file is not relabelled,",
        "  and no figure here re-reads it by the conventions table (that would score the rules against a",
        "  relabelling; `python -m scorer.learn.conventions --view corpus/blind/labelled.csv` lists the rows that differ).",
        "- The test split is never relabelled, so it keeps the old reading too: its six 各项工作完成率-style rows",
        "  are generic only (VAG004's six misses there) and 苗木质量 | 符合标准 is not vague (one VAG001 miss, C9).",
        "- Before issue 14 (commit b7a3ea8, docs of 2026-11-26), with the same sets: test vague 0.916 / 0.933,",
        "  generic 0.987 / 0.892, category_mismatch 0.875 / 0.933; blind vague 0.974 / 1.000, echo 1.000 / 0.962,",
        "  generic 0.935 / 0.935, category_mismatch 0.889 / 0.960; projects misaligned 0.941 / 0.696. CAT100 now",
        "  needs a reason in the form of the row: category precision rose, recall fell (test 0.933 -> 0.778).",
        "- Blind set, not_quantified: its writer labelled 22 placeholder values (`≥**个`, `★★★`) both echo and",
        "  not_quantified; the guideline counts them as echo only.",
        "- Seed: two rows follow the conventions table (服务对象满意度 >80% generic, 有效促进 vague).",
        "- Projects, misaligned: the goal-commitment rule (ALN002) finds commitments with a number",
        "  and misses those without one; ALN001 no longer flags rows whose measure serves the funded activity.",
        "",
    ]
    return "\n".join(lines)
