"""Loading a row by whatever id a caller gives (ldnclinic.db.records)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ldnclinic.db.engine import Database
from ldnclinic.db.models.clinic import Pharmacy
from ldnclinic.db.records import by_id, existing
from ldnclinic.domain.errors import NotFoundError

HOSTILE_IDS = st.one_of(
    st.integers(min_value=-(2**70), max_value=0),
    st.integers(min_value=2**31, max_value=2**70),
    st.text(max_size=20),
    st.floats(allow_nan=True),
    st.none(),
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record_id=HOSTILE_IDS)
def test_an_id_no_row_has_is_not_found_by_name(database: Database, record_id: object) -> None:
    with database.transaction() as session:
        assert by_id(session, Pharmacy, record_id) is None
        with pytest.raises(NotFoundError) as caught:
            existing(session, Pharmacy, record_id, "pharmacy")
    assert caught.value.message == f"There is no pharmacy with id {record_id}."


def test_an_existing_row_is_returned(database: Database) -> None:
    with database.transaction() as session:
        row = Pharmacy(
            name="Balcones Compounding",
            name_key="balcones compounding",
            street="1 Main St",
            city="Austin",
            state="TX",
            zip="78701",
            phone="+15125550100",
        )
        session.add(row)
        session.flush()
        assert existing(session, Pharmacy, row.id, "pharmacy") is row
        with pytest.raises(NotFoundError, match="There is no pharmacy with id"):
            existing(session, Pharmacy, row.id + 1, "pharmacy")
