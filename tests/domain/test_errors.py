"""A structured problem reads as its message and carries what it is about."""

from __future__ import annotations

import copy
import pickle

from hypothesis import given
from hypothesis import strategies as st

from ldnclinic.domain.errors import Problem


@given(st.text(), st.text())
def test_a_problem_is_its_message(subject: str, predicate: str) -> None:
    problem = Problem(subject, predicate)
    assert problem == f"{subject} {predicate}"
    assert (problem.subject, problem.predicate) == (subject, predicate)
    assert " ".join([problem, "x"]) == f"{subject} {predicate} x"


def test_a_problem_survives_a_copy_and_a_pickle() -> None:
    problem = Problem("1 mg", "cannot be given in whole capsules.")
    for twin in (copy.copy(problem), copy.deepcopy(problem), pickle.loads(pickle.dumps(problem))):
        assert twin == problem
        assert isinstance(twin, Problem)
        assert (twin.subject, twin.predicate) == ("1 mg", "cannot be given in whole capsules.")
