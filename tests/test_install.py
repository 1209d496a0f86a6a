"""The built wheel carries the raw data and works from outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent(
    """
    import lscb_survey as ls
    from lscb_survey import config
    assert config.PROJECT_ROOT is None, config.PROJECT_ROOT
    assert "site-packages" in ls.__file__, ls.__file__
    assert "_raw" in str(config.raw_dir())
    ls.verify_checksums()
    from importlib.resources import files
    templates = files("lscb_survey.present.report").joinpath("templates")
    assert templates.joinpath("report.html.j2").is_file(), "report template missing"
    assert templates.joinpath("report.css").is_file(), "report style missing"
    t7 = ls.load_table(7)
    print(len(t7), int(t7["count"].sum()))
    """
)


@pytest.mark.slow
def test_wheel_installs_and_loads_a_table_outside_the_checkout(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(dist.glob("lscb_survey-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True
    )
    # Dependencies (pandas, ...) come from the test environment, read-only; the project's own
    # editable install there is not visible because .pth files of an added path are not run.
    purelib = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (purelib / "test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    result = subprocess.run([str(py), "-c", SCRIPT], cwd=work, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # Table 7: 9 items x 6 responses; 9 x 57 respondents.
    assert result.stdout.split() == ["54", str(9 * 57)]
