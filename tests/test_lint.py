"""Our Python passes pyflakes: no unused imports or names, no undefined ones."""

import subprocess
import sys

from conftest import ROOT


def test_pyflakes_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "pyflakes", "smartcity", "tests", "bench", "tasks.py",
                             "pelicanconf.py"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
