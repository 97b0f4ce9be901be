"""Choose the embedding-similarity threshold of the relevance rule on the dev split.

    .venv/bin/python benchmarks/tune_relevance.py            # dev split only; never run on test or blind

For each bad row of the dev pairs (as the only row of a project, as benchmarks/eval_suggestions.py
builds them), the retrieval pool's best POOL corpus rows of the right category are labelled
*on-topic* when their object matches the bad row's object or one of the pair's rewrites' objects
(the object half of eval_suggestions' matching rule, measure ignored). For the rows that share
no content word with the bad row (scorer/suggest/relevance.py), the script prints how many are
on-topic above each cosine threshold; the threshold is the lowest one whose on-topic share is
at least 0.8 (the issue's bar for shown suggestions), or none. For the rows that do share a
content word it sweeps a cosine floor and takes the highest one that loses at most a tenth of
their on-topic rows.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> int:
    from eval_suggestions import load_pairs, pair_queries, same_object

    from scorer.engine import Models
    from scorer.suggest.relevance import content_words, coverage, judge, object_words
    from scorer.suggest.retrieval import load_index
    from scorer.suggest.suggest import POOL
    from scorer.suggest.templates import object_of

    models = Models.load()
    index = load_index(ROOT / "corpus", ("train",), embedder=models.embedder)
    pairs = load_pairs("dev")
    queries = pair_queries(pairs, models)
    texts = [object_of(q.name) or f"{q.name} {q.value}".strip() for q in queries]
    hits = index.search(texts, [q.goal for q in queries], [(q.target_level2,) if q.target_level2 else () for q in queries],
                        k=POOL)  # fmt: skip
    worded, unworded = [], []
    for p, text, row in zip(pairs, texts, hits):
        words = content_words(text)
        for h in row:
            doc = index.docs[h.doc]
            on = same_object(p["name"], doc.name) or any(same_object(rw["name"], doc.name) for rw in p["rewrites"])
            # words alone: the floor and the coverage are swept below
            v = judge(words, (), doc.name, None, min_coverage=0.0)
            cover = coverage(object_words(text), doc.name)
            (worded if v.relevant else unworded).append((h.row or 0.0, on, cover))
    print(f"dev: {len(pairs)} bad rows, {len(worded) + len(unworded)} retrieved rows")
    print(f"sharing a content word: {len(worded)}, on-topic {sum(o for _, o, _ in worded) / max(1, len(worded)):.2f}")
    print(f"sharing none: {len(unworded)}, on-topic {sum(o for _, o, _ in unworded) / max(1, len(unworded)):.2f}")
    chosen = None
    for t in [x / 100 for x in range(30, 100, 5)]:
        above = [o for s, o, _ in unworded if s >= t]
        share = sum(above) / len(above) if above else float("nan")
        print(f"  cosine ≥ {t:.2f}: {len(above):4d} rows, on-topic {share:.2f}")
        if chosen is None and above and share >= 0.8:
            chosen = t
    print(f"chosen threshold without a shared word (MIN_SIMILARITY): {chosen}")
    total = sum(o for _, o, _ in worded)
    floor = None
    print("rows sharing a content word, with a cosine floor:")
    for t in [x / 100 for x in range(0, 55, 5)]:
        above = [o for s, o, _ in worded if s >= t]
        lost = total - sum(above)
        print(f"  cosine ≥ {t:.2f}: {len(above):4d} rows, on-topic {sum(above) / max(1, len(above)):.2f}, "
              f"on-topic rows lost {lost} of {total}")
        if lost <= 0.1 * total:
            floor = t
    print(f"chosen floor (MIN_SHARED_SIMILARITY: the highest losing at most 10% of the on-topic rows): {floor}")
    from scorer.suggest.relevance import MIN_SHARED_SIMILARITY

    kept = [(c, o) for s, o, c in worded if s >= MIN_SHARED_SIMILARITY]
    total = sum(o for _, o in kept)
    print(f"rows sharing a content word at cosine ≥ {MIN_SHARED_SIMILARITY}, by coverage of the row's object:")
    best = None
    for t in (0.0, 0.5, 0.6, 0.67, 0.7, 0.75, 0.8, 0.9, 1.0):
        above = [o for c, o in kept if c >= t - 1e-9]
        lost = total - sum(above)
        share = sum(above) / max(1, len(above))
        print(f"  coverage ≥ {t:.2f}: {len(above):4d} rows, on-topic {share:.2f}, on-topic rows lost {lost} of {total}")
        if best is None and share >= 0.8:
            best = t
    print(f"lowest coverage with an on-topic share of at least 0.8 (MIN_COVERAGE): {best}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
