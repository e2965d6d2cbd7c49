"""The condition pick-list: lookup by label (folded) or by ICD-10-CM code."""

from __future__ import annotations

import re

import pytest

from ldnclinic.domain.conditions import CONDITION_PICKLIST, find_condition
from ldnclinic.domain.names import fold

ICD10 = re.compile(r"^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$")


def test_every_entry_has_a_well_formed_icd10_code() -> None:
    for choice in CONDITION_PICKLIST:
        assert ICD10.match(choice.icd10), choice


def test_labels_and_codes_are_unique() -> None:
    labels = [fold(c.label) for c in CONDITION_PICKLIST]
    codes = [c.icd10 for c in CONDITION_PICKLIST]
    assert len(set(labels)) == len(labels)
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize("text", ["Fibromyalgia", "fibromyalgia", "  FIBROMYALGIA ", "M79.7", "m79.7"])
def test_find_by_label_or_code(text: str) -> None:
    choice = find_condition(text)
    assert choice is not None
    assert (choice.label, choice.icd10) == ("Fibromyalgia", "M79.7")


def test_find_by_label_ignores_accents() -> None:
    choice = find_condition("sjogren's syndrome")
    assert choice is not None
    assert choice.label == "Sjögren's syndrome"


def test_the_issue_names_are_on_the_list() -> None:
    for label in ("Fibromyalgia", "Crohn's disease", "Ulcerative colitis", "Psoriasis", "Celiac disease"):
        assert find_condition(label) is not None, label
    assert any("multiple sclerosis" in fold(c.label) for c in CONDITION_PICKLIST)
    assert any("long covid" in fold(c.label) for c in CONDITION_PICKLIST)
    assert any("hashimoto" in fold(c.label) for c in CONDITION_PICKLIST)


@pytest.mark.parametrize("text", ["", "Broken leg", "Z99.99", "fibro"])
def test_not_on_the_list(text: str) -> None:
    assert find_condition(text) is None
