"""Respondent attributes declared in codebooks."""

from __future__ import annotations

import pytest

import lscb_survey as ls
from lscb_survey.data.attributes import Attribute, parse_attributes
from lscb_survey.data.codebook import Codebook
from lscb_survey.errors import CodebookError

BASE = {
    "scales": {"agree3": {"levels": ["Agree", "Neutral", "Disagree"], "centre": "Neutral"}},
    "items": [{"id": "q1", "label": "Question 1", "scale": "agree3"}],
}


def _book(attributes: object) -> Codebook:
    return Codebook.from_dict({**BASE, "attributes": attributes}, source="t.toml")


@pytest.mark.parametrize(("attr_id", "table"), [("lscb_type", 1), ("region", 2)])
def test_built_in_attributes_are_the_categories_of_tables_1_and_2(attr_id, table):
    attr = ls.default_codebook().attribute(attr_id)
    printed = list(ls.load_table(table)["category"].astype(str))
    assert list(attr.categories or ()) == printed
    assert attr.source_column == attr_id and not attr.ordered


def test_attribute_keys_parse():
    book = _book(
        {"size": {"label": "Size", "column": "S", "levels": ["Small", "Large"], "ordered": True}}
    )
    (attr,) = book.attributes
    assert attr == Attribute("size", "Size", "S", ("Small", "Large"), True)
    assert attr.categories == ("Small", "Large", "Not specified")
    assert book.attribute("size") is attr
    with pytest.raises(KeyError, match="size"):
        book.attribute("region")


def test_not_specified_listed_is_not_repeated():
    attr = Attribute("a", "A", levels=("X", "not specified"))
    assert attr.categories == ("X", "not specified")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"a": {"label": "A", "colour": 1}}, "unknown keys"),
        ({"a": {"column": "x"}}, "lacks a label"),
        ({"a": {"label": "A", "levels": "X"}}, "levels must be"),
        ({"a": {"label": "A", "levels": []}}, "levels must be"),
        ({"a": {"label": "A", "ordered": "yes"}}, "ordered"),
        ({"a": {"label": "A", "levels": ["North", " north "]}}, "same after normalisation"),
        ({"a": {"label": "A", "column": "q1"}}, "also used by"),
        ({"a": {"label": "A"}, "b": {"label": "B", "column": "a"}}, "also used by"),
        ({"a": "Region"}, "must be a table"),
    ],
)
def test_malformed_attributes(spec, message):
    with pytest.raises(CodebookError, match=message):
        _book(spec)


def test_attributes_must_be_tables():
    with pytest.raises(CodebookError, match="attributes"):
        parse_attributes(["region"], "t.toml")


def test_with_columns_keeps_attributes():
    book = ls.default_codebook().with_columns({"t9_sanctions": "Q9"})
    assert book.attributes == ls.default_codebook().attributes
