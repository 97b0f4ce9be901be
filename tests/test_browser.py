"""The HTML report and the hand-back pack in Debian's chromium (headless, driven by Playwright,
never a downloaded browser): Chinese glyphs really drawn from a CJK font (compared with a render
where no CJK font is visible), the charts filter the cards, and both print on A4 landscape."""

import io
import re

import pytest

from conftest import EXAMPLES
from scorer.api import score

pytest.importorskip("playwright")
from scorer.report import browser  # noqa: E402

if browser.chromium() is None:
    pytest.skip("chromium is not installed (Debian package `chromium`, .ci/apt-packages.txt)", allow_module_level=True)

CJK = ("WenQuanYi", "Noto Sans CJK", "Source Han", "AR PL", "文泉")


@pytest.fixture(scope="module")
def report(seed_path, tmp_path_factory):
    result = score([seed_path, EXAMPLES], recursive=True)
    folder = tmp_path_factory.mktemp("browser")
    return result, result.to_html(folder / "报告.html"), result.to_pack(folder / "pack")


def _visible_cards(pg) -> list[str]:
    return pg.eval_on_selector_all("article.card", "cs => cs.filter(c => !c.hidden).map(c => c.id)")


def test_chinese_glyphs_come_from_a_cjk_font(report):
    _, page, _ = report
    shots, fonts = {}, {}
    for with_font in (True, False):
        with browser.page(fonts=with_font) as pg:
            pg.goto(page.as_uri())
            fonts[with_font] = browser.platform_fonts(pg, "h1")
            shots[with_font] = pg.locator("h1").screenshot()
    title_chars = len("绩效指标质量评分报告")
    drew = {f: n for f, n in fonts[True].items() if f.startswith(CJK)}
    assert drew and sum(drew.values()) == title_chars, fonts[True]
    assert not any(f.startswith(CJK) for f in fonts[False]), fonts[False]  # the reference render: boxes
    assert shots[True] != shots[False]


def test_charts_filter_the_cards_and_dots_jump_to_projects(report):
    result, page, _ = report
    by_kind = {p["project"] for p in result.projects
               if any(f["kind"] == "implausible" for f in p["findings"] + [x for i in p["indicators"] for x in i["findings"]])}  # fmt: skip
    with browser.page() as pg:
        pg.goto(page.as_uri())
        every = _visible_cards(pg)
        assert len(every) == len(result.projects)
        pg.click('g.bar[data-filter="kind"][data-key="implausible"]')
        shown = _visible_cards(pg)
        names = {pg.inner_text(f"#{c} h2") for c in shown}
        assert names == by_kind and 0 < len(shown) < len(every)
        pg.click('g.bar[data-filter="kind"][data-key="implausible"]')  # a second click clears the filter
        assert len(_visible_cards(pg)) == len(every)
        pg.click('g.bar[data-filter="grade"][data-key="D"]')
        grades = pg.eval_on_selector_all("article.card", "cs => cs.filter(c => !c.hidden).map(c => c.dataset.grade)")
        assert grades and set(grades) == {"D"} and len(grades) == sum(p["grade"] == "D" for p in result.projects)
        dot = pg.locator("a.dot").first
        target = dot.get_attribute("data-target")
        dot.dispatch_event("click")
        pg.wait_for_function(f"location.hash === '#{target}'")
        assert not pg.eval_on_selector(f"#{target}", "c => c.hidden")


def _pdf_pages(pdf: bytes):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [(round(p.width), round(p.height), p.extract_text() or "") for p in doc.pages]


def test_report_prints_one_project_per_page_without_filters(report):
    result, page, _ = report
    with browser.page() as pg:
        pg.goto(page.as_uri())
        pg.emulate_media(media="print")
        assert pg.eval_on_selector("#filters", "f => getComputedStyle(f).display") == "none"
        pages = _pdf_pages(pg.pdf(prefer_css_page_size=True, print_background=True))
    assert all(w > h for w, h, _ in pages) and {(w, h) for w, h, _ in pages} == {(842, 595)}  # A4 landscape
    starts = [k for k, (_, _, text) in enumerate(pages) for p in result.projects if text.startswith(grade_prefix(p))]
    assert len(pages) >= len(result.projects) and len(set(starts)) >= len(result.projects) - 1


def grade_prefix(p) -> str:
    return f"{p['grade']} {p['grade_zh']}"


def test_pack_page_prints_with_the_header_on_every_page(report):
    _, _, written = report
    page = next(f for f in written if f.name == "上海市科学技术协会.html")
    with browser.page() as pg:
        pg.goto(page.as_uri())
        pages = _pdf_pages(pg.pdf(prefer_css_page_size=True, print_background=True))
    assert len(pages) >= 3 and {(w, h) for w, h, _ in pages} == {(842, 595)}
    assert "上海市科学技术协会" in pages[0][2] and re.search(r"\d+\.\d", pages[0][2])  # the score first
    table_pages = [text for _, _, text in pages[1:] if "TIM001" in text or re.search(r"[A-Z]{3}\d{3}", text)]
    assert table_pages and all("修改意见" in text for text in table_pages)  # the header row repeats


def test_gallery_pages_open_one_at_a_time(tmp_path):
    from scorer.report.gallery import PAGE, write_gallery

    path, n = write_gallery(tmp_path / "g.html", kind="vague")
    with browser.page() as pg:
        pg.goto(path.as_uri())
        button = pg.locator("button.next-page").first
        section = "document.querySelector('button.next-page').parentElement"
        visible = f"() => Array.from({section}.querySelectorAll('.pair')).filter(p => p.offsetParent !== null).length"
        before = pg.evaluate(visible)
        button.click()
        after = pg.evaluate(visible)
    assert n > PAGE and before >= PAGE and after > before
