"""The composed-n-gram StaticEmbedding (scorer/embed/composed.py), trained tiny on made-up rows."""

import numpy as np
import pytest

TEXTS = ["参训农民满意度 ≥90%", "农民培训满意度 较高", "粮食总产量 ≥42万吨", "粮食播种面积 ≥86万亩",
         "项目完成及时率 =100%", "项目完工时间 2025年12月31日前", "公民科学素质提升 明显", "公民科学素质达标率 ≥15%"]  # fmt: skip
PAIRS = [(TEXTS[1], TEXTS[0]), (TEXTS[3], TEXTS[2]), (TEXTS[4], TEXTS[5]), (TEXTS[6], TEXTS[7])]


@pytest.fixture(scope="module")
def tiny_composed(tmp_path_factory):
    from scorer.embed.composed import mine_negatives, train_composed

    negatives = mine_negatives(PAIRS, TEXTS, k=2)
    return train_composed(TEXTS * 3, PAIRS, tmp_path_factory.mktemp("composed") / "m", dim=16, epochs=2,
                          batch_size=4, negatives=negatives, log=lambda *a: None)  # fmt: skip


def test_token_ngrams():
    from scorer.embed.composed import token_ngrams

    assert token_ngrams("科学素", 2) == ["科", "学", "素", "科学", "学素"]
    assert token_ngrams("科", 3) == ["科"]


def test_mined_negatives_exclude_positives():
    from scorer.embed.composed import mine_negatives

    neg = mine_negatives(PAIRS, TEXTS, k=3)
    for a, b in PAIRS:
        assert b not in neg[a] and a not in neg[a] and len(neg[a]) == 3


def test_composed_embed_loads_without_remote_code_and_numpy_equals_torch(tiny_composed):
    from sentence_transformers import SentenceTransformer

    from scorer.embed import get_embedder
    from scorer.embed.static import NumpyStaticEncoder

    st = SentenceTransformer(str(tiny_composed), device="cpu").encode(TEXTS + ["", "未登录"], convert_to_numpy=True)
    ours = NumpyStaticEncoder(tiny_composed).encode(TEXTS + ["", "未登录"])
    np.testing.assert_allclose(ours, st, atol=1e-5)
    np.testing.assert_allclose(get_embedder(str(tiny_composed)).encode(TEXTS), st[: len(TEXTS)], atol=1e-5)


def test_composed_embed_training_is_deterministic(tiny_composed, tmp_path):
    from scorer.embed.composed import mine_negatives, train_composed
    from scorer.embed.static import NumpyStaticEncoder

    again = train_composed(TEXTS * 3, PAIRS, tmp_path / "m", dim=16, epochs=2, batch_size=4,
                           negatives=mine_negatives(PAIRS, TEXTS, k=2), log=lambda *a: None)  # fmt: skip
    first, second = (NumpyStaticEncoder(m).encode(TEXTS) for m in (tiny_composed, again))
    np.testing.assert_array_equal(first, second)
