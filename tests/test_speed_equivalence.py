"""The batch's speed-ups compute exactly what the plain computation gives (issue 15): the top-k
selection of retrieval, the embedder's remembered vectors, jieba's remembered blocks and the
copied parse of a value."""

import numpy as np
import pytest

from scorer.suggest.retrieval import _top


@pytest.mark.parametrize("seed", range(20))
def test_top_k_is_the_stable_sort(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    score = rng.choice([0.1, 0.2, 0.5, 0.7], size=n) if seed % 2 else rng.random(n)  # ties, or none
    score[rng.random(n) < 0.3] = -np.inf  # documents of other categories
    if seed % 5 == 0:
        score[rng.integers(n)] = np.nan
    for k in (0, 1, 3, 12, n, n + 5):
        assert _top(score, k).tolist() == np.argsort(-score, kind="stable")[:k].tolist()


def test_remembered_vectors_are_the_encoded_ones():
    from scorer.embed import get_embedder

    try:
        embedder = get_embedder()
    except FileNotFoundError:
        pytest.skip("no bundled embedder")
    if not hasattr(embedder, "_known"):
        pytest.skip("not the numpy embedder")
    texts = ["培训教师人次 ≥1200人次", "群众满意度 ≥90%", "", "培训教师人次 ≥1200人次", "新建公厕 =12座"]
    fresh = embedder._enc.encode(texts)
    embedder.encode(texts[:2])  # some remembered, some not
    again = embedder.encode(texts)
    assert again.dtype == fresh.dtype and np.array_equal(again, fresh)


def test_remembered_blocks_cut_as_jieba():
    import jieba

    from scorer.text.segment import tokenizer

    tk = tokenizer()
    texts = [
        "围绕科技进步和经济社会发展中的热点问题组织专题调研，提出决策咨询意见和建议，向市委市政府报送专报。",
        "围绕科技进步和经济社会发展中的热点问题组织专题调研 长三角智库论坛",
        "公民科学素质提升有所提升", "群众知晓率较上年提升5个百分点", "≥1,500人次",
    ]
    for text in texts * 2:  # the second time from the remembered blocks
        plain = [w for b in jieba.re_han_default.split(text) if b and jieba.re_han_default.match(b)
                 for w in jieba.Tokenizer._Tokenizer__cut_DAG(tk, b)]  # fmt: skip
        cut = [w for b in jieba.re_han_default.split(text) if b and jieba.re_han_default.match(b)
               for w in tk._Tokenizer__cut_DAG(b)]  # fmt: skip
        assert cut == plain


def test_parsed_values_are_separate_copies():
    from dataclasses import fields

    from scorer.values import parse_value

    a, b = parse_value("≥1,500人次"), parse_value("≥1,500人次")
    assert a == b and a is not b
    a.unit = "人"
    assert parse_value("≥1,500人次").unit == "人次"
    assert [f.name for f in fields(a)] and type(a).__name__ == "Target"
