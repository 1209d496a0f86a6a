"""Short rows of delimited files: the delimiter count that clears a file, and the line-by-line search."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_survey.errors import WaveFormatError
from lscb_survey.waves.delimited import read_delimited

WIDTH = 4


def _lines(rows: list[tuple[str, int]]) -> tuple[bytes, list[str]]:
    """The file's bytes and the problems expected, from (kind, fields) pairs."""
    out, problems, number = ["id,q1,q2,q3"], [], 1
    for kind, fields in rows:
        number += 1
        if kind == "blank":
            out.append("")
            continue
        cells = [str(number)] + ["" if (number + k) % 3 == 0 else "a" for k in range(fields - 1)]
        if fields == WIDTH:
            cells[-1] = ""  # a full row ending in a blank cell: looks like a padded one
        out.append(",".join(cells))
        if fields < WIDTH:
            problems.append(f"line {number}: {fields} fields, the header has {WIDTH}")
    return ("\n".join(out) + "\n").encode("ascii"), problems


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("row"), st.integers(1, WIDTH)),
            st.tuples(st.just("blank"), st.just(0)),
        ),
        min_size=1,
        max_size=12,
    ).filter(lambda rows: any(kind == "row" for kind, _ in rows))
)
def test_every_short_row_is_named_and_no_full_row_is(tmp_path_factory, rows):
    data, problems = _lines(rows)
    path = Path(tmp_path_factory.mktemp("rows")) / "w.csv"
    path.write_bytes(data)
    if not problems:
        frame = read_delimited(path, None)
        assert frame.shape[1] == WIDTH
        return
    with pytest.raises(WaveFormatError, match="fewer fields") as info:
        read_delimited(path, None)
    assert info.value.problems == problems or str(info.value).count("line") >= len(problems)
    for problem in problems:
        assert problem in str(info.value)


def test_a_full_file_with_blank_last_cells_is_read(tmp_path):
    # rows ending in an empty cell are candidates; the delimiter count clears them all
    path = tmp_path / "w.csv"
    path.write_bytes(b"id,q1,q2\n1,a,\n\n2,,\n3,b,c\n")
    frame = read_delimited(path, None)
    assert frame["q2"].tolist() == ["", "", "c"]


@pytest.mark.parametrize("quoted", [False, True])
def test_a_short_row_is_found_with_or_without_quotes(tmp_path, quoted):
    first = '"1"' if quoted else "1"
    path = tmp_path / "w.csv"
    path.write_bytes(f"id,q1,q2\n{first},a,b\n2,c\n3,d,\n".encode("ascii"))
    with pytest.raises(WaveFormatError, match="fewer fields") as info:
        read_delimited(path, None)
    assert info.value.line == 3
