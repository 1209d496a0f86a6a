"""The HTML report in headless Chromium: loads cleanly, images and tables complete, accessible.

These tests need Playwright (a dev dependency) and a Chromium binary, e.g. Debian's
``chromium`` package (``apt-get install chromium``), and ``npm install`` for axe-core.
Without them they skip; with ``LSCB_REQUIRE_BROWSER=1`` (as in CI) they fail instead.
Set ``LSCB_UPDATE_BASELINES=1`` to rewrite the screenshot baselines.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import lscb_survey as ls
from lscb_survey.present.report import report_2012

ROOT = Path(__file__).resolve().parents[2]
BASELINES = Path(__file__).resolve().parent / "baselines"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("LSCB_CHROMIUM", "/usr/bin/chromium")
#: Largest root-mean-square difference (0-255 grey levels) allowed against a baseline.
TOLERANCE = 4.0
VIEWPORT = {"width": 1280, "height": 900}


def _unavailable(reason: str) -> None:
    if os.environ.get("LSCB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def loaded(browser, tmp_path_factory):
    """The 2012 report open in a page, with its console messages and requests recorded."""
    page_file = report_2012(tmp_path_factory.mktemp("report"), jobs=2)
    page = browser.new_page(viewport=VIEWPORT)
    log: dict[str, list[str]] = {"errors": [], "requests": [], "failed": []}
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("requestfailed", lambda r: log["failed"].append(r.url))
    page.goto(page_file.as_uri(), wait_until="load")
    yield page, log
    page.close()


def test_no_console_errors_and_no_failed_or_external_requests(loaded):
    _, log = loaded
    assert log["errors"] == []
    assert log["failed"] == []
    assert all(u.startswith(("file://", "data:")) for u in log["requests"]), log["requests"]


def test_every_image_loads_with_alt_text(loaded):
    page, _ = loaded
    images = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.complete && e.naturalWidth > 0, e.alt.trim().length])"
    )
    from lscb_survey.present.figures import figure_specs

    assert len(images) == len(figure_specs())
    assert all(ok and alt > 40 for ok, alt in images), images


def test_every_table_has_its_cells(loaded):
    page, _ = loaded
    for n in range(1, 11):
        cells = page.locator(f'table[data-table="{n}"] tbody td').count()
        assert cells == ls.published_layout(n).size, n


def test_audit_mark_sits_on_the_named_cell(loaded):
    page, _ = loaded
    audit = ls.audit().reset_index(drop=True)
    k = audit.index[(audit["check"] == "percent_from_count") & (audit["table"] == 7)][0] + 1
    where = page.eval_on_selector(
        f'table[data-table="7"] td[data-findings~="{k}"]',
        """td => {
            const table = td.closest('table');
            const head = table.tHead.rows[0].cells[td.cellIndex].textContent;
            return [td.parentElement.cells[0].textContent, head, td.title];
        }""",
    )
    item = str(ls.load_table(7).query("item_id == 't7_relationships'")["item"].iloc[0])
    assert where[0] == item and where[1] == "Agree"
    assert where[2].startswith(f"Finding {k} (error)")
    assert page.locator(f"#finding-{k}").count() == 1


def test_no_serious_accessibility_violations(loaded):
    page, _ = loaded
    if not AXE.is_file():
        _unavailable(f"axe-core is not installed at {AXE} (npm install)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    serious = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def _compare(shot: bytes, name: str, tmp_path: Path) -> None:
    baseline = BASELINES / name
    actual = tmp_path / name
    actual.write_bytes(shot)
    if os.environ.get("LSCB_UPDATE_BASELINES") == "1" or not baseline.is_file():
        if os.environ.get("LSCB_UPDATE_BASELINES") != "1":
            pytest.fail(f"no baseline {baseline}; run with LSCB_UPDATE_BASELINES=1")
        BASELINES.mkdir(exist_ok=True)
        baseline.write_bytes(shot)
    a = np.asarray(Image.open(baseline).convert("L"), dtype=float)
    b = np.asarray(Image.open(actual).convert("L"), dtype=float)
    assert a.shape == b.shape, f"{name}: size {b.shape} differs from the baseline {a.shape}"
    rms = float(np.sqrt(np.mean((a - b) ** 2)))
    assert rms <= TOLERANCE, f"{name}: RMS difference {rms:.2f} > {TOLERANCE} (see {actual})"


def test_first_screen_matches_baseline(loaded, tmp_path):
    page, _ = loaded
    page.evaluate("window.scrollTo(0, 0)")
    _compare(page.screenshot(), "report-first-screen.png", tmp_path)


def test_table_7_matches_baseline(loaded, tmp_path):
    page, _ = loaded
    _compare(page.locator("#table-7").screenshot(), "report-table7.png", tmp_path)


def test_wave_report_in_the_browser(browser, tmp_path):
    from lscb_survey import config, read_wave
    from lscb_survey.present.report import wave_report

    example = config.examples_dir() / "wave-example.csv"
    wave = read_wave(example)
    page_file = wave_report(wave, tmp_path, suppress=5)
    page = browser.new_page(viewport=VIEWPORT)
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.as_uri(), wait_until="load")
    try:
        assert errors == [] and all(u.startswith(("file://", "data:")) for u in requests)
        for t in wave.tables:
            cells = page.locator(f'table[data-table="{t}"] tbody td').count()
            assert cells == ls.published_layout(t, wave=wave, suppress=5).size, t
        assert page.locator("td", has_text="[c]").count() > 0
        if AXE.is_file():
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document)")
            assert [
                v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")
            ] == []
    finally:
        page.close()


@pytest.mark.filterwarnings("ignore::lscb_survey.waves.model.WaveWarning")
@pytest.mark.parametrize("threshold", [None, 3])
def test_wave_report_sections_in_the_browser(browser, tmp_path, threshold):
    """The comparison and group sections: tables complete, images loaded, accessible."""
    from lscb_survey import config, read_wave
    from lscb_survey.present.report import wave_report
    from lscb_survey.present.report.wave_groups import positive_breakdown, positive_section
    from lscb_survey.present.report.wave_sections import comparison_section, group_section

    items = ["t6_child_centred", "t7_relationships", "t9_sanctions"]
    wave = read_wave(config.examples_dir() / "wave-example.csv", items=items)
    page_file = wave_report(wave, tmp_path, compare="2012", by="lscb_type", suppress=threshold)
    if threshold is None:
        groups = group_section(wave, "lscb_type", resamples=10)
    else:  # with disclosure control: positive answers by group (recoded breakdown)
        recoded = positive_breakdown(wave, "lscb_type", threshold)[1]
        groups = positive_section(wave, "lscb_type", recoded, label="lscb_type", resamples=10)
    expected = {
        t.anchor: len(t.rows) * (len(t.columns) - 1)
        for section in (comparison_section(ls.published_wave(), wave), groups)
        for t in [
            *getattr(section, "tables", []),
            *getattr(section, "summaries", []),
            section.tests,
        ]
    }
    page = browser.new_page(viewport=VIEWPORT)
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.as_uri(), wait_until="load")
    try:
        assert errors == [] and all(u.startswith(("file://", "data:")) for u in requests)
        for anchor, cells in expected.items():
            assert page.locator(f"table#{anchor} tbody td").count() == cells, anchor
        for section in ("#comparison", "#groups"):
            assert page.locator(section).is_visible()
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => [e.complete && e.naturalWidth > 0, e.alt.trim().length])"
        )
        # suppressed: the items with nothing hidden, and apart those with a hidden count
        apart = page.locator("img[alt*='Hidden [c]']").count()
        assert 0 < len(images) - apart <= len(wave.tables)
        assert (apart > 0) == (threshold is not None)
        assert all(ok and alt > 40 for ok, alt in images), images
        hidden = page.locator("section[aria-labelledby=groups] td", has_text="[c]").count()
        assert (hidden > 0) == (threshold is not None)
        if AXE.is_file():
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document)")
            assert [
                v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")
            ] == []
    finally:
        page.close()
