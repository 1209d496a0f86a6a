"""Shared test set-up: Agg backend, figures closed after each test, seeded randomness."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg", force=True)

from lscb_survey import config  # noqa: E402


@pytest.fixture(autouse=True)
def _seed_and_close():
    random.seed(20120501)
    np.random.seed(20120501)  # noqa: NPY002  (seeds any legacy global-state use)
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of the raw data folder, for planting faults."""
    target = tmp_path / "raw"
    shutil.copytree(config.raw_dir(), target)
    return target


# Property tests run few examples in the suite; `make fuzz` selects the "fuzz" profile
# (HYPOTHESIS_PROFILE=fuzz) to run many more, with no deadline.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "fuzz",
    settings(
        max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")),
        deadline=None,
        suppress_health_check=list(HealthCheck),
    ),
)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
