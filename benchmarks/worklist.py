"""The Today worklist at clinic scale: the service against raw sqlite3, in the same run.

Usage: python benchmarks/worklist.py [--followups N] [--repeats R] [--fresh]

A copy of the 100,000-patient demo database gets N extra open follow-ups (default 60,000:
three for each of 20,000 patients, due from 30 days ago to 200 days ahead, a third with a
logged attempt). Each repeat loads the default worklist (overdue and due within a week) and
the bucket counts through `services.followups.worklist`: a session, the permission check,
the indexed query, the patients' names and phones and the attempts in batch, and the DTOs.
The baseline runs the equivalent SELECTs through sqlite3 on one open connection. Figures:
median and p95 per path and the ratio. Target: the worklist opens in well under a second.
No asserts: these are measurements to read and keep in the closing notes.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from demo_database import PASSWORD, USER, demo_database, median, percentile

TYPES = ("titration_check", "efficacy_review", "refill_due", "routine_review")


def seeded_copy(source: Path, followups: int) -> Path:
    target = source.with_name(source.stem + f"-worklist{followups}.sqlite3")
    if target.exists():
        return target
    shutil.copy(source, target)
    rng = random.Random(5)
    today = datetime.now(UTC).date()
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    with sqlite3.connect(target) as connection:
        patients = [
            row[0]
            for row in connection.execute("SELECT id FROM patients ORDER BY id LIMIT ?", (followups // 3,))
        ]
        staff = connection.execute("SELECT id FROM users ORDER BY id").fetchall()
        rows = []
        for index in range(followups):
            due = (today + timedelta(days=rng.randint(-30, 200))).isoformat()
            rows.append((patients[index % len(patients)], rng.choice(TYPES), due, due, now))
        connection.executemany(
            "INSERT INTO followups (patient_id, type, due_date, work_date, reason, generated, status, worked,"
            " created_at, updated_at, version)"
            " VALUES (?, ?, ?, ?, 'Benchmark follow-up', 1, 'open', 0, ?, ?, 1)",
            [(p, t, d, w, c, c) for p, t, d, w, c in rows],
        )
        ids = [row[0] for row in connection.execute("SELECT id FROM followups")]
        connection.executemany(
            "INSERT INTO followup_attempts (followup_id, at, method, outcome, by_id)"
            " VALUES (?, ?, 'phone', 'no_answer', ?)",
            [(i, now, staff[0][0]) for i in ids if i % 3 == 0],
        )
    connection.close()
    return target


def raw_worklist(connection: sqlite3.Connection, through: date) -> int:
    rows = connection.execute(
        "SELECT f.id, f.patient_id, f.type, f.due_date, f.work_date, f.reason, f.status, f.assignee_id,"
        " f.scheduled_at, f.snoozed_until, f.version FROM followups f JOIN patients p ON p.id = f.patient_id"
        " WHERE f.status IN ('open', 'scheduled', 'snoozed') AND f.work_date <= ?"
        " ORDER BY f.work_date, f.type, p.sort_key, f.id LIMIT 2001",
        (through.isoformat(),),
    ).fetchall()
    today = through - timedelta(days=7)
    connection.execute(
        "SELECT SUM(work_date < ?), SUM(work_date = ?), SUM(work_date > ? AND work_date <= ?),"
        " SUM(work_date > ?) FROM followups WHERE status IN ('open', 'scheduled', 'snoozed')",
        (today.isoformat(), today.isoformat(), today.isoformat(), through.isoformat(), through.isoformat()),
    ).fetchone()
    ids = [row[0] for row in rows]
    patients = sorted({row[1] for row in rows})
    for chunk_of, column, table in (
        (ids, "followup_id", "followup_attempts"),
        (patients, "patient_id", "patient_phones"),
    ):
        for start in range(0, len(chunk_of), 900):
            chunk = chunk_of[start : start + 900]
            marks = ",".join("?" * len(chunk))
            connection.execute(f"SELECT * FROM {table} WHERE {column} IN ({marks})", chunk).fetchall()
    for start in range(0, len(patients), 900):
        chunk = patients[start : start + 900]
        marks = ",".join("?" * len(chunk))
        connection.execute(
            "SELECT id, first_name, middle_name, last_name, preferred_name, mrn, date_of_birth"
            f" FROM patients WHERE id IN ({marks})",
            chunk,
        ).fetchall()
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--followups", type=int, default=60_000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--fresh", action="store_true", help="make the demo database again")
    args = parser.parse_args()
    path = seeded_copy(demo_database(fresh=args.fresh), args.followups)

    from ldnclinic.db.engine import Database
    from ldnclinic.services.container import build_services

    db = Database(f"sqlite:///{path}")
    services = build_services(db)
    actor = services.users.sign_in_for_command_line(USER, PASSWORD)
    connection = sqlite3.connect(path)
    worklist = services.followups.worklist(actor)  # warm both paths and the page cache
    raw_found = raw_worklist(connection, worklist.through)
    service_ms: list[float] = []
    raw_ms: list[float] = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        worklist = services.followups.worklist(actor)
        service_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        raw_found = raw_worklist(connection, worklist.through)
        raw_ms.append((time.perf_counter() - started) * 1000)
    connection.close()
    db.dispose()
    open_items = sum(worklist.counts.values())
    shown = f"the worklist shows {len(worklist.items):,} (raw sqlite3: {raw_found:,})"
    print(f"\n{open_items:,} open follow-ups; {shown}.")
    print(f"{'path':<10} {'median':>9} {'p95':>9}")
    print(f"{'service':<10} {median(service_ms):>7.1f}ms {percentile(service_ms, 0.95):>7.1f}ms")
    print(f"{'sqlite3':<10} {median(raw_ms):>7.1f}ms {percentile(raw_ms, 0.95):>7.1f}ms")
    print(f"ratio: {median(service_ms) / median(raw_ms):.1f}x at the median")


if __name__ == "__main__":
    main()
