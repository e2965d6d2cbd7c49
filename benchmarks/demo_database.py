"""Shared by the benchmarks: a demo database of 100,000 patients, made once with
`ldnclinic demo` and kept in the temp folder (delete it, or pass --fresh, to make it again).
"""

from __future__ import annotations

import math
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `python benchmarks/x.py` works without installing the package
    sys.path.insert(0, str(REPO))

PATIENTS = 100_000
SEED = 1
USER = "jwashington"  # the demo's staff member
PASSWORD = "benchmark-password-2026"


def database_path(patients: int = PATIENTS, seed: int = SEED) -> Path:
    from ldnclinic.db.migrate import head_revision

    folder = Path(tempfile.gettempdir()) / "ldnclinic-benchmarks"
    return folder / f"demo-{patients}-seed{seed}-schema{head_revision()}.sqlite3"


def demo_database(patients: int = PATIENTS, seed: int = SEED, *, fresh: bool = False) -> Path:
    """The path of the demo database, made now (and timed) if it does not exist yet."""
    from ldnclinic import entry

    path = database_path(patients, seed)
    if fresh:
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
    if path.exists():
        print(f"Using the demo database {path} ({patients:,} patients).")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.stem + ".building.sqlite3")
    for leftover in path.parent.glob(building.name + "*"):
        leftover.unlink()
    os.environ["LDNCLINIC_PASSWORD"] = PASSWORD
    started = time.perf_counter()
    status = entry.main(
        ["--db", f"sqlite:///{building}", "demo", "--patients", str(patients), "--seed", str(seed)]
    )
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"ldnclinic demo failed with status {status}")
    with sqlite3.connect(building) as connection:  # fold the write-ahead log into the file
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    shutil.move(building, path)
    print(f"`ldnclinic demo --patients {patients:,}` took {seconds:.1f} s (target: under 60 s).")
    return path


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (samples need not be sorted)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def median(samples: list[float]) -> float:
    return statistics.median(samples)
