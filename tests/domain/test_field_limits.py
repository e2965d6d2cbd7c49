"""The field limits: one number per field, and an entry box never shorter than the rule."""

from __future__ import annotations

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.field_limits import Limit

ALL = {name: value for name, value in vars(limits).items() if isinstance(value, Limit)}


def test_every_box_takes_at_least_what_the_rule_keeps() -> None:
    assert ALL
    for name, limit in ALL.items():
        assert limit.chars > 0, name
        assert limit.box >= limit.chars, name


def test_a_box_without_its_own_maximum_is_the_rule() -> None:
    assert Limit(30).box == 30
    assert Limit(100, typing=120).box == 120


def test_the_numbers_the_clinic_knows() -> None:
    assert limits.REASON_MIN_CHARS == 5
    assert limits.FOLLOWUP_NOTE.chars == 2000
    assert limits.FOLLOWUP_DAYS_AHEAD == 366
    assert limits.RX_DIAGNOSIS.chars == 300
    assert limits.RX_PHARMACIST_NOTE.chars == 1000
