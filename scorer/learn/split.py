"""The fixed train / dev / test split of the corpus, grouped so near-copies stay together.

Rows whose names are near-copies (character 2–3-gram TF-IDF cosine ≥ ``threshold``), and a
bad→good pair with all its rewrites, form one group; a whole group goes to one split,
chosen by a hash of its smallest id. The result is written to ``corpus/splits.csv`` and
committed; rows already listed there keep their split forever, so adding data never moves
a test row into training. ``python -m scorer.learn.split`` adds the rows that are new.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

from scorer.corpus import Corpus, load
from scorer.paths import corpus_dir

SHARES = (("train", 70), ("dev", 15), ("test", 15))


def _bucket(group_id: str) -> str:
    h = int(hashlib.sha1(group_id.encode("utf-8")).hexdigest(), 16) % 100
    acc = 0
    for name, share in SHARES:
        acc += share
        if h < acc:
            return name
    return SHARES[-1][0]


def items(c: Corpus) -> list[tuple[str, str]]:
    """(id, text) for every row that is split: good, labelled and pairs (by the bad row)."""
    out = [(r["id"], r["name"]) for r in c.good + c.labelled]
    out += [(p["id"], p["name"]) for p in c.pairs]
    return out


def groups(c: Corpus, threshold: float = 0.8) -> dict[str, str]:
    """Map each id to its group id (the smallest id among its near-copies)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    rows = items(c)
    ids = [i for i, _ in rows]
    texts = [t for _, t in rows]
    # a pair's rewrites join the pair's group: index them as extra texts pointing at the pair
    owners = list(range(len(rows)))
    index_of = {i: k for k, i in enumerate(ids)}
    for p in c.pairs:
        for rw in p.get("rewrites", []):
            texts.append(rw["name"])
            owners.append(index_of[p["id"]])
    matrix = TfidfVectorizer(analyzer="char", ngram_range=(2, 3)).fit_transform(texts)
    parent = list(range(len(rows)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    nn = NearestNeighbors(n_neighbors=min(10, len(texts)), metric="cosine").fit(matrix)
    dist, idx = nn.kneighbors(matrix)
    for a in range(len(texts)):
        for d, b in zip(dist[a], idx[a]):
            if 1 - d >= threshold:
                union(owners[a], owners[b])
    members: dict[int, list[str]] = {}
    for k in range(len(rows)):
        members.setdefault(find(k), []).append(ids[k])
    return {i: min(m) for m in members.values() for i in m}


def read_splits(path: Path | None = None) -> dict[str, str]:
    path = path or corpus_dir() / "splits.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["id"]: r["split"] for r in csv.DictReader(fh)}


def assign(c: Corpus, existing: dict[str, str]) -> dict[str, str]:
    """Splits for every row: existing assignments kept; a new row joins its group's split."""
    group_of = groups(c)
    split_of_group: dict[str, str] = {}
    for i, g in group_of.items():
        if i in existing:
            split_of_group.setdefault(g, existing[i])
    out = dict(existing)
    for i, g in group_of.items():
        if i not in out:
            out[i] = split_of_group.setdefault(g, _bucket(g))
    return out


def write_splits(splits: dict[str, str], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "split"])
        for i in sorted(splits):
            w.writerow([i, splits[i]])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0]) if argv else corpus_dir()
    c = load(root)
    existing = read_splits(root / "splits.csv")
    splits = assign(c, existing)
    write_splits(splits, root / "splits.csv")
    counts = {name: sum(1 for s in splits.values() if s == name) for name, _ in SHARES}
    print(f"{len(splits)} rows ({len(splits) - len(existing)} new): {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
