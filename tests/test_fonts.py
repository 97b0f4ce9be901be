"""A Chinese font for matplotlib even when its font cache was built before the font was
installed (issue #13: the notebook plots were boxes on a fresh machine)."""

import glob
import json
import os
import subprocess
import sys

import pytest

from scorer.report.fonts import cjk_font_files

PLOT = """
import os, sys, warnings
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
if sys.argv[1] == "fixed":
    import scorer
    print("family", scorer.setup_plot_fonts())
else:
    plt.rcParams["font.sans-serif"] = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "DejaVu Sans"]
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    fig, ax = plt.subplots()
    ax.set_title("各部门项目得分分布")
    fig.savefig(sys.argv[2])
print("missing", sum("missing from font" in str(w.message) for w in caught))
"""


def _run(cache, *args):
    env = {**os.environ, "MPLCONFIGDIR": str(cache)}
    return subprocess.run([sys.executable, "-c", PLOT, *args], capture_output=True, text=True, env=env, check=True).stdout


def test_plots_find_the_cjk_font_when_the_cache_predates_it(tmp_path):
    fonts = cjk_font_files()
    if not fonts:
        pytest.skip("no CJK font installed (fonts-wqy-microhei, .ci/apt-packages.txt; `make setup` installs it)")
    cache = tmp_path / "mpl"
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env={**os.environ, "MPLCONFIGDIR": str(cache)},
                   check=True)  # fmt: skip
    # the cache as it was before the font was installed: the CJK font files are not in it
    (listing,) = glob.glob(str(cache / "fontlist-*.json"))
    data = json.loads(open(listing, encoding="utf-8").read())
    data["ttflist"] = [f for f in data["ttflist"] if f["fname"] not in fonts]
    open(listing, "w", encoding="utf-8").write(json.dumps(data))

    stale = _run(cache, "plain", str(tmp_path / "boxes.png"))
    assert "missing 0" not in stale  # the reproduction: matplotlib alone draws boxes
    fixed = _run(cache, "fixed", str(tmp_path / "chinese.png"))
    assert "missing 0" in fixed and "family None" not in fixed
