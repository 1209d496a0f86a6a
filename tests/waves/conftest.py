"""Fixtures of the wave tests."""

from __future__ import annotations

import pytest
from waves.cases import SMALL_SPEC

from lscb_survey.data.codebook import Codebook


@pytest.fixture(scope="module")
def small() -> Codebook:
    """The small instrument of :data:`waves.cases.SMALL_SPEC`."""
    return Codebook.from_dict(SMALL_SPEC, source="small.toml")
