"""An item nobody answered on the scale: undefined shares flow through tables, figures and the page."""

from __future__ import annotations

import re

import pandas as pd

import lscb_survey as ls
from lscb_survey.config import examples_dir
from lscb_survey.present.pipelines import wave_summary
from lscb_survey.present.report import wave_report


def test_outputs_of_a_wave_with_an_unanswered_item(tmp_path):
    df = pd.read_csv(examples_dir() / "wave-example.csv", dtype=str, keep_default_na=False)
    df["t7_innovation"] = ""  # every respondent left it blank: all "Not specified"
    wave = ls.wave_from_responses(df, name="blank")
    result = wave_summary(wave, tmp_path / "s")
    assert (tmp_path / "s" / "figure-table07.png") in result.files
    summary = pd.read_csv(tmp_path / "s" / "summary.csv").set_index("item_id")
    row = summary.loc["t7_innovation"]
    assert row[["top2_pct", "net_pct", "mean", "rank"]].isna().all()
    assert summary.drop("t7_innovation").query("table == 7")["rank"].max() == 8  # ranks of 8 items
    page = wave_report(wave, tmp_path / "r").read_text(encoding="utf-8")
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page)
    assert "Encourages innovation" in text
    assert not re.search(r"\b(nan|NaN|<NA>|None)\b", text)  # "none: every count is shown" is prose
