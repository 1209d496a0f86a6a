"""The HTML report: content, audit marks on the right cells, determinism, no external references."""

from __future__ import annotations

import re

import pytest

import lscb_survey as ls
from lscb_survey.present.report import report_2012
from lscb_survey.present.report.build import table_grids
from lscb_survey.present.report.locate import finding_cells, quoted_after
from lscb_survey.present.report.tables import full_location


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    return report_2012(tmp_path_factory.mktemp("report"), jobs=1)


@pytest.fixture(scope="module")
def html(page):
    return page.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def audit():
    frame = ls.audit().reset_index(drop=True)
    frame.insert(0, "number", range(1, len(frame) + 1))
    return frame


def test_second_run_gives_the_same_bytes(page, tmp_path):
    assert report_2012(tmp_path, jobs=2).read_bytes() == page.read_bytes()


def test_no_external_reference_and_no_script(html):
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)
    assert all(
        s.startswith(("data:image/png;base64,", "#"))
        for s in re.findall(r'(?:src|href)="([^"]*)"', html)
    )


def test_sections_and_content(html):
    for anchor in [
        "tables",
        "summaries",
        "shifts",
        "figures",
        "audit",
        "recommendations",
        "methods",
    ]:
        assert f'id="{anchor}"' in html
    assert ls.survey_shifts().attrs["caveat"].replace("'", "&#39;") in html
    assert ls.survey.CITATION.replace("'", "&#39;") in html
    assert ls.__version__ in html
    for line in (ls.config.raw_dir() / "SHA256SUMS").read_text().splitlines():
        assert line.split()[0] in html
    assert html.count('<li id="recommendation-') == 15
    from lscb_survey.present.figures import figure_specs

    assert html.count("<img ") == len(figure_specs())
    assert 'alt=""' not in html


def test_every_table_has_its_printed_cells(html):
    for n in range(1, 11):
        layout = ls.published_layout(n)
        section = html.split(f'data-table="{n}"')[1].split("</table>")[0]
        assert section.count("<td") == layout.size, n


def test_finding_marked_on_its_cell(audit):
    grids = {g.number: g for g in table_grids(audit)}
    (number,) = audit.loc[
        (audit["check"] == "percent_from_count") & (audit["table"] == 7), "number"
    ].tolist()
    marked = [
        (r.key[2], c.column)
        for r in grids[7].rows
        for c in r.cells
        if any(m.number == number for m in c.marks)
    ]
    assert marked == [("t7_relationships", "Agree")]
    (dup,) = audit.loc[(audit["check"] == "duplicate_rows") & (audit["table"] == 3), "number"]
    cols = {
        c.column for r in grids[3].rows for c in r.cells if any(m.number == dup for m in c.marks)
    }
    assert cols == {"Police (%) | Munro", "Probation (%) | Munro"}


def test_every_finding_is_on_a_cell_or_a_table_note(audit):
    grids = table_grids(audit)
    seen = {m.number for g in grids for r in g.rows for c in r.cells for m in c.marks}
    seen |= {m.number for g in grids for m in g.notes}
    expected = set(audit.loc[audit["table"].notna(), "number"])
    assert seen == expected
    claims = set(audit.loc[audit["check"] == "claims", "number"])
    assert {m.number for g in grids for m in g.notes} <= claims


def test_audit_section_names_rows_in_full(html):
    audit_part = html.split('id="audit"')[1]
    full = str(ls.load_table(7).query("item_id == 't7_relationships'")["item"].iloc[0])
    assert full.replace("'", "&#39;") in audit_part
    assert "\u2026" not in audit_part.split("</table>")[0]


def test_locate_parses_the_audit_forms():
    rows = [("Trust", "Good", ""), ("Trust", "Poor", ""), ("Other", "Good", "")]
    cols = ["Police (%) | Munro", "Police (%) | Laming"]
    assert finding_cells(
        'Table 4, "Trust", column "Police" (Munro), row "Poor"', rows, cols, "comparison"
    ) == [(("Trust", "Poor", ""), "Police (%) | Munro")]
    assert (
        len(finding_cells('Table 4, "Trust", column "Police" (Munro)', rows, cols, "comparison"))
        == 2
    )
    assert finding_cells("claim x-1 (Intro)", rows, cols, "comparison") == []
    assert quoted_after('rows "a" and "b"', "rows") == ["a", "b"]
    assert full_location('"abc\u2026"', ["abcdef", "xyz"]) == '"abcdef"'
    assert full_location('"ab\u2026"', ["abc", "abd"]) == '"ab\u2026"'  # ambiguous: left as is


def test_command_writes_the_same_report_and_a_workbook(page, tmp_path, capsys):
    from lscb_survey.cli import main

    book = tmp_path / "tables.xlsx"
    assert main(["report", "--out", str(tmp_path / "r"), "--workbook", str(book)]) == 0
    assert (tmp_path / "r" / "index.html").read_bytes() == page.read_bytes()
    assert book.read_bytes()[:2] == b"PK"
    assert str(book) in capsys.readouterr().out


def test_shifts_table_aligns_text_left_and_explains_blank_p_values():
    from lscb_survey.present.report.sections import shifts_table

    table = shifts_table(ls.survey_shifts())
    assert table.columns[-1] == "Not tested because"
    assert [table.columns[i] for i in table.text_columns] == [
        "Measure",
        "Agency",
        "Not tested because",
    ]
    blank = [row for row in table.rows if row[6] == ""]
    assert blank and all(row[7] for row in blank)  # every blank p has its reason
    assert all(row[7] == "" for row in table.rows if row[6] != "")
    assert "blank adjusted p" in table.note
    from lscb_survey.present.report.build import _environment

    macros = _environment().get_template("macros.html.j2").module
    html = str(macros.simple_table(table))  # type: ignore[attr-defined]
    first = html.split("<tbody>")[1].split("</tr>")[0]
    cells = re.findall(r'<td class="(\w+)">', first)
    assert cells == ["text", "text", "num", "num", "num", "num", "text"]
    assert '<p class="table-note">' in html
