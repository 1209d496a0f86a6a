"""The report's audit, computed once for the checks' tests."""

from __future__ import annotations

import pandas as pd
import pytest

from lscb_survey.checks.runner import audit


@pytest.fixture(scope="session")
def report_audit() -> pd.DataFrame:
    return audit()
