"""Paired bars of a comparison draw an item on the base the comparison uses."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lscb_survey import published_wave, wave_from_responses
from lscb_survey.analysis.likert import likert_shares
from lscb_survey.data.codebook import Codebook, default_codebook
from lscb_survey.present import plots
from lscb_survey.present.pipelines import comparison_figures


def test_items_offering_dont_know_are_drawn_on_the_substantive_base(tmp_path, monkeypatch):
    book = default_codebook()
    agree = book.scales["agree5"]
    dk = type(agree)(
        "agree5dk", agree.levels, agree.scores, agree.centre, (*agree.missing, "Don't know")
    )
    item = book.item("t8_willingness")
    other = Codebook(
        "dk", {"agree5dk": dk}, (type(item)(**{**item.__dict__, "scale": "agree5dk"}),)
    )
    answers = ["Agree", "Don't know", "Disagree", "", "Strongly agree"] * 12
    later = wave_from_responses(pd.DataFrame({"t8_willingness": answers}), other, name="later")
    drawn = []

    def capture(a, b, **kwargs):
        drawn.append((a, b))
        import matplotlib.pyplot as plt

        return plt.figure()

    monkeypatch.setattr(plots, "paired_diverging_bars", capture)
    comparison_figures(published_wave(), later, ("2012", "later"), tmp_path)
    a, b = next((a, b) for a, b in drawn if "t8_willingness" in set(a["item_id"]))
    for shares in (a[a.item_id == "t8_willingness"], b[b.item_id == "t8_willingness"]):
        assert shares.loc[~shares.substantive, "share"].isna().all()
        np.testing.assert_allclose(shares.loc[shares.substantive, "share"].sum(), 100)
    other_item = a[a.item_id == "t8_unmet_need"]  # only in 2012: on every respondent
    expected = likert_shares(published_wave().counts.query("item_id == 't8_unmet_need'"))
    np.testing.assert_allclose(other_item["share"], expected["share"])
