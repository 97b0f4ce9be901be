"""The trained models: they load offline, predict the obvious cases, and training reproduces."""

import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import ROOT
from scorer.learn import linear
from scorer.learn.textfeats import as_frame

MODELS = ROOT / "models"


@pytest.fixture(scope="module")
def defects():
    return linear.load(MODELS / "defects.npz")


@pytest.fixture(scope="module")
def category():
    return linear.load(MODELS / "category.npz")


def test_defect_model_flags_the_seed_obvious_cases(defects):
    frame = as_frame(
        ["公民科学素质提升", "灾害宣传培训力度", "参会人员满意度", "报修响应时间", "群众知晓率"],
        ["有所提升", "有效提高", "≥85.00(%)", "≤2小时", "较上年提升5个百分点"],
    )
    flags = defects.predict(frame)
    assert "vague" in flags[0] and "not_quantified" in flags[0]
    assert "vague" in flags[1]
    # quantified uses of 提升 / time limits are not vague
    assert "vague" not in flags[2] and "vague" not in flags[3] and "vague" not in flags[4]


def test_category_model_places_plain_rows(category):
    frame = as_frame(["参训学员满意度", "举办培训班期数", "培训完成时间", "人均培训成本"],
                     ["≥90%", "=12期", "2025年11月30日前", "≤550元/人·天"])
    predicted = category.predict(frame)
    assert predicted[:3] == ["服务对象满意度指标", "数量指标", "时效指标"]
    assert predicted[3] in ("成本指标", "经济成本指标")


def test_loading_refuses_pickled_objects(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, spec=np.array("{}"), coef=np.array([{"x": 1}], dtype=object))
    with pytest.raises(ValueError, match="pickle"):
        linear.load(path)


def test_loading_refuses_an_analyzer_it_does_not_know(tmp_path):
    model = linear.load(MODELS / "defects.npz")
    spec = dict(model.spec, blocks=[dict(model.spec["blocks"][0], analyzer="os.system")])
    arrays = {"vocab0": np.array(["a"]), "coef": np.zeros((1, 1)), "intercept": np.zeros(1)}
    with pytest.raises(ValueError, match="unknown analyzer"):
        linear.LinearModel(spec, arrays)


@pytest.mark.parametrize("which", ["defects", "category"])
def test_plain_array_models_give_the_pipelines_probabilities(which, tmp_path):
    """Fit small scikit-learn pipelines, export them, and compare on rows they never saw."""
    from scorer.corpus import load
    from scorer.learn.classifiers import CategoryModel, DefectModel

    c = load(ROOT / "corpus")
    rows = c.labelled[:600] + c.good[:400]
    fit, unseen = rows[::2], rows[1::2]
    frame = as_frame([r["name"] for r in fit], [r["value"] for r in fit])
    if which == "defects":
        model = DefectModel().fit(frame, [r.get("kinds", []) for r in fit])
        model.thresholds = {"vague": 0.4}
    else:
        model = CategoryModel().fit(frame, [r.get("true_level2", r["level2"]) for r in fit])
    loaded = linear.load(linear.export(model, tmp_path / f"{which}.npz"))
    test = as_frame([r["name"] for r in unseen] + ["", "  ", "进一步加强师德师风建设"],
                    [r["value"] for r in unseen] + ["", "≥", "≥98%"])  # fmt: skip
    expected = model.predict_proba(test)
    got = loaded.predict_proba(test)
    assert list(got.columns) == list(expected.columns)
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-9)
    assert loaded.predict(test) == model.predict(test)
    if which == "defects":
        assert loaded.threshold("vague") == 0.4


def test_scoring_does_not_import_scikit_learn():
    code = (
        "import sys, scorer; from conftest import SEED; r = scorer.score(SEED);"
        "assert len(r.frame) == 73; print(sorted(m for m in ('sklearn', 'skops', 'torch') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT / "tests")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_numpy_encoder_equals_sentence_transformers():
    os.environ["HF_HUB_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    from scorer.embed.static import NumpyStaticEncoder

    texts = ["参会人员满意度 ≥85.00(%)", "公民科学素质提升 有所提升", "", "WFEO 2025 大会", "𠀀生僻字"]
    st = SentenceTransformer(str(MODELS / "embedder"), device="cpu").encode(texts, convert_to_numpy=True)
    ours = NumpyStaticEncoder(MODELS / "embedder").encode(texts)
    np.testing.assert_allclose(ours, st, atol=1e-5)


def test_embedder_orders_similar_rows_first():
    from scorer.embed import get_embedder

    enc = get_embedder()
    v = enc.encode(["参会人员满意度 ≥85%", "参会代表满意度 ≥90%", "道路养护里程 ≥120公里"])
    assert v[0] @ v[1] > v[0] @ v[2]


def test_train_subset_end_to_end_and_deterministic(tmp_path):
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        run = subprocess.run(
            [sys.executable, "-m", "scorer", "train", "--subset", "300", "--models", str(out)],
            capture_output=True, text=True, cwd=ROOT,
        )
        assert run.returncode == 0, run.stderr
        for f in ("defects.npz", "category.npz", "metrics.json", "README.md", "embedder/model.safetensors"):
            assert (out / f).exists(), f
        runs.append(out)
    for f in ("defects.npz", "category.npz"):
        assert (runs[0] / f).read_bytes() == (runs[1] / f).read_bytes(), f
    a, b = (linear.load(r / "defects.npz") for r in runs)
    frame = as_frame(["公民科学素质提升", "参训人次"], ["有所提升", "≥300人次"])
    np.testing.assert_array_equal(a.predict_proba(frame).to_numpy(), b.predict_proba(frame).to_numpy())
    from scorer.embed.static import NumpyStaticEncoder

    ea, eb = (NumpyStaticEncoder(r / "embedder").encode(["满意度 ≥90%"]) for r in runs)
    np.testing.assert_allclose(ea, eb, atol=1e-6)


# --------------------------------------------------------------------------- character n-gram embedder


@pytest.fixture(scope="module")
def tiny_ngram(tmp_path_factory):
    from scorer.embed.ngram import train_ngram

    texts = ["满意度 ≥90%", "群众满意度 较高", "项目完成率 100%", "培训人数 ≥500人次", "资金到位率 100%",
             "覆盖率 逐步提高", "参会人员满意度 ≥85.00(%)", "公民科学素质提升 有所提升"]  # fmt: skip
    pairs = [(texts[1], texts[0]), (texts[2], texts[4]), (texts[5], texts[3]), (texts[7], texts[6])]
    return train_ngram(texts, pairs, tmp_path_factory.mktemp("ngram") / "m", dim=16, epochs=2, min_df={3: 2},
                       log=lambda s: None)  # fmt: skip


NGRAM_TEXTS = ["参会人员满意度 ≥85.00(%)", "公民科学素质提升 有所提升", "", "WFEO 2025 大会", "𠀀生僻字", "满意度  ≥90%"]


def test_char_ngrams_match_sklearn_char_wb():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from scorer.embed.ngram import char_ngrams

    analyse = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)).build_analyzer()
    for t in NGRAM_TEXTS + ["a", "ab  c\tdef"]:
        assert char_ngrams(t) == analyse(t)


def test_ngram_model_loads_offline_and_numpy_equals_torch(tiny_ngram):
    os.environ["HF_HUB_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    from scorer.embed import get_embedder
    from scorer.embed.ngram import NumpyNgramEncoder

    st = SentenceTransformer(str(tiny_ngram), device="cpu", trust_remote_code=True)
    ref = st.encode(NGRAM_TEXTS, convert_to_numpy=True)
    ours = NumpyNgramEncoder(tiny_ngram).encode(NGRAM_TEXTS)
    np.testing.assert_allclose(ours, ref, atol=1e-5)
    np.testing.assert_allclose(get_embedder(str(tiny_ngram)).encode(NGRAM_TEXTS), ref, atol=1e-5)
    assert np.allclose(np.linalg.norm(ours[[0, 1, 3, 4, 5]], axis=1), 1, atol=1e-5) and not ours[2].any()


def test_ngram_numpy_path_never_imports_torch(tiny_ngram):
    code = (
        "import sys; from scorer.embed import get_embedder; "
        f"v = get_embedder({str(tiny_ngram)!r}).encode(['满意度 ≥90%', '群众满意度 较高']); "
        "assert v.shape[0] == 2; print('torch' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"
