"""Every package imports on its own, in a fresh interpreter (no import cycles hidden by order)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import eventwire

PACKAGES = sorted(m.name for m in pkgutil.iter_modules(eventwire.__path__, "eventwire."))


@pytest.mark.parametrize("module", PACKAGES)
def test_module_imports_alone(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
