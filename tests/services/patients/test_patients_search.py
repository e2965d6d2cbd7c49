"""Search as you type: any name part, MRN, birth date, phone digits; keyset paging."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ldnclinic.db.models.patients import Patient
from ldnclinic.domain.enums import PhoneKind
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail, SearchCursor
from ldnclinic.services.patients.search import prefix_upper_bound
from tests.support.patient_data import full_patient, minimal_patient, predictable_mrns


def _names(services: Services, actor: Actor, text: str) -> list[str]:
    return [p.display_name for p in services.patients.search(actor, text)]


@pytest.fixture
def registry(services: Services, staff: Actor, monkeypatch: pytest.MonkeyPatch) -> dict[str, PatientDetail]:
    predictable_mrns(monkeypatch)
    create = services.patients.create
    return {
        "pena": create(staff, full_patient()),  # José Luis "Pepe" Peña, 3/2/1961, (512) 555-0142
        "obrien": create(
            staff,
            minimal_patient("Siobhán", "O'Brien", "1975-07-04", phones={PhoneKind.HOME: "214-555-0100"}),
        ),
        "garcia": create(
            staff, minimal_patient("María", "García-López", "1990-12-31", middle_name="del Carmen")
        ),
        "nguyen": create(staff, minimal_patient("Thị Hằng", "Nguyễn", "1988-02-29", preferred_name="Hannah")),
        "odegard": create(staff, minimal_patient("Øystein", "Ødegård", "1961-03-02")),
        "penn": create(
            staff, minimal_patient("Sean", "Penn", "1960-08-17", phones={PhoneKind.WORK: "(713) 555-0142"})
        ),
    }


NAME_QUERIES = [
    ("pena", ["Peña, José Luis"]),
    ("PEÑA", ["Peña, José Luis"]),
    ("pe", ["Peña, José Luis", "Penn, Sean"]),
    ("Jose", ["Peña, José Luis"]),
    ("luis", ["Peña, José Luis"]),  # middle name
    ("pepe", ["Peña, José Luis"]),  # preferred name
    ("hannah", ["Nguyễn, Thị Hằng"]),
    ("carmen", ["García-López, María del Carmen"]),
    ("nguyen", ["Nguyễn, Thị Hằng"]),
    ("hang", ["Nguyễn, Thị Hằng"]),
    ("thi hang", ["Nguyễn, Thị Hằng"]),
    ("ode", ["Ødegård, Øystein"]),
    ("odegard oy", ["Ødegård, Øystein"]),
    ("obrien", ["O'Brien, Siobhán"]),
    ("o'brien", ["O'Brien, Siobhán"]),
    ("O’Brien", ["O'Brien, Siobhán"]),
    ("o'b", ["O'Brien, Siobhán"]),
    ("siobhan", ["O'Brien, Siobhán"]),
    ("garcia", ["García-López, María del Carmen"]),
    ("lopez", ["García-López, María del Carmen"]),
    ("garcia-lopez", ["García-López, María del Carmen"]),
    ("garcia lopez", ["García-López, María del Carmen"]),
    ("maria lopez", ["García-López, María del Carmen"]),
    ("pena jose", ["Peña, José Luis"]),
    ("pena sean", []),  # words are AND-ed
    ("jose pena luis pepe", ["Peña, José Luis"]),
    ("smith", []),
]


def _mismatches(services: Services, actor: Actor, cases: list[tuple[str, list[str]]]) -> dict[str, list[str]]:
    """Every case that found something else (one database for many queries keeps the suite fast)."""
    found = {query: _names(services, actor, query) for query, _ in cases}
    return {query: found[query] for query, expected in cases if found[query] != expected}


def test_search_by_names(services: Services, staff: Actor, registry: dict[str, PatientDetail]) -> None:
    assert _mismatches(services, staff, NAME_QUERIES) == {}


def test_search_by_mrn_with_and_without_dash(
    services: Services, staff: Actor, registry: dict[str, PatientDetail]
) -> None:
    mrn = registry["garcia"].mrn
    for query in (mrn, mrn.replace("-", ""), f" {mrn} "):
        assert [p.id for p in services.patients.search(staff, query)] == [registry["garcia"].id]


def test_search_by_mrn_prefix(services: Services, staff: Actor, registry: dict[str, PatientDetail]) -> None:
    mrn = registry["nguyen"].mrn
    found = [p.id for p in services.patients.search(staff, mrn[:6])]
    assert registry["nguyen"].id in found


def test_search_by_birth_date(services: Services, staff: Actor, registry: dict[str, PatientDetail]) -> None:
    both = ["Ødegård, Øystein", "Peña, José Luis"]
    queries = ["1961-03-02", "3/2/1961", "03-02-1961", "03/02/1961", "03021961", "3/2/61"]
    assert _mismatches(services, staff, [(query, both) for query in queries]) == {}


def test_search_by_name_and_birth_date(
    services: Services, staff: Actor, registry: dict[str, PatientDetail]
) -> None:
    assert _names(services, staff, "pena 3/2/1961") == ["Peña, José Luis"]
    assert _names(services, staff, "pena 3/3/1961") == []
    assert _names(services, staff, "2/29/1988 nguyen") == ["Nguyễn, Thị Hằng"]


PHONE_QUERIES = [
    ("0142", ["Peña, José Luis", "Penn, Sean"]),  # last four digits
    ("555-0142", ["Peña, José Luis", "Penn, Sean"]),
    ("512", ["Peña, José Luis"]),  # area code
    ("(512) 555", ["Peña, José Luis"]),
    ("512-555-0142", ["Peña, José Luis"]),
    ("(512) 555-0142", ["Peña, José Luis"]),
    ("5125550142", ["Peña, José Luis"]),
    ("512.555.0199", ["Peña, José Luis"]),  # the home phone too
    ("+1 512 555 0142", ["Peña, José Luis"]),
    ("1-214-555-0100", ["O'Brien, Siobhán"]),
    ("713", ["Penn, Sean"]),
    ("0999", []),
]


def test_search_by_phone_digits(services: Services, staff: Actor, registry: dict[str, PatientDetail]) -> None:
    assert _mismatches(services, staff, PHONE_QUERIES) == {}


def test_list_shows_the_first_phone_formatted(
    services: Services, staff: Actor, registry: dict[str, PatientDetail]
) -> None:
    rows = {p.id: p for p in services.patients.search(staff, "")}
    assert rows[registry["pena"].id].phone == "(512) 555-0142"  # mobile before home
    assert rows[registry["penn"].id].phone == "(713) 555-0142"
    assert rows[registry["garcia"].id].phone == ""


def test_empty_query_lists_everyone_in_name_order(
    services: Services, staff: Actor, registry: dict[str, PatientDetail]
) -> None:
    assert _names(services, staff, "   ") == [
        "García-López, María del Carmen",
        "Nguyễn, Thị Hằng",
        "O'Brien, Siobhán",
        "Ødegård, Øystein",
        "Peña, José Luis",
        "Penn, Sean",
    ]


HOSTILE_QUERIES = [
    "'; DROP TABLE patients;--",
    "Robert'); DROP TABLE patients;--",
    "%",
    "pe%",
    "\\",
    "' OR '1'='1",
    "\U0010ffff",
    "pe\U0010ffff",
    "\ud7ff",
    "\uffff",
    "\x00zz",
    "x" * 5000,
    "9" * 500,
]


def test_hostile_search_text_finds_nothing_and_breaks_nothing(
    services: Services, staff: Actor, registry: dict[str, PatientDetail]
) -> None:
    assert _mismatches(services, staff, [(query, []) for query in HOSTILE_QUERIES]) == {}
    with services.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Patient)) == len(registry)
    assert len(services.patients.search(staff, "")) == len(registry)


def test_control_characters_in_search_text_are_ignored(
    services: Services, staff: Actor, registry: dict[str, PatientDetail]
) -> None:
    queries = ["pe\x00na", "pe\x1bna", "\x00pena\x00", "pe\ud800na"]
    assert _mismatches(services, staff, [(query, ["Peña, José Luis"]) for query in queries]) == {}


def test_punctuation_alone_is_an_empty_query(
    services: Services, staff: Actor, registry: dict[str, PatientDetail]
) -> None:
    everyone = _names(services, staff, "")
    assert len(everyone) == len(registry)
    assert (
        _mismatches(
            services, staff, [(query, everyone) for query in ["'", "-", "_", "' - '", "\x00", "\ud800"]]
        )
        == {}
    )


@pytest.mark.parametrize(
    ("prefix", "upper"),
    [
        ("pe", "pf"),
        ("z", "{"),
        ("pen\u00f1", "pen\u00f2"),
        ("a\U0010ffff", "b"),
        ("a\U0010ffff\U0010ffff", "b"),
        ("\U0010ffff", None),
        ("\ud7ff", "\ue000"),  # the next code point would be a surrogate
        ("9", ":"),
    ],
)
def test_prefix_upper_bound(prefix: str, upper: str | None) -> None:
    assert prefix_upper_bound(prefix) == upper
    if upper is not None:
        assert prefix < upper
        assert prefix + "\U0010ffff" * 3 < upper


def test_keyset_paging_returns_everyone_once_in_name_order(services: Services, staff: Actor) -> None:
    expected = []
    for index in range(250):
        # Many share a last name, so the id breaks ties within a page boundary.
        last = ["Smith", "Peña", "Ødegård", "Nguyễn", "O'Brien"][index % 5]
        first = f"Ana{chr(ord('a') + index % 26)}"
        expected.append(
            services.patients.create(
                staff, minimal_patient(first, last, f"1970-01-{1 + index % 28:02d}"), confirm_duplicate=True
            ).id
        )

    seen = []
    pages = []
    cursor: SearchCursor | None = None
    while True:
        page = services.patients.search(staff, "", after=cursor, limit=100)
        if not page:
            break
        pages.append(len(page))
        seen.extend(page)
        cursor = SearchCursor.after(page[-1])
    assert pages == [100, 100, 50]
    assert sorted(p.id for p in seen) == sorted(expected)
    assert len({p.id for p in seen}) == 250
    keys = [(p.sort_key, p.id) for p in seen]
    assert keys == sorted(keys)
    assert [p.last_name for p in seen[:50]] == ["Nguyễn"] * 50  # folded "nguyen" sorts first


def test_paging_a_filtered_search(services: Services, staff: Actor) -> None:
    for index in range(7):
        services.patients.create(staff, minimal_patient(f"Ana{chr(97 + index)}", "Peña", "1970-01-01"))
        services.patients.create(staff, minimal_patient(f"Bob{chr(97 + index)}", "Smith", "1970-01-01"))
    first = services.patients.search(staff, "pena", limit=5)
    rest = services.patients.search(staff, "pena", after=SearchCursor.after(first[-1]), limit=5)
    assert [p.first_name for p in first + rest] == [f"Ana{chr(97 + i)}" for i in range(7)]


def test_limit_is_clamped(services: Services, staff: Actor, registry: dict[str, PatientDetail]) -> None:
    assert len(services.patients.search(staff, "", limit=0)) == 1
    assert len(services.patients.search(staff, "", limit=-5)) == 1
