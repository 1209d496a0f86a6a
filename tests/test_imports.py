"""Importing the package stays light: no plotting or scipy at import time.

Each check runs in a fresh interpreter, because the test process itself has
long since imported matplotlib (conftest) and whatever other tests needed.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("matplotlib", "scipy", "seaborn")


def _loaded_after(statement: str) -> list[str]:
    """Which of the heavy packages are in ``sys.modules`` after ``statement``, in a new process."""
    code = (
        "import json, sys\n"
        f"{statement}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "statement",
    [
        "import lscb_survey",
        "import lscb_survey as ls; ls.SurveyDataError; ls.__version__; dir(ls)",
        "import lscb_survey.cli",
    ],
)
def test_import_does_not_load_plotting_or_scipy(statement: str) -> None:
    assert _loaded_after(statement) == []


def test_check_sees_heavy_imports() -> None:
    # The check itself must be able to fail: importing a plotting module is seen.
    assert _loaded_after("import lscb_survey, matplotlib") == ["matplotlib"]
    assert _loaded_after("import lscb_survey, scipy") == ["scipy"]


@pytest.mark.parametrize(
    "statement",
    [
        "import lscb_survey.plots as p; f = p.diverging_bars",
        "from lscb_survey.plots import diverging_bars as f",
        "import lscb_survey as ls; f = ls.plots.diverging_bars",
    ],
)
def test_plots_module_named_in_the_readme_imports(statement: str) -> None:
    # The README names ``lscb_survey.plots``; every way of importing it gives the one module.
    code = (
        f"{statement}\n"
        "import lscb_survey.present.plots as target\n"
        "import sys\n"
        "assert f is target.diverging_bars\n"
        "assert sys.modules['lscb_survey.plots'] is target\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
