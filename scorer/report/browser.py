"""Render a report in Debian's chromium (headless, through Playwright) — for the tests and for
the screenshots in docs/img.

Never downloads a browser: Playwright drives the system chromium (`/usr/bin/chromium`, the
Debian package listed in .ci/apt-packages.txt). ``fonts=False`` renders with a fontconfig
that only knows the Latin DejaVu fonts, which is how a machine without a CJK font shows the
report (boxes); comparing the two is the check that the Chinese glyphs really come from a
font. ``platform_fonts`` asks chromium which font files drew an element's text.

    python -m scorer.report.browser REPORT.html docs/img/report.png
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--hide-scrollbars"]  # fmt: skip
LATIN_ONLY = "/usr/share/fonts/truetype/dejavu"


def chromium() -> str | None:
    """The system chromium, or None."""
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _fontconfig_without_cjk(folder: Path) -> Path:
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{LATIN_ONLY}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return conf


@contextmanager
def page(width: int = 1280, height: int = 900, fonts: bool = True):
    """A Playwright page in headless chromium; ``fonts=False``: no CJK font is visible to it."""
    from playwright.sync_api import sync_playwright

    binary = chromium()
    if binary is None:
        raise RuntimeError("chromium is not installed (Debian package `chromium`)")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        if not fonts:
            env["FONTCONFIG_FILE"] = str(_fontconfig_without_cjk(Path(tmp)))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=binary, args=CHROMIUM_ARGS, env=env, headless=True)
            try:
                yield browser.new_page(viewport={"width": width, "height": height})
            finally:
                browser.close()


def platform_fonts(pg, selector: str) -> dict[str, int]:
    """Font family → glyphs it drew for the text of the first element matching ``selector``."""
    cdp = pg.context.new_cdp_session(pg)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {f["familyName"]: f["glyphCount"] for f in fonts}


def screenshot(html: str | Path, png: str | Path, width: int = 1280, height: int = 1600, fonts: bool = True,
               full_page: bool = False) -> Path:  # fmt: skip
    """A PNG of ``html`` as chromium shows it."""
    png = Path(png)
    with page(width, height, fonts) as pg:
        pg.goto(Path(html).resolve().as_uri())
        pg.wait_for_load_state("load")
        pg.screenshot(path=str(png), full_page=full_page)
    return png


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    if len(sys.argv) != 3:
        sys.exit("usage: python -m scorer.report.browser REPORT.html OUT.png")
    print(screenshot(sys.argv[1], sys.argv[2]))
