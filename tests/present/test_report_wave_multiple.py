"""Multi-select questions and not-asked counts in a wave's report, workbook, figures and summary."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from lscb_survey import read_codebook, read_wave
from lscb_survey.disclosure import suppress
from lscb_survey.disclosure.release import check_release
from lscb_survey.present.pipelines.wave_reports import wave_summary
from lscb_survey.present.report import wave_report
from lscb_survey.present.report.wave_multiple import (
    multiple_counts,
    multiple_section,
    protect_multiple,
)

FIXTURE = Path(__file__).parent / "fixtures" / "multiselect"
DATA, BOOK = FIXTURE / "wave.csv", FIXTURE / "codebook.toml"
OPTIONS = ["Email", "Phone", "Face-to-face meetings"]


def _raw() -> pd.DataFrame:
    return pd.read_csv(DATA, dtype=str, keep_default_na=False)


def _expected() -> tuple[dict[str, int], int, int]:
    """Each option's count, the respondents answering and all respondents, counted by pandas."""
    cells = _raw()["contact"].str.strip()
    chosen = cells[cells != ""].str.split(", ").explode().value_counts()
    return {o: int(chosen.get(o, 0)) for o in OPTIONS}, int((cells != "").sum()), len(cells)


def _not_asked() -> int:
    raw = _raw()
    return int(((raw["seen"] == "No") & (raw["Q2"].str.strip() == "")).sum())


def _rows(html: str, anchor: str) -> list[list[str]]:
    """Body rows of the table with ``id=anchor``: the row header, then the cells."""
    body = html.split(f'id="{anchor}"')[1].split("</tbody>")[0].split("<tbody>")[1]
    return [
        re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in re.findall(r"<tr>.*?</tr>", body)
    ]


#: The threshold of the protected report: the not-asked count (3) and the count not
#: answering (9) are at least T, so the release is possible; at 5 it is refused.
T = 3


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    out = tmp_path_factory.mktemp("plain")
    page = wave_report(DATA, out, codebook=BOOK, workbook=out / "t.xlsx")
    return page.read_text(encoding="utf-8"), out / "t.xlsx"


@pytest.fixture(scope="module")
def protected(tmp_path_factory):
    out = tmp_path_factory.mktemp("protected")
    page = wave_report(DATA, out, codebook=BOOK, suppress=T, workbook=out / "t.xlsx")
    return page.read_text(encoding="utf-8"), out / "t.xlsx"


def test_fixture_has_a_small_option_and_a_small_not_asked_count():
    chosen, answered, respondents = _expected()
    assert min(chosen.values()) in range(1, 5) and max(chosen.values()) >= 5
    assert 0 < respondents - answered and 0 < _not_asked() < 5


def test_report_table_counts_equal_pandas(plain):
    html, _ = plain
    chosen, answered, respondents = _expected()
    rows = _rows(html, "multiple-1")
    assert [r[0] for r in rows] == OPTIONS
    for option, count, pct, base, silent in rows:
        assert int(count) == chosen[option]
        assert float(pct) == round(100 * chosen[option] / answered, 1)
        assert int(base) == answered and int(silent) == respondents - answered
    section = html.split('id="multiple"')[1].split("</section>")[0]
    assert f"of the {answered} who answered it" in section
    alt = re.search(r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)"', section)
    top = max(chosen, key=chosen.__getitem__)
    assert alt and f"Largest: {top} ({100 * chosen[top] / answered:.1f}%)" in alt.group(1)


def test_workbook_sheet_has_the_same_numbers(plain):
    _, book = plain
    chosen, answered, respondents = _expected()
    ws = load_workbook(book)["Multiple_select"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Multi-select questions" and rows[2][:3] == (
        "Question",
        "Option",
        "Chosen",
    )
    body = {r[1]: r[2:] for r in rows[3:]}
    assert set(body) == set(OPTIONS)
    for option, (count, pct, base, silent) in body.items():
        assert count == chosen[option] and base == answered
        assert pct == round(100 * chosen[option] / answered, 1)
        assert silent == respondents - answered


def test_not_asked_count_under_the_table(plain, protected):
    expected = _not_asked()
    assert f"Follow-up work on those priorities is on track: {expected}." in plain[0]
    assert f"Follow-up work on those priorities is on track: {expected}." in protected[0]


def test_a_small_count_given_by_two_published_totals_stops_the_release(tmp_path):
    """Not asked = respondents - base, both published: a marker would hide nothing."""
    from lscb_survey.disclosure.release import DisclosureError

    assert 0 < _not_asked() < 5
    with pytest.raises(DisclosureError, match="cannot be hidden"):
        wave_report(DATA, tmp_path, codebook=BOOK, suppress=5)
    assert not (tmp_path / "index.html").exists()


def test_suppressed_report_hides_small_counts_and_check_release_passes(protected):
    html, book = protected
    chosen, answered, _ = _expected()
    rows = {r[0]: r[1:] for r in _rows(html, "multiple-1")}
    hidden = {o for o, c in chosen.items() if 0 < c < T or 0 < answered - c < T}
    assert hidden
    for option, (count, pct, *_) in rows.items():
        if option in hidden:
            assert (count, pct) == ("[c]", "[c]")
        else:  # a published count and its complement are 0 or at least the threshold
            assert int(count) == chosen[option]
            assert int(count) == 0 or int(count) >= T
            assert answered - int(count) == 0 or answered - int(count) >= T
    sheet = {
        r[1]: r[2:4]
        for r in list(load_workbook(book)["Multiple_select"].iter_rows(values_only=True))[3:]
    }
    assert all(sheet[o] == ("[c]", "[c]") for o in hidden)
    counts = multiple_counts(read_wave(DATA, read_codebook(BOOK)).multiple)
    assert check_release(suppress(counts, threshold=T), counts) == 2 * len(hidden)
    section = html.split('id="multiple"')[1].split("</section>")[0]
    assert f"leaves out {len(hidden)} option(s)" in section
    alt = re.search(r'alt="([^"]*)"', section)
    assert alt and all(o not in alt.group(1) for o in hidden)


def test_an_option_no_pattern_protects_is_withheld():
    multiple = pd.DataFrame(
        {
            "question_id": "q",
            "question": "Q?",
            "option": ["A", "B", "C"],
            "chosen": [1, 0, 30],
            "answered": [3, 3, 40],
            "respondents": 50,
            "percent": [100 / 3, 0.0, 75.0],
        }
    )
    out = protect_multiple(multiple, 5)
    assert out["suppressed"].tolist() == [True, True, False]
    assert out["chosen"].isna().tolist() == [True, True, False]
    assert out.attrs["withheld"] == ["A", "B"]


def test_breakdown_by_group_leaves_multi_select_out_and_says_so():
    wave = read_wave(DATA, read_codebook(BOOK))
    section = multiple_section(wave, by="seen")
    assert section is not None and any(
        "not broken down by Saw the priorities (seen)" in n for n in section.notes
    )


def test_summary_csv_counts_not_asked_and_figure_is_written(tmp_path):
    report = wave_summary(DATA, tmp_path, codebook=BOOK)
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert summary.set_index("item_id")["not_asked"].to_dict() == {
        "priorities": 0,
        "followup": _not_asked(),
    }
    assert list(summary.columns).index("not_asked") == list(summary.columns).index("n") + 1
    figure = tmp_path / "figure-multiple-contact.png"
    assert figure in report.files and figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
