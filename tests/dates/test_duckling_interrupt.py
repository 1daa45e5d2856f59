"""Ctrl-C during a Duckling parse raises KeyboardInterrupt in Python (the CLI then exits 130 with
its message) instead of Duckling's runtime ending the process with "wparseText: interrupted"."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

# The child puts Python's own Ctrl-C handler in place first: a process started in the
# background by a non-interactive shell inherits SIGINT ignored, and Python then leaves it so.
SCRIPT = """
import signal
import sys
from datetime import datetime
signal.signal(signal.SIGINT, signal.default_int_handler)
from eventwire.dates._duckling import duckling_parse
text = "Fighting continued in the city on Monday, officials said. " * 400
duckling_parse("today", datetime(2026, 3, 9))
print("ready", flush=True)
try:
    while True:
        duckling_parse(text, datetime(2026, 3, 9))
except KeyboardInterrupt:
    print("KeyboardInterrupt", flush=True)
    sys.exit(130)
"""


def test_ctrl_c_in_a_duckling_parse_is_a_keyboard_interrupt() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(1.0)  # inside a parse of 23,600 characters (several seconds)
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError("Ctrl-C was lost: the parse loop still ran 120 s later") from None
    assert "wparseText" not in err and "interrupted" not in err, err
    assert proc.returncode == 130, (out, err)
    assert "KeyboardInterrupt" in out
