"""The codebook schema: every wrongly typed or inconsistent value is a CodebookError at load time.

Each case names the TOML key path the error must point at (``err.column``), so
a message that lands on the wrong key fails as well.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lscb_survey.data.codebook import Codebook, read_codebook
from lscb_survey.errors import CodebookError

SCALE = '[scales.agree3]\nlevels = ["Agree", "Neutral", "Disagree"]\ncentre = "Neutral"\n'
ITEM = '[[items]]\nid = "q1"\nlabel = "Q one"\nscale = "agree3"\n'


def _read(tmp_path: Path, text: str) -> Codebook:
    path = tmp_path / "book.toml"
    path.write_text(text, encoding="utf-8")
    return read_codebook(path)


# (case, TOML text, key path named by the error)
BAD = [
    ("scale not a table", "scales = { agree3 = 3 }\n" + ITEM, "scales.agree3"),
    ("scales not a table", "scales = 3\n" + ITEM, "scales"),
    ("levels a string", '[scales.agree3]\nlevels = "Yes"\n' + ITEM, "scales.agree3.levels"),
    (
        "level not a string",
        '[scales.agree3]\nlevels = ["A", 2]\n' + ITEM,
        "scales.agree3.levels[1]",
    ),
    ("empty level", '[scales.agree3]\nlevels = ["A", ""]\n' + ITEM, "scales.agree3.levels"),
    ("blank level", '[scales.agree3]\nlevels = ["A", "  "]\n' + ITEM, "scales.agree3.levels"),
    ("blank missing level", SCALE + 'missing = [" "]\n' + ITEM, "scales.agree3.missing"),
    (
        "missing_codes not integers",
        SCALE + 'missing_codes = ["9"]\n' + ITEM,
        "scales.agree3.missing_codes[0]",
    ),
    ("missing_codes a number", SCALE + "missing_codes = 9\n" + ITEM, "scales.agree3.missing_codes"),
    (
        "missing_codes floats",
        SCALE + "missing_codes = [9.0]\n" + ITEM,
        "scales.agree3.missing_codes[0]",
    ),
    (
        "missing_codes repeated",
        SCALE + "missing_codes = [9, 9]\n" + ITEM,
        "scales.agree3.missing_codes",
    ),
    ("scores mixed types", SCALE + 'scores = [3, "2", 1]\n' + ITEM, "scales.agree3.scores[1]"),
    ("scores a boolean", SCALE + "scores = [3, true, 1]\n" + ITEM, "scales.agree3.scores[1]"),
    ("scores not finite", SCALE + "scores = [3, nan, 1]\n" + ITEM, "scales.agree3.scores"),
    (
        "centre a number",
        '[scales.agree3]\nlevels = ["A", "B", "C"]\ncentre = 2\n' + ITEM,
        "scales.agree3.centre",
    ),
    (
        "centre outside the scale",
        '[scales.agree3]\nlevels = ["A", "B", "C"]\ncentre = "X"\n' + ITEM,
        "scales.agree3.centre",
    ),
    ("codes not a table", SCALE + "codes = [1, 2]\n" + ITEM, "scales.agree3.codes"),
    ("code label not a string", SCALE + "codes = { 1 = 1 }\n" + ITEM, "scales.agree3.codes.1"),
    ("code not a number", SCALE + 'codes = { one = "Agree" }\n' + ITEM, "scales.agree3.codes.one"),
    (
        "code in other digits",
        SCALE + 'codes = { "\u0663" = "Agree" }\n' + ITEM,
        'scales.agree3.codes."\u0663"',
    ),
    (
        "codes 1 and 01",
        SCALE + 'codes = { "1" = "Agree", "01" = "Neutral" }\n' + ITEM,
        "scales.agree3.codes",
    ),
    (
        "item id a list",
        SCALE + '[[items]]\nid = ["q"]\nlabel = "Q"\nscale = "agree3"\n',
        "items[0].id",
    ),
    (
        "item id a number",
        SCALE + '[[items]]\nid = 7\nlabel = "Q"\nscale = "agree3"\n',
        "items[0].id",
    ),
    (
        "item id unsafe",
        SCALE + '[[items]]\nid = "../q"\nlabel = "Q"\nscale = "agree3"\n',
        "items[0].id",
    ),
    (
        "label blank",
        SCALE + '[[items]]\nid = "q"\nlabel = " "\nscale = "agree3"\n',
        "items[0].label",
    ),
    ("table a string", SCALE + ITEM + 'table = "7"\n', "items[0].table"),
    ("table a float", SCALE + ITEM + "table = 7.0\n", "items[0].table"),
    ("table outside 5-10", SCALE + ITEM + "table = 11\n", "items[0].table"),
    ("items not an array", "items = 3\n" + SCALE, "items"),
    ("item not a table", 'items = ["q"]\n' + SCALE, "items[0]"),
    ("id_column a list", '[codebook]\nid_column = ["a"]\n' + SCALE + ITEM, "codebook.id_column"),
    (
        "weight_column a list",
        '[codebook]\nweight_column = ["w"]\n' + SCALE + ITEM,
        "codebook.weight_column",
    ),
    ("unknown top-level table", "[scale.agree3]\nlevels = []\n" + SCALE + ITEM, "(top level)"),
    ("unknown codebook key", '[codebook]\nnmae = "x"\n' + SCALE + ITEM, "codebook"),
    (
        "scale name with a path",
        '[scales."../../x"]\nlevels = ["A", "B"]\n[[items]]\nid = "q"\nlabel = "Q"\nscale = "../../x"\n',
        'scales."../../x"',
    ),
    ("attribute not a table", SCALE + ITEM + "[attributes]\nregion = 3\n", "attributes.region"),
    (
        "attribute levels a string",
        SCALE + ITEM + '[attributes.region]\nlabel = "R"\nlevels = "North"\n',
        "attributes.region.levels",
    ),
    (
        "attribute ordered a string",
        SCALE + ITEM + '[attributes.region]\nlabel = "R"\nordered = "yes"\n',
        "attributes.region.ordered",
    ),
    (
        "attribute unknown key",
        SCALE + ITEM + '[attributes.region]\nlabel = "R"\ncolour = 1\n',
        "attributes.region",
    ),
]


@pytest.mark.parametrize(("text", "path"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_codebook_names_the_key(tmp_path, text, path):
    with pytest.raises(CodebookError) as info:
        _read(tmp_path, text)
    assert info.value.column == path
    assert info.value.file == str(tmp_path / "book.toml")
    assert "Traceback" not in str(info.value)


def test_levels_given_as_one_string_are_not_split_into_letters(tmp_path):
    with pytest.raises(CodebookError, match="levels") as info:
        _read(
            tmp_path,
            '[scales.yn]\nlevels = "Yes"\n[[items]]\nid = "q"\nlabel = "Q"\nscale = "yn"\n',
        )
    assert info.value.value == "Yes"


def test_codes_that_are_the_same_number_collide(tmp_path):
    text = SCALE + 'codes = { "1" = "Agree", "01" = "Neutral" }\n' + ITEM
    with pytest.raises(CodebookError, match="'01' is the same code as '1'"):
        _read(tmp_path, text)


def test_every_problem_is_listed_and_long_values_are_elided(tmp_path):
    long = "x" * 100_000
    text = (
        f'[codebook]\nid_column = ["{long}"]\n'
        + SCALE
        + f'[[items]]\nid = "{long}"\nlabel = "Q"\nscale = "agree3"\ntable = 4\n'
    )
    with pytest.raises(CodebookError) as info:
        _read(tmp_path, text)
    message = str(info.value)
    assert len(message) < 2_000
    for path in ("codebook.id_column", "items[0].id", "items[0].table"):
        assert path in message


def test_valid_codebook_with_attributes_and_partial_tables(tmp_path):
    text = (
        '[codebook]\nname = "n"\nid_column = "case"\n'
        + SCALE
        + 'codes = { 1 = "Agree", "+2" = "Neutral", 3 = "Disagree" }\nmissing_codes = [-9, 9]\n'
        + ITEM
        + "table = 7\n"
        + '[[items]]\nid = "q2"\nlabel = "Q two"\nscale = "agree3"\n'
    )
    schema_only = (
        text + '[attributes.region]\nlabel = "Region"\nlevels = ["North"]\nordered = false\n'
    )
    path = Path(tmp_path / "ok.toml")
    path.write_text(text, encoding="utf-8")
    book = read_codebook(path)
    assert book.scale_of("q1").codes == {1: "Agree", 2: "Neutral", 3: "Disagree"}
    assert [i.table for i in book.items] == [7, None]
    import tomllib

    from lscb_survey.data.codebook_schema import validate_codebook_spec

    validate_codebook_spec(tomllib.loads(schema_only), "ok.toml")  # attributes pass the schema
