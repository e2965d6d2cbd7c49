"""The database columns are as long as the domain's field limits say (one number for both)."""

from __future__ import annotations

import pytest
from sqlalchemy import String

from ldnclinic.db.models.followups import Visit
from ldnclinic.db.models.prescriptions import Formula, Prescription
from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.field_limits import Limit


@pytest.mark.parametrize(
    ("column", "limit"),
    [
        (Formula.code, limits.FORMULA_CODE),
        (Formula.flavour, limits.FORMULA_FLAVOUR),
        (Prescription.formula_code, limits.FORMULA_CODE),
        (Prescription.flavour, limits.FORMULA_FLAVOUR),
        (Prescription.diagnosis, limits.RX_DIAGNOSIS),
        (Visit.location_city, limits.VISIT_CITY),
        (Visit.side_effect_other, limits.VISIT_SIDE_EFFECT_OTHER),
        (Visit.condition_name, limits.VISIT_CONDITION_NAME),
    ],
)
def test_a_column_holds_what_the_rule_keeps(column: object, limit: Limit) -> None:
    kind = column.type  # type: ignore[attr-defined]
    assert isinstance(kind, String)
    assert kind.length == limit.chars
