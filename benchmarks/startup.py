"""Start-up time: process start to the main window with its patient list loaded, at 100,000
patients, against a bare PySide6 window measured in the same run.

Usage: python benchmarks/startup.py [--runs N] [--patients N] [--fresh]

Each run is a new process, offscreen (QT_QPA_PLATFORM=offscreen), timed from spawn to exit:
- `python -c pass`, the interpreter alone;
- a bare PySide6 QApplication + QMainWindow, shown and quit at once;
- `python -m ldnclinic --smoke-test --user ... --db ...`: imports, opens the database,
  signs in (one argon2id verification at full cost), opens the main window, waits for the
  first page of the patient list, prints the seconds that took, and exits.
The three are interleaved so drift on a busy machine hits them alike. Figures are medians;
the ratio app / bare window is the number to compare between runs and machines.
No asserts: these are measurements to read.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from demo_database import PASSWORD, PATIENTS, REPO, SEED, USER, demo_database, median

BARE_WINDOW = (
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "window = QMainWindow()\n"
    "window.resize(1366, 768)\n"
    "window.show()\n"
    "QTimer.singleShot(0, app.quit)\n"
    "app.exec()\n"
)
_REPORTED = re.compile(r"in ([0-9.]+) s")


def environment(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "LDNCLINIC_PASSWORD": PASSWORD,
        "PYTHONPATH": str(REPO),
        "XDG_DATA_HOME": str(home),  # the app's logs go here, not into the real data folder
        "XDG_CONFIG_HOME": str(home),
    }
    env.pop("LDNCLINIC_DB", None)
    return env


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(command[:4])} ... failed ({result.returncode}):\n{result.stderr[-2000:]}"
        )
    return seconds, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--patients", type=int, default=PATIENTS)
    parser.add_argument("--fresh", action="store_true", help="make the demo database again")
    args = parser.parse_args()
    if not (REPO / "ldnclinic" / "app.py").exists():
        raise SystemExit("ldnclinic/app.py does not exist yet: nothing to start.")
    path = demo_database(args.patients, SEED, fresh=args.fresh)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "bare PySide6 window": [sys.executable, "-c", BARE_WINDOW],
        "ldnclinic --smoke-test": [
            sys.executable, "-m", "ldnclinic", "--smoke-test", "--user", USER, "--db", f"sqlite:///{path}",
        ],
    }  # fmt: skip
    wall: dict[str, list[float]] = {name: [] for name in commands}
    reported: list[float] = []
    with tempfile.TemporaryDirectory(prefix="ldnclinic-startup-") as home:
        env = environment(Path(home))
        for command in commands.values():  # warm the disk cache; not counted
            timed(command, env)
        for _ in range(args.runs):
            for name, command in commands.items():
                seconds, output = timed(command, env)
                wall[name].append(seconds)
                if name == "ldnclinic --smoke-test" and (match := _REPORTED.search(output)):
                    reported.append(float(match.group(1)))
    print(f"\nMedians of {args.runs} runs each, process start to exit ({args.patients:,} patients):")
    for name, samples in wall.items():
        spread = f"(min {min(samples):.3f}, max {max(samples):.3f})"
        print(f"  {name:<24}{median(samples):>7.3f} s  {spread}")
    app, bare = median(wall["ldnclinic --smoke-test"]), median(wall["bare PySide6 window"])
    print(f"Ratio ldnclinic / bare PySide6 window: {app / bare:.1f}x (extra {app - bare:.2f} s)")
    if reported:
        print(f"The app's own figure, start to patient list loaded (median): {median(reported):.3f} s")


if __name__ == "__main__":
    main()
