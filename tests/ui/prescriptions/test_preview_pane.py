"""The preview pane groups dose problems by what the domain says they are about, not by their text."""

from __future__ import annotations

from ldnclinic.domain.errors import Problem
from ldnclinic.domain.prescriptions.formulary import DEFAULT_FORMULARY
from ldnclinic.domain.prescriptions.supply import fit_problems
from ldnclinic.domain.prescriptions.titration import find_plan
from ldnclinic.domain.safety.findings import Finding, Severity
from ldnclinic.ui.prescriptions.preview_pane import condensed, without_repeats


def test_doses_with_the_same_problem_are_said_once() -> None:
    capsules = next(f for f in DEFAULT_FORMULARY if f.code == "CAP-1.5")
    plan = find_plan("HALF-WEEKLY")
    assert plan is not None
    assert condensed(fit_problems(capsules, plan.steps)) == [
        "0.5 mg, 1 mg, 2 mg, 2.5 mg, 3.5 mg and 4 mg cannot be given in whole capsules of 1.5 mg per "
        "capsule (CAP-1.5); choose a formula that fits."
    ]


def test_other_problems_stay_as_they_are_and_repeats_are_said_once() -> None:
    one = Problem("1 mg", "cannot be made.")
    assert condensed(
        ["The supply must be from 1 to 366 days.", one, "The supply must be from 1 to 366 days."]
    ) == [
        "The supply must be from 1 to 366 days.",
        "1 mg cannot be made.",
    ]


def test_text_that_only_looks_like_a_dose_problem_is_not_taken_apart() -> None:
    # Read as data, not text: a plain message is never split at "mg".
    assert condensed(["1 mg cannot be given in x", "2 mg cannot be given in x"]) == [
        "1 mg cannot be given in x",
        "2 mg cannot be given in x",
    ]


def test_the_cannot_be_made_stop_points_to_the_problems_it_would_repeat() -> None:
    problems = ("2 mg cannot be given in whole capsules.", "3 mg cannot be given in whole capsules.")
    stop = Finding(
        "cannot_make",
        Severity.HARD_STOP,
        "The pharmacy cannot make CAP-1.5 as written. " + " ".join(problems),
        "cap-1.5",
        headline="The pharmacy cannot make CAP-1.5 as written",
        restates=problems,
    )
    warning = Finding("liver", Severity.WARNING, "Liver disease is listed.")
    shown = without_repeats([stop, warning], problems)
    assert shown[0].message == "The pharmacy cannot make CAP-1.5 as written: see “Cannot be made as written”."
    assert shown[1] is warning
    # A problem the stop does not list keeps its whole message in view.
    assert without_repeats([stop], [*problems, "The supply must be from 1 to 366 days."]) == (stop,)
    assert without_repeats([stop], []) == (stop,)
