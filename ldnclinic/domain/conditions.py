"""The pick-list of conditions LDN is commonly used for, with ICD-10-CM codes.

Codes are the unspecified/common codes for each condition (FY2026 code set: plain G35
for MS is no longer billable since 1 Oct 2025, hence G35.D/G35.A); the
prescriber can enter any other condition and code as free text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ldnclinic.domain.names import fold


@dataclass(frozen=True, slots=True)
class ConditionChoice:
    label: str
    icd10: str


CONDITION_PICKLIST: tuple[ConditionChoice, ...] = (
    ConditionChoice("Fibromyalgia", "M79.7"),
    ConditionChoice("Multiple sclerosis", "G35.D"),
    ConditionChoice("Relapsing-remitting multiple sclerosis", "G35.A"),
    ConditionChoice("Crohn's disease", "K50.90"),
    ConditionChoice("Ulcerative colitis", "K51.90"),
    ConditionChoice("Chronic fatigue syndrome (ME/CFS)", "G93.32"),
    ConditionChoice("Long COVID (post COVID-19 condition)", "U09.9"),
    ConditionChoice("Hashimoto's thyroiditis", "E06.3"),
    ConditionChoice("Chronic pain syndrome", "G89.4"),
    ConditionChoice("Other chronic pain", "G89.29"),
    ConditionChoice("Complex regional pain syndrome (CRPS)", "G90.50"),
    ConditionChoice("Neuropathic pain (neuralgia/neuritis)", "M79.2"),
    ConditionChoice("Systemic lupus erythematosus", "M32.9"),
    ConditionChoice("Rheumatoid arthritis", "M06.9"),
    ConditionChoice("Sjögren's syndrome", "M35.00"),
    ConditionChoice("Psoriasis", "L40.9"),
    ConditionChoice("Lichen sclerosus", "L90.0"),
    ConditionChoice("Hailey-Hailey disease", "Q82.8"),
    ConditionChoice("Celiac disease", "K90.0"),
    ConditionChoice("Lyme disease", "A69.20"),
    ConditionChoice("Depression", "F32.A"),
    ConditionChoice("Anxiety", "F41.9"),
    ConditionChoice("Premenstrual dysphoric disorder (PMDD)", "F32.81"),
    ConditionChoice("Polycystic ovary syndrome (PCOS)", "E28.2"),
    ConditionChoice("Obsessive-compulsive disorder", "F42.9"),
    ConditionChoice("Autism spectrum disorder", "F84.0"),
    ConditionChoice("Dry eye syndrome, both eyes", "H04.123"),
)

_BY_LABEL = {fold(choice.label): choice for choice in CONDITION_PICKLIST}
_BY_CODE = {choice.icd10.upper(): choice for choice in CONDITION_PICKLIST}


def find_condition(text: str) -> ConditionChoice | None:
    """The pick-list entry for a typed label or ICD-10 code, if there is one."""
    value = text.strip()
    return _BY_CODE.get(value.upper()) or _BY_LABEL.get(fold(value))
