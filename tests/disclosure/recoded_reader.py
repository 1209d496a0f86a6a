"""The reader of a suppressed wave report: its pages read back, and the bounds of its hidden cells.

Used by ``test_disclosure_recoded_attack.py``: everything here works from what the
report publishes (HTML, workbook) and the library's parameters, never its frames.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import numpy as np

THRESHOLD = 5
MARK = "[c]"

__all__ = [
    "MARK",
    "THRESHOLD",
    "Model",
    "Published",
    "Table",
    "build",
    "check_alt_texts",
    "check_tests_and_summaries",
    "check_workbook",
    "group_tables",
    "intervals",
    "printed_tables",
    "read_page",
    "withheld_splits",
]

# --- the published page, read back -------------------------------------------------------------


@dataclass
class Table:
    attrs: dict[str, str]
    caption: str = ""
    rows: list[list[tuple[str, str]]] = field(default_factory=list)  # (tag, text) per cell


class _Tables(HTMLParser):
    """Every <table> with its caption and cells, and every <img> alt text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.alts: list[str] = []
        self._cell: list[str] | None = None
        self._tag = ""
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table":
            self.tables.append(Table(a))
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self.tables:
            self.tables[-1].rows.append([])
        elif tag in ("td", "th"):
            self._cell, self._tag = [], tag
        elif tag == "img":
            self.alts.append(a.get("alt", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self.tables[-1].caption = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1].rows[-1].append((self._tag, " ".join("".join(self._cell).split())))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def read_page(path: Path) -> tuple[list[Table], list[str], str]:
    text = path.read_text(encoding="utf-8")
    parser = _Tables()
    parser.feed(text)
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return parser.tables, parser.alts, " ".join(plain.split())


def _count(cell: str) -> tuple[int | None, str | None]:
    """A table cell: its count (None if hidden) and any percentage printed with it."""
    if cell.startswith(MARK):
        return None, cell[len(MARK) :].strip() or None
    m = re.fullmatch(r"(\d+)(?: \((\d+)%\))?", cell)
    assert m, f"unreadable cell {cell!r}"
    return int(m.group(1)), m.group(2)


@dataclass
class Published:
    """What the page gives of one item."""

    levels: list[str]
    cells: list[int | None]  # overall counts in level order, None if hidden
    total: int
    groups: dict[str, tuple[int, int | None]] = field(default_factory=dict)  # n, positive


def printed_tables(
    tables: list[Table], labels: dict[str, str], by_table: dict[int, list[str]]
) -> dict[str, Published]:
    """Tables 5-10: every item's overall cells (percentages of hidden cells are a leak)."""
    out: dict[str, Published] = {}
    for t in tables:
        if "data-table" not in t.attrs:
            continue
        header = [text for _, text in t.rows[0]]
        body = [r for r in t.rows[1:] if r and r[0][0] == "th" and len(r) > 1]
        if header[1] == "Frequency":  # one item: a row per answer, then Total
            (item,) = by_table[int(t.attrs["data-table"])]
            cells = [_count(r[1][1]) for r in body]
            pct = [r[2][1] for r in body]
            for (v, _), p in zip(cells, pct, strict=True):
                assert (v is None) == (p == MARK), f"{item}: a hidden count's share is printed"
            levels = [r[0][1] for r in body]
            assert levels[-1] == "Total"
            out[item] = Published(levels[:-1], [v for v, _ in cells[:-1]], int(cells[-1][0] or 0))
            continue
        for r in body:
            item = labels[r[0][1]]
            cells = [_count(text) for _, text in r[1:]]
            for v, p in cells:
                assert v is not None or p is None, f"{item}: a hidden count's share is printed"
            out[item] = Published(header[1:-1], [v for v, _ in cells[:-1]], int(cells[-1][0] or 0))
    return out


def group_tables(tables: list[Table], shorts: dict[str, str], items: dict[str, Published]) -> None:
    """The group tables: n, positive answers and their share of n (checked against n)."""
    for t in tables:
        m = re.fullmatch(r"Positive answers by .*?: (.*)", t.caption)
        if not m or not t.attrs.get("id", "").startswith("group-summary"):
            continue
        group = m.group(1)
        for r in t.rows[1:]:
            item = shorts[r[0][1]]
            n, pos, share = int(r[1][1]), r[2][1], r[3][1]
            assert (pos == MARK) == (share == MARK), f"{group}, {item}: share of a hidden count"
            value = None if pos == MARK else int(pos)
            if value is not None and n:
                assert share == f"{100 * value / n:.1f}", (group, item, share)
            items[item].groups[group] = (n, value)


# --- the reader's bounds -----------------------------------------------------------------------


@dataclass
class Model:
    """One item's unknowns: k overall cells then (positive, other) per group."""

    pub: Published
    top: list[bool]
    groups: list[str]
    floors: list[int]  # per unknown
    upper: list[int]
    fixed: dict[int, int]  # published unknowns
    eq: list[tuple[dict[int, float], float]]

    @property
    def size(self) -> int:
        return len(self.floors)


def build(pub: Published, top: list[bool], *, open_groups: bool = False) -> Model:
    """The reader's system; ``open_groups`` hides every non-zero group cell (the cap model)."""
    k = len(pub.cells)
    groups = [g for g, (n, _) in pub.groups.items() if n > 0]
    withheld_item = all(pub.groups[g][1] is None for g in groups) and bool(groups)
    item_floor = 0 if all(v is None for v in pub.cells) else 1
    floors = [item_floor] * k
    upper = [pub.total] * k
    fixed = {j: v for j, v in enumerate(pub.cells) if v is not None}
    eq: list[tuple[dict[int, float], float]] = [({j: 1.0 for j in range(k)}, float(pub.total))]
    pos_sum: dict[int, float] = {j: -1.0 for j in range(k) if top[j]}
    for i, g in enumerate(groups):
        n, value = pub.groups[g]
        a, b = k + 2 * i, k + 2 * i + 1
        # a row whose small count its base cannot protect is withheld (zeros hidden): a
        # hidden row of base at most 9 may be one, so the reader allows 0 there
        floor = 0 if withheld_item or (value is None and n <= 9) else 1
        floors += [floor, floor]
        upper += [n, n]
        eq.append(({a: 1.0, b: 1.0}, float(n)))
        if value is not None:
            if open_groups and value not in (0, n):
                floors[a] = floors[b] = 1
            else:
                fixed[a], fixed[b] = value, n - value
        pos_sum[a] = 1.0
    if groups:
        eq.append((pos_sum, 0.0))
    return Model(pub, top, groups, floors, upper, fixed, eq)


def _lp_parts(model: Model):
    lower = np.array(model.floors, dtype=float)
    upper = np.array(model.upper, dtype=float)
    for j, v in model.fixed.items():
        lower[j] = upper[j] = v
    a = np.zeros((len(model.eq), model.size))
    b = np.zeros(len(model.eq))
    for r, (terms, rhs) in enumerate(model.eq):
        for j, c in terms.items():
            a[r, j] = c
        b[r] = rhs
    return lower, upper, a, b


def intervals(model: Model, cells: list[int], *, integer: bool) -> dict[int, tuple[float, float]]:
    """The smallest and largest value of each cell over every table agreeing with the page."""
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    lower, upper, a, b = _lp_parts(model)
    out = {}
    for j in cells:
        ends = []
        for sign in (1.0, -1.0):
            c = np.zeros(model.size)
            c[j] = sign
            if integer:
                res = milp(
                    c,
                    constraints=LinearConstraint(a, b, b),
                    bounds=Bounds(lower, upper),
                    integrality=np.ones(model.size),
                )
            else:
                res = linprog(c, A_eq=a, b_eq=b, bounds=list(zip(lower, upper, strict=True)))
            assert res.status == 0, f"the page's equations have no solution ({res.message})"
            ends.append(sign * float(res.fun))
        out[j] = (ends[0], ends[1])
    return out


def _split_labels(text: str, known: set[str]) -> list[str] | None:
    """``a and b and c`` into known labels (labels may contain ' and ')."""
    if text in known:
        return [text]
    for label in sorted(known, key=len, reverse=True):
        if text.startswith(label + " and "):
            rest = _split_labels(text[len(label) + 5 :], known)
            if rest is not None:
                return [label, *rest]
    return None


def check_alt_texts(alts, items: dict[str, Published], meta) -> int:
    """Every share in an alt text is one the published cells give; returns values checked."""
    shorts = {it.short: item_id for item_id, it in meta.items()}
    checked = 0
    for alt in alts:
        hidden_fig = "with hidden counts" in alt
        for _, names, value in re.findall(r"(Largest|Smallest): (.*?) \(([\d.]+)%\)", alt):
            table = int(re.search(r"items of Table (\d+)", alt).group(1))
            mine = {i: p for i, p in items.items() if meta[i].table == table}
            if "one question" in alt:  # one item drawn: its answers' shares
                whole = [i for i, p in mine.items() if None not in p.cells]
                assert not hidden_fig and len(whole) == 1, f"one-question figure of [c]: {alt}"
                pub = mine[whole[0]]
                levels = _split_labels(names, set(pub.levels))
                assert levels, f"alt text names something unpublished: {names!r}"
                for level in levels:
                    cell = pub.cells[pub.levels.index(level)]
                    assert cell is not None and float(value) == round(100 * cell / pub.total, 1)
                    checked += 1
                continue
            labels = _split_labels(names, {meta[i].short for i in mine})
            assert labels, f"alt text names something unpublished: {names!r}"
            for label in labels:
                pub = items[shorts[label]]
                top = [lv in meta[shorts[label]].top for lv in pub.levels]
                shown = sum(v for v, t in zip(pub.cells, top, strict=True) if t and v is not None)
                if not hidden_fig:
                    assert None not in pub.cells, f"a full figure draws {label}, which has [c]"
                if "every positive answer is hidden" in alt:
                    shown = pub.total - sum(v for v in pub.cells if v is not None)
                assert float(value) == round(100 * shown / pub.total, 1), (label, value, alt)
                checked += 1
    return checked


def withheld_splits(n: int) -> set[int]:
    """Positive counts p for which the rule withholds a group row of base n.

    The rule looks at the base alone: a row of 1 to ``2 * THRESHOLD - 1`` (threshold plus
    the upper protection level) is withheld whatever it holds.
    """
    return set(range(n + 1)) if 0 < n < 2 * THRESHOLD else set()


def _wb_cell(value) -> int | None:
    return None if value == MARK else int(value)


def check_workbook(path: Path, pub: dict[str, Published], labels, by_table, shorts) -> None:
    """The workbook publishes the page's numbers: the same cells hidden, no share of a hidden one."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    seen = grouped = 0
    for sheet in book.worksheets:
        rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
        if sheet.title.startswith("Table_"):
            header, body = rows[2], rows[3:]
            if header[1] == "Frequency":
                (item,) = by_table[int(sheet.title.split("_")[1])]
                counts = [_wb_cell(r[1]) for r in body[:-1]]
                assert all(
                    (c is None) == (r[2] == MARK) for c, r in zip(counts, body, strict=False)
                )
                assert counts == pub[item].cells, f"workbook {sheet.title} differs from the page"
                seen += 1
                continue
            for r in body:
                if r[1] not in labels:
                    continue
                item = labels[r[1]]
                values = r[2:-2]
                counts = [_wb_cell(v) for v in values[::2]]
                for c, share in zip(counts, values[1::2], strict=True):
                    assert (c is None) == (share == MARK), (
                        f"workbook {item}: share of a hidden count"
                    )
                assert counts == pub[item].cells, (
                    f"workbook {sheet.title} {item} differs from the page"
                )
                seen += 1
        elif sheet.title.startswith("Group_summary_"):
            group = str(rows[0][0]).split(": ", 1)[1]
            for r in rows[3:]:
                item = shorts[r[0]]
                n, value = pub[item].groups[group]
                assert int(r[1]) == n and _wb_cell(r[2]) == value, f"workbook {group} {item}"
                assert (value is None) == (r[3] == MARK)
                grouped += 1
    assert seen == len(pub) and grouped == sum(len(p.groups) for p in pub.values())


def check_tests_and_summaries(tables, pub: dict[str, Published], shorts, labels) -> None:
    """Group tests only for items with every group cell published; summaries only whole items."""
    for t in tables:
        if t.attrs.get("id") == "group-tests":
            for r in t.rows[1:]:
                item = shorts[r[0][1]]
                method, statistic, p = (c for _, c in r[2:5])
                hidden = any(v is None for _, v in pub[item].groups.values())
                if hidden:
                    assert MARK == method == statistic == p, f"{item}: test of hidden cells shown"
                tested = sum(
                    1 for g, (n, _) in pub[item].groups.items() if n >= 5 and g != "Not specified"
                )
                assert r[5][1] == str(tested), f"{item}: groups tested not from published bases"
        elif t.attrs.get("id", "").startswith("summary-"):
            for r in t.rows[1:]:
                item = labels.get(r[0][1]) or shorts.get(r[0][1])
                if item is None:  # a one-item table's summary rows are its answers
                    continue
                assert None not in pub[item].cells, f"{item}: summary of an item with [c]"
