"""A Chinese font for matplotlib, found even when matplotlib's font cache predates the font.

matplotlib lists the system's fonts once and keeps the list in its cache
(``~/.cache/matplotlib/fontlist-*.json``). A CJK font installed after that — `make setup`
installs fonts-wqy-microhei on a fresh machine, after pip may already have run matplotlib —
is then unknown to it, and every Chinese label is drawn as boxes with a "missing from font"
warning. :func:`setup_matplotlib` adds the installed CJK font files to the running font
manager explicitly (``fontManager.addfont``) and puts their family first, so plots find the
font whatever the cache says.

    import scorer
    scorer.setup_plot_fonts()     # before plotting; returns the family used, or None
"""

from __future__ import annotations

import glob
import shutil
import subprocess

# Preferred families, best first; any other font fontconfig reports for :lang=zh comes after.
FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC",
            "AR PL UMing CN", "SimHei", "Microsoft YaHei", "PingFang SC")  # fmt: skip
KNOWN_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


def cjk_font_files() -> list[str]:
    """Installed font files that cover Chinese (fontconfig's answer, else the known Debian paths)."""
    found: list[str] = []
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=30).stdout
            found = [line.split(":")[0].strip() for line in out.splitlines() if line.strip()]
        except (OSError, subprocess.SubprocessError):
            found = []
    found += [p for p in KNOWN_FILES if glob.glob(p)]
    return [p for p in dict.fromkeys(found) if p.lower().endswith((".ttf", ".ttc", ".otf"))]


def setup_matplotlib() -> str | None:
    """Make matplotlib draw Chinese: add the CJK font files to its font manager and put the
    best family first in ``font.sans-serif``. Returns that family, None when no CJK font is
    installed (then labels stay boxes; install fonts-wqy-microhei)."""
    from matplotlib import font_manager, rcParams

    families = []
    for path in cjk_font_files():
        try:
            font_manager.fontManager.addfont(path)
            families.append(font_manager.FontProperties(fname=path).get_name())
        except (OSError, RuntimeError, ValueError):
            continue  # a font file matplotlib cannot read
    if not families:
        return None
    ranked = sorted(dict.fromkeys(families), key=lambda f: FAMILIES.index(f) if f in FAMILIES else len(FAMILIES))
    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = [*ranked, *[f for f in rcParams["font.sans-serif"] if f not in ranked]]
    rcParams["axes.unicode_minus"] = False
    return ranked[0]
