"""What the safety screen finds, as data: a finding's severity, its stable key and short
reference (what an override or an acknowledgement names), and which findings a prescriber's
decision leaves uncovered."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    HARD_STOP = "hard_stop"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "Hard stop" if self is Severity.HARD_STOP else "Warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of the screen. `code` is stable and stored; `message` is for the prescriber;
    `subject` names what exactly was found (an entry, a dose, the items listed)."""

    code: str
    severity: Severity
    message: str
    subject: str = ""
    # For a finding that gathers other problems ("cannot_make"): its first sentence alone, and
    # the problems its message goes on to list, so a screen that already lists them can say
    # the headline and point there instead of repeating them.
    headline: str = ""
    restates: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """What an override or acknowledgement covers: "opioid: tramadol 50 mg", "liver"."""
        return f"{self.code}: {self.subject}" if self.subject else self.code

    @property
    def ref(self) -> str:
        return finding_ref(self.key)


def hard_stops(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(finding for finding in findings if finding.severity is Severity.HARD_STOP)


def warnings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(finding for finding in findings if finding.severity is Severity.WARNING)


def uncovered(
    findings: Iterable[Finding], overridden: Iterable[str], acknowledged: Iterable[str]
) -> tuple[Finding, ...]:
    """Findings a prescriber's decision does not cover: each hard stop must be overridden and
    each warning acknowledged by its own key, so anything new (another opioid, a higher dose,
    another item on a warning's list) is uncovered even when its code was seen before."""
    stops, seen = set(overridden), set(acknowledged)
    return tuple(
        finding
        for finding in findings
        if finding.key not in (stops if finding.severity is Severity.HARD_STOP else seen)
    )


def finding_ref(key: str) -> str:
    """A short, stable reference for a finding's key, for typing on the command line ("a3f9c1")."""
    return hashlib.sha256(key.encode()).hexdigest()[:6]
