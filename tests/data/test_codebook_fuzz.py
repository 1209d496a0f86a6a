"""Property test of the codebook loader on generated and mutated codebooks.

Whatever the parsed TOML, :meth:`Codebook.from_dict` (what ``read_codebook``
calls after parsing) either raises :class:`~lscb_survey.errors.CodebookError`
or returns a codebook that keeps every rule of ``docs/codebook.md``. The
suite runs hypothesis' default number of examples; ``make fuzz`` runs the
"fuzz" profile (``HYPOTHESIS_PROFILE=fuzz``, see ``tests/conftest.py``).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lscb_survey.data.codebook import Codebook
from lscb_survey.data.names import is_safe_name
from lscb_survey.data.scales import normalise_label
from lscb_survey.errors import CodebookError
from lscb_survey.survey import LIKERT_TABLES

# mostly safe names and distinct labels, so that many generated codebooks are valid
SAFE = ["agree3", "yesno", "q1", "q2", "q3", "Q1", "a.b", "_x"]
NAMES = st.sampled_from(SAFE * 4 + ["a b", "../x", "", "con", "x" * 70])
GOOD_LABELS = ["Agree", "Neutral", "Disagree", "Yes", "No", "Don't know", "Not specified"]
LABELS = st.sampled_from(GOOD_LABELS * 3 + ["agree ", "", " ", "Don\u2019t know", "AGREE"])
KEYS = st.sampled_from(
    [
        *("levels", "scores", "centre", "missing", "codes", "missing_codes", "id", "label"),
        *("scale", "table", "column", "section", "block", "short", "name", "id_column"),
        *("weight_column", "attributes", "ordered", "scael", "1", "01", "\u0663"),
    ]
)
# any value a TOML file can hold (date-times aside)
SCALARS = (
    st.text(max_size=6)
    | LABELS
    | st.integers(-3, 12)
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS | NAMES, inner, max_size=4),
    max_leaves=12,
)


@st.composite
def scale_specs(draw: st.DrawFn) -> dict[str, Any]:
    good = st.lists(st.sampled_from(GOOD_LABELS), min_size=2, max_size=5, unique=True)
    levels = draw(good | good | st.lists(LABELS, min_size=2, max_size=5))
    spec: dict[str, Any] = {"levels": levels}
    if draw(st.booleans()):
        decreasing = [float(len(levels) - i) for i in range(len(levels))]
        spec["scores"] = draw(
            st.just(decreasing) | st.lists(st.integers(-2, 6) | st.floats(-2, 6), max_size=5)
        )
    if draw(st.booleans()):
        spec["centre"] = draw(st.sampled_from(levels) | LABELS | st.lists(LABELS, max_size=3))
    if draw(st.booleans()):
        spec["missing"] = draw(
            st.lists(st.sampled_from(GOOD_LABELS), max_size=2) | st.lists(LABELS, max_size=2)
        )
    if draw(st.booleans()):
        codes = st.sampled_from(["1", "2", "3", "01", "-9", "+2", "x", "\u0663"])
        spec["codes"] = draw(st.dictionaries(codes, LABELS | st.sampled_from(levels), max_size=4))
    if draw(st.booleans()):
        spec["missing_codes"] = draw(st.lists(st.integers(-99, 99), max_size=3))
    return spec


@st.composite
def codebook_specs(draw: st.DrawFn) -> dict[str, Any]:
    """A codebook that is often valid, with some of its values replaced at random."""
    scales = draw(st.dictionaries(NAMES, scale_specs(), min_size=1, max_size=2))
    item = st.fixed_dictionaries(
        {"id": NAMES, "label": LABELS, "scale": st.sampled_from(sorted(scales))},
        optional={
            "table": st.sampled_from([5, 6, 7, 8, 9, 10, 11, 0, "7", 7.0]),
            "column": NAMES,
            "section": st.text(max_size=5),
        },
    )
    spec: dict[str, Any] = {"scales": scales, "items": draw(st.lists(item, min_size=1, max_size=3))}
    if draw(st.booleans()):
        spec["codebook"] = draw(
            st.fixed_dictionaries({}, optional={"name": NAMES, "id_column": NAMES | VALUES})
        )
    if draw(st.booleans()):
        attr = st.fixed_dictionaries(
            {"label": LABELS},
            optional={"levels": st.lists(LABELS, max_size=3), "ordered": st.booleans() | VALUES},
        )
        spec["attributes"] = draw(st.dictionaries(NAMES, attr, max_size=2))
    for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3]))):
        _mutate(spec, draw)
    return spec


def _mutate(spec: dict[str, Any], draw: st.DrawFn) -> None:
    """Replace, delete or add one value somewhere in ``spec``."""
    node: Any = spec
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            return
        key = draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, dict | list) and child and draw(st.booleans()):
            node = child
            continue
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            node[key] = draw(VALUES)
        elif action == "delete":
            del node[key]
        elif isinstance(node, dict):
            node[draw(KEYS | NAMES)] = draw(VALUES)
        else:
            node.append(draw(VALUES))
        return


def _check_accepted(book: Codebook) -> None:
    """Everything docs/codebook.md promises of a codebook that loads."""
    assert book.scales and book.items
    assert len({i.id for i in book.items}) == len(book.items)
    assert len({i.source_column for i in book.items}) == len(book.items)
    for name, scale in book.scales.items():
        assert is_safe_name(name)
        keys = [normalise_label(c) for c in scale.categories]
        assert all(keys) and len(set(keys)) == len(keys)
        assert len(scale.levels) >= 2 and len(scale.scores) == len(scale.levels)
        assert all(isinstance(c, int) and not isinstance(c, bool) for c in scale.codes)
        assert set(scale.codes.values()) <= set(scale.categories)
        assert all(isinstance(c, int) for c in scale.missing_codes)
        centre = scale.centre
        assert centre is None or (
            set([centre] if isinstance(centre, str) else centre) <= set(scale.levels)
        )
    for item in book.items:
        assert is_safe_name(item.id) and item.scale in book.scales
        assert item.table is None or item.table in LIKERT_TABLES
        assert isinstance(item.label, str) and item.label.strip()


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codebook_specs())
def test_loader_raises_codebook_error_or_returns_a_valid_codebook(spec):
    original = copy.deepcopy(spec)
    try:
        book = Codebook.from_dict(spec, source="fuzz.toml")
    except CodebookError as exc:
        assert exc.file == "fuzz.toml"
        assert len(str(exc)) < 5_000
    else:
        _check_accepted(book)
    assert spec == original  # the input is not changed


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS | NAMES | st.text(max_size=4), VALUES, max_size=5))
def test_loader_on_arbitrary_tables(spec):
    try:
        book = Codebook.from_dict(spec, source="fuzz.toml")
    except CodebookError:
        return
    _check_accepted(book)


@pytest.mark.parametrize(
    "attributes",
    [
        {"agree3": {"label": "Agree"}},  # its column is an item's column
        {"agree3": {"label": "A", "levels": ["Agree", "agree "]}},  # levels the same
        {"agree3": {"label": "A", "levels": []}},  # no levels
        {"agree3": "Region"},  # not a table
        [],  # not a table of tables
    ],
)
def test_attribute_errors_name_the_codebook_file(attributes):
    """Found by ``make fuzz``: errors about [attributes] named no file."""
    spec = {
        "scales": {"agree3": {"levels": ["Agree", "Neutral"]}},
        "items": [{"id": "agree3", "label": "Agree", "scale": "agree3"}],
        "attributes": attributes,
    }
    with pytest.raises(CodebookError) as info:
        Codebook.from_dict(spec, source="fuzz.toml")
    assert info.value.file == "fuzz.toml" and str(info.value).count("fuzz.toml") == 1
    assert info.value.column is not None and str(info.value.column).startswith("attributes")
