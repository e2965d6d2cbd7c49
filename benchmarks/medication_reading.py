"""How long reading a medication entry takes, against a baseline measured in the same run.

The chart reads every entry when it opens, the patient form on every keystroke, and the
safety screen at save, approval and printing. The baseline is one case-insensitive regular
expression of the same names run over the same text: what the simplest screen would cost.
`classify_medication` is cached, so the measured calls use the uncached function.

    .venv/bin/python benchmarks/medication_reading.py
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from ldnclinic.domain.medications.matching import terms  # noqa: E402
from ldnclinic.domain.medications.reading import classify_medication  # noqa: E402

ENTRIES = [
    ("Levothyroxine", "50 mcg daily", None),
    ("Norco", "5/325 1 tab q6h prn", None),
    ("Vitamin D3", "2000 IU", None),
    ("Metformin", "500 mg twice a day", None),
    ("Gabapentin", "300 mg at bedtime", None),
    ("LDN", "4.5 mg", "compounded"),
    ("Tylenol", "3", None),
    ("оxycodоne", "10 mg", None),  # Cyrillic o: the slow path through the look-alike table
]
ROUNDS = 400


def _median_us(function: object, rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for name, dose, note in ENTRIES:
            function(name, dose, note)  # type: ignore[operator]
        times.append((time.perf_counter() - start) / len(ENTRIES))
    return statistics.median(times) * 1e6


def main() -> None:
    names = sorted(terms().by_phrase, key=len, reverse=True)
    baseline_pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)

    def baseline(name: str, dose: str | None, note: str | None) -> bool:
        return baseline_pattern.search(" ".join(p for p in (name, dose or "", note or "") if p)) is not None

    uncached = classify_medication.__wrapped__
    baseline(*ENTRIES[0])
    uncached(*ENTRIES[0])  # loads the term list
    base = _median_us(baseline)
    ours = _median_us(uncached)
    print(f"one regular expression over the names: {base:8.1f} µs per entry")
    print(f"classify_medication (uncached):        {ours:8.1f} µs per entry  ({ours / base:.1f}x)")
    print(f"{len(names)} names and abbreviations in the term list")


if __name__ == "__main__":
    main()
