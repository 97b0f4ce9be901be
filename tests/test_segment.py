"""The jieba dictionary cache gives exactly the dictionary jieba builds itself."""

import subprocess
import sys

from conftest import ROOT

BUILD = r"""
import json, sys
import jieba
from scorer.text import segment
tk = segment.tokenizer()
fresh = jieba.Tokenizer(); fresh.initialize()
for p in segment.user_dict_paths():
    fresh.load_userdict(str(p))
texts = ["公民科学素质提升有所提升", "2025年世界工程组织联合会全体大会参会人员满意度", "群众知晓率较上年提升5个百分点"]
print(json.dumps({
    "same_freq": tk.FREQ == fresh.FREQ, "same_total": tk.total == fresh.total,
    "same_tags": tk.user_word_tag_tab == fresh.user_word_tag_tab,
    "same_cuts": [tk.lcut(t) == fresh.lcut(t) for t in texts],
    "cached": any(segment._cache_path(jieba, segment.user_dict_paths()).parent.glob("jieba-*.npz")),
}))
"""


def _run(cache_dir):
    run = subprocess.run([sys.executable, "-c", BUILD], capture_output=True, text=True, cwd=ROOT,
                         env={"SCORER_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin", "HOME": str(cache_dir)})
    assert run.returncode == 0, run.stderr
    import json

    return json.loads(run.stdout)


def test_dictionary_cache_is_jiebas_dictionary(tmp_path):
    first = _run(tmp_path)  # builds with jieba, then writes the cache
    second = _run(tmp_path)  # loads the cache
    for out in (first, second):
        assert out["same_freq"] and out["same_total"] and out["same_tags"]
        assert all(out["same_cuts"])
    assert second["cached"]


def test_a_broken_cache_is_rebuilt(tmp_path):
    _run(tmp_path)
    for f in tmp_path.glob("jieba-*.npz"):
        f.write_bytes(b"not a zip")
    out = _run(tmp_path)
    assert out["same_freq"] and all(out["same_cuts"])
