"""Processed data is derived, deterministic and never stale."""

from __future__ import annotations

import json

import pytest

from lscb_survey import config, survey
from lscb_survey.present.processed import write_processed


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    write_processed(out)
    return out


def test_processed_files_are_byte_identical_to_committed(regenerated):
    committed = config.processed_dir()
    fresh = sorted(p.name for p in regenerated.iterdir())
    assert fresh == sorted(p.name for p in committed.iterdir() if p.is_file())
    stale = [n for n in fresh if (regenerated / n).read_bytes() != (committed / n).read_bytes()]
    assert stale == [], f"run `lscb-survey reproduce`: stale processed files {stale}"


def test_datapackage_validates_with_frictionless(regenerated):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(regenerated / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:10]


def test_datapackage_describes_categories_and_keys(regenerated):
    package = json.loads((regenerated / "datapackage.json").read_text(encoding="utf-8"))
    assert package["sources"][0]["title"] == survey.CITATION
    by_name = {r["name"]: r for r in package["resources"]}
    fields = {f["name"]: f for f in by_name["table07"]["schema"]["fields"]}
    assert fields["response"]["categories"][:2] == ["Strongly agree", "Agree"]
    assert fields["response"]["categoriesOrdered"] is True
    assert fields["count"]["type"] == "integer"
    assert by_name["table07"]["schema"]["primaryKey"] == ["table", "item_id", "response"]
