"""Per-keystroke search latency at 100,000 patients: the service against raw sqlite3.

Usage: python benchmarks/search.py [--patients N] [--repeats R] [--fresh]

For what a person types into the search box ("g", "ga", "gar", ... "ngu", "pena", phone
digits, an MRN, a date of birth), each keystroke runs one first page (100 rows) through
`services.patients.search`: a new session, the permission check, the indexed query, the
phone lookup and the DTOs. The baseline runs the very same SQL (compiled from the service's
own statement) and the phone lookup through Python's sqlite3 on one open connection, in the
same run. Figures: p50 and p95 per group and overall, and the ratios. Target: p95 < 20 ms.
No asserts: these are measurements to read, compare and keep in the closing notes.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from datetime import date
from pathlib import Path
from typing import Any

from demo_database import PASSWORD, PATIENTS, SEED, USER, demo_database, median, percentile


def typed(text: str, start: int = 1) -> list[str]:
    """Every prefix a person produces while typing `text`."""
    return [text[:end] for end in range(start, len(text) + 1)]


def keystrokes(path: Path) -> dict[str, list[str]]:
    """Realistic typing, with a phone, an MRN and a date of birth taken from the database."""
    with sqlite3.connect(path) as connection:
        phone = connection.execute(
            "SELECT digits FROM patient_phones ORDER BY id LIMIT 1 OFFSET 5000"
        ).fetchone()[0]
        mrn, born = connection.execute("SELECT mrn, date_of_birth FROM patients WHERE id = 54321").fetchone()
    connection.close()
    year, month, day = (int(part) for part in born.split("-"))
    return {
        "name garcia": typed("garcia"),
        "name ngu(yen)": typed("nguyen"),
        "name pena": typed("pena"),
        "two words": typed("pena jo", 5),
        "phone digits": typed(phone, 3),
        "MRN": typed(mrn, 3),
        "date of birth": typed(f"{month}/{day}/{year}", 3),
    }


def raw_query(text: str, today: date) -> tuple[str, list[Any]]:
    """The service's own statement for `text`, as SQL and parameters for sqlite3."""
    from sqlalchemy.dialects import sqlite

    from ldnclinic.services.patients.search import parse_query, search_statement
    from ldnclinic.services.patients.service import PAGE_SIZE

    statement = search_statement(parse_query(text, today), None, PAGE_SIZE)
    compiled = statement.compile(dialect=sqlite.dialect(), compile_kwargs={"render_postcompile": True})
    values = compiled.construct_params()
    parameters = [values[name] for name in compiled.positiontup or ()]
    return compiled.string, [v.isoformat() if isinstance(v, date) else v for v in parameters]


def raw_search(connection: sqlite3.Connection, sql: str, parameters: list[Any]) -> int:
    rows = connection.execute(sql, parameters).fetchall()
    ids = [row[0] for row in rows]
    if ids:
        marks = ",".join("?" * len(ids))
        connection.execute(
            f"SELECT patient_id, kind, number FROM patient_phones WHERE patient_id IN ({marks})", ids
        ).fetchall()
    return len(rows)


def forget_formatted_phones() -> None:
    from ldnclinic.services import contact_checks

    cache_clear = getattr(contact_checks.display_phone, "cache_clear", None)
    if cache_clear is not None:
        cache_clear()


def measure(path: Path, repeats: int) -> None:
    from ldnclinic.db.engine import Database
    from ldnclinic.services.container import build_services

    db = Database(f"sqlite:///{path}")
    services = build_services(db)
    actor = services.users.sign_in_for_command_line(USER, PASSWORD)
    today = services.patients.today()
    connection = sqlite3.connect(path)
    groups = keystrokes(path)
    service_ms: dict[str, list[float]] = {name: [] for name in groups}
    raw_ms: dict[str, list[float]] = {name: [] for name in groups}
    by_text: dict[str, list[float]] = {}
    for text in (t for texts in groups.values() for t in texts):  # warm both paths and the page cache
        services.patients.search(actor, text)
        raw_search(connection, *raw_query(text, today))
    for _ in range(repeats):
        forget_formatted_phones()  # each round types like a new session: no phone formatted yet
        for name, texts in groups.items():
            for text in texts:
                started = time.perf_counter()
                found = len(services.patients.search(actor, text))
                service_ms[name].append((time.perf_counter() - started) * 1000)
                by_text.setdefault(text, []).append(service_ms[name][-1])
                sql, parameters = raw_query(text, today)  # compiled outside the timing
                started = time.perf_counter()
                raw_found = raw_search(connection, sql, parameters)
                raw_ms[name].append((time.perf_counter() - started) * 1000)
                if found != raw_found:
                    print(f"  note: {text!r}: service found {found}, raw sqlite3 {raw_found}")
    connection.close()
    db.dispose()
    report(groups, service_ms, raw_ms, by_text)


def report(
    groups: dict[str, list[str]],
    service_ms: dict[str, list[float]],
    raw_ms: dict[str, list[float]],
    by_text: dict[str, list[float]],
) -> None:
    print()
    columns = f"{'service p50':>11} {'p95':>7}  {'sqlite3 p50':>11} {'p95':>7}  {'ratio p95':>9}"
    print(f"{'keystrokes':<16}{'typed':>34}  {columns}")
    for name, texts in groups.items():
        s50, s95 = median(service_ms[name]), percentile(service_ms[name], 0.95)
        r50, r95 = median(raw_ms[name]), percentile(raw_ms[name], 0.95)
        shown = " ".join(texts)
        shown = shown if len(shown) <= 34 else shown[:33] + "…"
        figures = f"{s50:>9.2f}ms {s95:>5.2f}ms  {r50:>9.2f}ms {r95:>5.2f}ms  {s95 / r95:>8.1f}x"
        print(f"{name:<16}{shown:>34}  {figures}")
    every_service = [v for values in service_ms.values() for v in values]
    every_raw = [v for values in raw_ms.values() for v in values]
    s50, s95 = median(every_service), percentile(every_service, 0.95)
    r50, r95 = median(every_raw), percentile(every_raw, 0.95)
    print()
    print(
        f"All {len(every_service):,} keystrokes: service p50 {s50:.2f} ms, p95 {s95:.2f} ms; "
        f"raw sqlite3 p50 {r50:.2f} ms, p95 {r95:.2f} ms"
    )
    print(f"Ratios (service / raw sqlite3): p50 {s50 / r50:.1f}x, p95 {s95 / r95:.1f}x")
    verdict = "meets" if s95 < 20 else "MISSES"
    print(f"Target p95 < 20 ms: {verdict} ({s95:.2f} ms)")
    slowest = sorted(by_text.items(), key=lambda item: -median(item[1]))[:6]
    print("Slowest keystrokes (service p50): " + ", ".join(f"{t!r} {median(v):.1f} ms" for t, v in slowest))
    print(
        "Note: every demo phone number is in the fictional 555-0100..0199 block, so typed digits up to\n"
        "'AAA5550' still match every number of that area code; real numbers narrow down sooner."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=PATIENTS)
    parser.add_argument("--repeats", type=int, default=15, help="times each keystroke is measured")
    parser.add_argument("--fresh", action="store_true", help="make the demo database again")
    args = parser.parse_args()
    path = demo_database(args.patients, SEED, fresh=args.fresh)
    measure(path, args.repeats)


if __name__ == "__main__":
    main()
