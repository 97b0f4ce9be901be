"""Held-out evaluation of suggestions: recall@k of the intended rewrite on bad→good pairs.

    .venv/bin/python benchmarks/eval_suggestions.py                 # test split (the reported figures)
    .venv/bin/python benchmarks/eval_suggestions.py --split dev     # for tuning; never tune on test
    .venv/bin/python benchmarks/eval_suggestions.py --samples docs/suggestion_samples.md
    .venv/bin/python benchmarks/eval_suggestions.py --timing ../shared/seeds/000_34e9557d271db673.txt examples/

Queries are the bad rows of the pairs of one split (corpus/splits.csv). Each is scored by
scorer's checks as the only row of a project (budget year 2025, no goal), and its top-k
suggestions are compared with the pair's rewrites. The candidate pool is the *train* split
only (good rows and pair rewrites), so a held-out rewrite is never itself a candidate.

Matching rule (a suggestion "is" an intended rewrite):
* same measure — the coarse measure of the suggestion's example value and of the rewrite's
  value are equal (ratio / time / money / count / score / grade, scorer.suggest.measures), and
* same object — the two *objects* share their character pairs: bigram Jaccard ≥ 0.5, or at
  least two thirds of the shorter object's pairs occur in the longer one and the shorter
  object has three characters or more (a rewrite may add a qualifier of place or scope:
  苗木检疫 is the object of 调运造林苗木检疫合格率). An object is the name with the engine's
  boilerplate and measure words removed (scorer.checks.alignment.content_words: 满意度, 完成率,
  比例, 人数, 提升 …), or the whole name when nothing is left.
The strict rule compares the whole names instead (bigram Jaccard ≥ 0.5) with the same measure.

Methods, in one run on the same queries:
* tfidf      — baseline: the pool ranked by character 1–3-gram TF-IDF cosine (scorer.embed.evaluate);
* retrieval  — the hybrid BM25 + embedding ranking of scorer.suggest.retrieval;
* templates  — fixes and templates only (no retrieval), for reference;
* combined   — what scorer ships: fixes, then templates and retrieved rows alternately.
All four use the same category filter, adaptation (placeholders) and checks.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scorer.suggest.measures import measure_of  # noqa: E402
from scorer.suggest.retrieval import Hit, Index  # noqa: E402


# --------------------------------------------------------------------------- the matching rule


def bigrams(text: str) -> set[str]:
    from scorer.suggest.suggest import _norm

    s = _norm(text)
    return {s[i : i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def object_text(name: str) -> str:
    from scorer.lexicon.goals import content_words

    return "".join(content_words(name)) or name


def matches(name: str, value: str, rewrite: dict, strict: bool = False) -> bool:
    if measure_of(value) != measure_of(rewrite["value"]):
        return False
    if strict:
        return jaccard(bigrams(name), bigrams(rewrite["name"])) >= 0.5
    a, b = bigrams(object_text(name)), bigrams(object_text(rewrite["name"]))
    if jaccard(a, b) >= 0.5:
        return True
    shorter = min(a, b, key=len)
    return len(shorter) >= 2 and len(a & b) / len(shorter) >= 2 / 3


def same_object(a: str, b: str) -> bool:
    """The object half of the matching rule (measure ignored): is ``b`` about ``a``'s object?"""
    x, y = bigrams(object_text(a)), bigrams(object_text(b))
    if jaccard(x, y) >= 0.5:
        return True
    shorter = min(x, y, key=len)
    return len(shorter) >= 2 and len(x & y) / len(shorter) >= 2 / 3


def on_topic(pair: dict, name: str) -> bool:
    """A suggestion is on-topic for a pair when its object is the bad row's or a rewrite's."""
    return same_object(pair["name"], name) or any(same_object(rw["name"], name) for rw in pair["rewrites"])


def relevance(pairs: list[dict], got: list[list]) -> dict:
    """Proxy of the judged relevance on a split: the share of shown suggestions that are
    on-topic (:func:`on_topic`), by origin, of top suggestions, and the rows whose only
    retrieved suggestion is off-topic. It sees the object only, not the wording."""
    shown = [(p, c) for p, cands in zip(pairs, got) for c in cands]
    out = {"shown": len(shown), "on_topic": round(float(np.mean([on_topic(p, c.name) for p, c in shown])), 3) if shown else None}
    tops = [on_topic(p, cands[0].name) for p, cands in zip(pairs, got) if cands]
    out["top_on_topic"] = round(float(np.mean(tops)), 3) if tops else None
    for origin in ("fix", "template", "retrieved"):
        mine = [on_topic(p, c.name) for p, c in shown if c.origin == origin]
        out[origin] = f"{sum(mine)}/{len(mine)}"
    only = [[c for c in cands if c.origin == "retrieved"] for cands in got]
    out["only_retrieved_off_topic"] = sum(1 for p, r in zip(pairs, only) if len(r) == 1 and not on_topic(p, r[0].name))
    return out


def dump(path: Path, pairs: list[dict], got: list[list]) -> None:
    """Every query's suggestions, one line each, for reading a split (dev/train only)."""
    lines = ["id\tbad row\trewrite\trank\torigin\ton-topic\tsuggestion\tbasis\tsimilarity"]
    for p, cands in zip(pairs, got):
        rw = p["rewrites"][0]["name"] + " | " + p["rewrites"][0]["value"] if p["rewrites"] else ""
        for n, c in enumerate(cands or [None], start=1):
            if c is None:
                lines.append(f"{p['id']}\t{p['name']} | {p['value']}\t{rw}\t-\t-\t-\t-\t-\t-")
                continue
            sim = "" if c.similarity is None else f"{c.similarity:.2f}"
            lines.append(f"{p['id']}\t{p['name']} | {p['value']}\t{rw}\t{n}\t{c.origin}\t{int(on_topic(p, c.name))}\t"
                         f"{c.name} | {c.value}\t{c.basis}\t{sim}")  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- the baseline


class TfidfIndex(Index):
    """The same pool, ranked by character 1–3-gram TF-IDF cosine of the row text alone."""

    def __init__(self, docs, bm25_index: Index):
        from scorer.embed.evaluate import TfidfEncoder

        self.docs = docs
        self.bm25 = bm25_index.bm25
        self.embedder = None
        self.vectors = None
        self.level2 = bm25_index.level2
        self._masks = {}
        self.encoder = TfidfEncoder([d.text for d in docs])
        self.doc_vectors = self.encoder.encode([d.text for d in docs])

    def search(self, texts, goals, level2s, k=10, weights=None):
        from scorer.suggest.retrieval import base_words

        sims = self.encoder.encode(texts) @ self.doc_vectors.T
        out = []
        for i, text in enumerate(texts):
            score = np.where(self.allowed(level2s[i]), sims[i], -np.inf)
            order = np.argsort(-score, kind="stable")[:k]
            shared = list(base_words(text))
            out.append([Hit(int(d), float(score[d]), 0.0, float(score[d]), None, self.bm25.shared(shared, int(d))[:4])
                        for d in order if np.isfinite(score[d])])  # fmt: skip
        return out


# --------------------------------------------------------------------------- queries


def load_pairs(split: str) -> list[dict]:
    from scorer.corpus import load

    c = load(ROOT / "corpus")
    with (ROOT / "corpus" / "splits.csv").open(encoding="utf-8", newline="") as fh:
        splits = {r["id"]: r["split"] for r in csv.DictReader(fh)}
    return [p for p in c.pairs if splits.get(p["id"]) == split]


def pair_queries(pairs: list[dict], models):
    """Each bad row scored as the only row of a project; its Query with its findings."""
    from scorer.engine import check_frame
    from scorer.io.base import finish
    from scorer.model import Declaration, Indicator, Project
    from scorer.suggest.suggest import row_queries

    projects = []
    for p in pairs:
        proj = Project(name="", department="", start="2025-01-01", end="2025-12-31")
        proj.indicators = [Indicator(name=p["name"], value=p["value"], level1=p["level1"], level2=p["level2"])]
        projects.append(proj)
    frame = finish(Declaration(source="pairs", projects=projects, year=2025)).to_frame()
    ctx, findings = check_frame(frame, models=models)
    queries = row_queries(ctx.frame, findings, every_row=True)
    return [queries[i] for i in range(len(pairs))]


def evaluate(split: str = "test", k: int = 3, dump_to: Path | None = None) -> dict:
    from scorer.engine import Models
    from scorer.suggest.retrieval import corpus_docs, load_index
    from scorer.suggest.suggest import Suggester

    models = Models.load()
    index = load_index(ROOT / "corpus", ("train",), embedder=models.embedder)
    tfidf = TfidfIndex(corpus_docs(ROOT / "corpus", ("train",)), index)
    pairs = load_pairs(split)
    queries = pair_queries(pairs, models)
    methods = {
        "tfidf": Suggester(models, index=tfidf, k=k, order="retrieved"),
        "retrieval": Suggester(models, index=index, k=k, order="retrieved"),
        "templates": Suggester(models, index=index, k=k, order="templates"),
        "combined": Suggester(models, index=index, k=k),
    }
    out: dict = {"split": split, "k": k, "queries": len(pairs), "pool": len(index.docs), "methods": {}}
    # what any method could reach: a rewrite keeps the bad row's object (with some measure), or
    # some row of the pool matches a rewrite
    pool = [any(matches(d.name, d.value, rw) for d in index.docs for rw in p["rewrites"]) for p in pairs]
    kept = [any(matches(p["name"], rw["value"], rw) for rw in p["rewrites"]) for p in pairs]
    out["pool_ceiling"] = round(float(np.mean(pool)), 3)
    out["object_kept"] = round(float(np.mean(kept)), 3)
    out["ceiling"] = round(float(np.mean([a or b for a, b in zip(pool, kept)])), 3)
    per_query: dict[str, list] = {}
    for label, suggester in methods.items():
        started = time.perf_counter()
        got = suggester.for_queries(queries)
        seconds = time.perf_counter() - started
        hit = [any(matches(c.name, c.example, rw) for c in cands for rw in p["rewrites"]) for p, cands in zip(pairs, got)]
        strict = [any(matches(c.name, c.example, rw, strict=True) for c in cands for rw in p["rewrites"])
                  for p, cands in zip(pairs, got)]  # fmt: skip
        out["methods"][label] = {
            f"recall@{k}": round(float(np.mean(hit)), 3),
            f"recall@{k}_strict": round(float(np.mean(strict)), 3),
            "with_suggestion": round(float(np.mean([bool(c) for c in got])), 3),
            "mean_suggestions": round(float(np.mean([len(c) for c in got])), 2),
            "seconds": round(seconds, 2),
        }
        per_query[label] = got
    out["relevance"] = relevance(pairs, per_query["combined"])
    if dump_to is not None:
        if split == "test":
            raise SystemExit("--dump reads the suggestions of a split: dev only (never read test rows to tune)")
        dump(dump_to, pairs, per_query["combined"])
    out["by_kind"] = by_kind(pairs, per_query, k)
    return out


def by_kind(pairs, per_query, k):
    kinds = sorted({kind for p in pairs for kind in p["kinds"]})
    table = {}
    for kind in kinds:
        idx = [i for i, p in enumerate(pairs) if kind in p["kinds"]]
        table[kind] = {"pairs": len(idx)}
        for label, got in per_query.items():
            hits = [any(matches(c.name, c.example, rw) for c in got[i] for rw in pairs[i]["rewrites"]) for i in idx]
            table[kind][label] = round(float(np.mean(hits)), 2)
    return table


def markdown(res: dict) -> str:
    k = res["k"]
    lines = [
        f"Split **{res['split']}**: {res['queries']} bad→good pairs; candidate pool {res['pool']} train rows; "
        f"measured {date.today().isoformat()}.",
        "",
        f"| method | recall@{k} (object + measure) | recall@{k} (strict: whole name) | rows with a suggestion | "
        "suggestions per row | seconds |",
        "|---|---|---|---|---|---|",
    ]
    for label, m in res["methods"].items():
        lines.append(f"| {label} | {m[f'recall@{k}']} | {m[f'recall@{k}_strict']} | {m['with_suggestion']} | "
                     f"{m['mean_suggestions']} | {m['seconds']} |")  # fmt: skip
    lines += [
        "",
        f"Ceilings: a rewrite keeps the bad row's object {res['object_kept']}; some train row matches a rewrite "
        f"{res['pool_ceiling']}; either (the most any method without new objects can reach) {res['ceiling']}.",
        "",
    ]
    r = res.get("relevance")
    if r:
        lines += [
            f"On-topic (combined; object of the bad row or a rewrite, wording not judged): {r['on_topic']} of "
            f"{r['shown']} shown, top {r['top_on_topic']}; fix {r['fix']}, template {r['template']}, retrieved "
            f"{r['retrieved']}; rows whose only retrieved suggestion is off-topic: {r['only_retrieved_off_topic']}.",
            "",
        ]
    labels = list(res["methods"])
    lines += ["| defect kind | pairs | " + " | ".join(labels) + " |", "|---|---|" + "---|" * len(labels)]
    for kind, row in res["by_kind"].items():
        lines.append(f"| {kind} | {row['pairs']} | " + " | ".join(str(row[x]) for x in labels) + " |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- samples for people to read


def samples(path: Path, n: int = 40) -> None:
    """Flagged rows of the seed and of examples/ with their suggestions, as Markdown."""
    import scorer

    seed = ROOT.parent / "shared" / "seeds" / "000_34e9557d271db673.txt"
    sources = [(seed, "真实申报表（seed）")] if seed.exists() else []
    sources += [(p, "示例申报表（examples/）") for p in sorted((ROOT / "examples").iterdir()) if p.is_file()]
    rows, projects = [], []
    for src, label in sources:
        result = scorer.score(src)
        rows += [(label, src.name, rec) for rec in result.indicator_records() if rec["flags"]]
        projects += [(label, p) for p in result.projects]
    # every flagged row of our examples, the rest from the seed in document order
    examples = [r for r in rows if r[0].startswith("示例")][:n]
    chosen = [r for r in rows if not r[0].startswith("示例")][: n - len(examples)] + examples
    out = [
        "# 改写建议样例 / Suggestion samples",
        "",
        f"{len(chosen)} flagged rows of the real seed declaration and of our example declarations, with the "
        "suggestions `scorer score` puts in their `suggestions` field, then the suggested rows for missing "
        "categories of a few projects. Generated by "
        "`.venv/bin/python benchmarks/eval_suggestions.py --samples docs/suggestion_samples.md` "
        f"on {date.today().isoformat()}; do not edit by hand.",
        "",
        "【X】【Y】 are placeholders for the declarant; 示例 is the value with typical numbers filled in, which is "
        "what scorer's checks judged.",
        "",
    ]
    for n_row, (label, file, rec) in enumerate(chosen, start=1):
        codes = "、".join(dict.fromkeys(f["code"] for f in rec["findings"]))
        out += [f"## {n_row}. {rec['name']} | {rec['value']}", "",
                f"{label} `{file}` · 项目：{rec['project']} · {rec['level1']}/{rec['level2']} · 问题：{codes}", ""]  # fmt: skip
        out += _table(rec["suggestions"]) if rec["suggestions"] else ["没有通过规则的建议（不给凑数的建议）。", ""]
    out += ["## 缺少类别的建议 / Suggested rows for missing categories", ""]
    shown = 0
    for label, p in projects:
        for f in p["findings"]:
            if f.get("suggestions") and shown < 6:
                out += [f"### {p['project']}：{f['message']}", "", f"{label} · {f['code']}", ""]
                out += _table(f["suggestions"])
                shown += 1
    path.write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {path} ({len(chosen)} rows)", file=sys.stderr)


def timing(paths: list[Path]) -> dict:
    """Seconds of scorer.score() on ``paths`` without and with suggestions, in one process."""
    import statistics

    import scorer
    from scorer.engine import Models

    models = Models.load()

    def run(suggest: bool) -> float:
        started = time.perf_counter()
        scorer.score(paths, models=models, suggest=suggest)
        return time.perf_counter() - started

    run(False)  # reading, jieba and the checks warmed up
    first = run(True)  # builds the corpus index (once per process)
    later = {s: statistics.median(run(s) for _ in range(3)) for s in (False, True)}
    result = scorer.score(paths, models=models)
    return {
        "indicators": len(result.frame),
        "flagged": result.summary()["flagged_indicators"],
        "first_with_suggestions": round(first, 2),
        "without_suggestions": round(later[False], 2),
        "with_suggestions": round(later[True], 2),
    }


def _table(suggestions: list[dict]) -> list[str]:
    out = ["| # | 一级/二级指标 | 建议指标 | 指标值 | 示例 | 理由 | 依据 | 来源 |", "|---|---|---|---|---|---|---|---|"]
    for k, s in enumerate(suggestions, start=1):
        cells = [str(k), f"{s['level1']}/{s['level2']}", s["name"], s["value"], s["example"], s["reason"],
                 s.get("basis", ""), s["source"]]  # fmt: skip
        out.append("| " + " | ".join(c.replace("|", "｜") for c in cells) + " |")
    return out + [""]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="test", choices=["test", "dev"])
    ap.add_argument("-k", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    ap.add_argument("--samples", type=Path, default=None, help="write the suggestion samples (Markdown) and stop")
    ap.add_argument("--dump", type=Path, default=None, help="write every suggestion of the split as TSV (dev only)")
    ap.add_argument("--timing", nargs="+", type=Path, default=None, help="time scorer.score() on these inputs and stop")
    args = ap.parse_args(argv)
    if args.samples:
        samples(args.samples)
        return 0
    if args.timing:
        print(json.dumps(timing(args.timing), ensure_ascii=False))
        return 0
    res = evaluate(args.split, args.k, args.dump)
    if args.json:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    print(markdown(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
