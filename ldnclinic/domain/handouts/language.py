"""The words a handout needs that are not in its text file, in each handout language:
dates, dose times, dosage forms and their units, and the labels of the parts the app
builds (schedule table, step chart, follow-up list, page numbers, the wallet card).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ldnclinic.domain.followups.rules import FollowupType
from ldnclinic.domain.prescriptions.doses import format_amount
from ldnclinic.domain.prescriptions.formulary import DosageForm
from ldnclinic.domain.prescriptions.titration import TimeOfDay

LANGUAGES = ("en", "es")
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
PDF_LANGUAGE = {"en": "en-US", "es": "es-US"}

_MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ),
}  # fmt: skip
_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "es": ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
}
_DOSE_TIME = {
    "en": {TimeOfDay.BEDTIME: "at bedtime", TimeOfDay.MORNING: "in the morning"},
    "es": {TimeOfDay.BEDTIME: "a la hora de dormir", TimeOfDay.MORNING: "por la mañana"},
}
# (form name for {dosage_form}, unit singular, unit plural)
_FORMS: dict[str, dict[DosageForm, tuple[str, str, str]]] = {
    "en": {
        DosageForm.CAPSULE: ("capsules", "capsule", "capsules"),
        DosageForm.ORAL_LIQUID: ("oral liquid", "mL", "mL"),
        DosageForm.SUBLINGUAL_DROPS: ("drops under the tongue", "drop", "drops"),
        DosageForm.TROCHE: ("troches (lozenges)", "troche", "troches"),
        DosageForm.TOPICAL_CREAM: ("cream", "mL", "mL"),
    },
    "es": {
        DosageForm.CAPSULE: ("cápsulas", "cápsula", "cápsulas"),
        DosageForm.ORAL_LIQUID: ("líquido oral", "mL", "mL"),
        DosageForm.SUBLINGUAL_DROPS: ("gotas debajo de la lengua", "gota", "gotas"),
        DosageForm.TROCHE: ("trociscos (pastillas para chupar)", "trocisco", "trociscos"),
        DosageForm.TOPICAL_CREAM: ("crema", "mL", "mL"),
    },
}
_FOLLOWUP = {
    "en": {
        FollowupType.TITRATION_CHECK: "Check on your new dose",
        FollowupType.EFFICACY_REVIEW: "Is LDN helping? (review)",
        FollowupType.REFILL_DUE: "Time to refill",
        FollowupType.ROUTINE_REVIEW: "Regular check-up",
        FollowupType.OTHER: "Follow-up",
    },
    "es": {
        FollowupType.TITRATION_CHECK: "Revisar su nueva dosis",
        FollowupType.EFFICACY_REVIEW: "¿Le ayuda el LDN? (revisión)",
        FollowupType.REFILL_DUE: "Hora de surtir de nuevo",
        FollowupType.ROUTINE_REVIEW: "Consulta de control",
        FollowupType.OTHER: "Seguimiento",
    },
}
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "from": "From",
        "to": "To",
        "daily_dose": "Daily dose",
        "how_much": "How much each day",
        "onward": "and after",
        "chart_title": "Your daily dose over the weeks",
        "week": "Week",
        "followups_none": "We will call you to set the date of your next visit.",
        "page": "Page {page} of {pages}",
        "prepared_for": "Prepared for {name} on {date}",
        "sources": "Sources",
    },
    "es": {
        "from": "Desde",
        "to": "Hasta",
        "daily_dose": "Dosis diaria",
        "how_much": "Cuánto cada día",
        "onward": "en adelante",
        "chart_title": "Su dosis diaria semana por semana",
        "week": "Semana",
        "followups_none": "Le llamaremos para fijar la fecha de su próxima cita.",
        "page": "Página {page} de {pages}",
        "prepared_for": "Preparado para {name} el {date}",
        "sources": "Fuentes",
    },
}


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"Handouts exist in English (en) and Spanish (es), not “{language[:10]}”.")
    return language


def long_date(day: date, language: str) -> str:
    """ "December 1, 2026" / "1 de diciembre de 2026"."""
    month = _MONTHS[language][day.month - 1]
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{month} {day.day}, {day.year}"


def short_date(day: date, language: str) -> str:
    """ "Tue, Dec 1" / "mar, 1 dic": for table cells."""
    weekday = _WEEKDAYS[language][day.weekday()]
    month = _MONTHS[language][day.month - 1][:3]
    if language == "es":
        return f"{weekday} {day.day} {month} {day.year}"
    return f"{weekday}, {month.capitalize()} {day.day}, {day.year}"


def dose_time(time_of_day: TimeOfDay, language: str) -> str:
    return _DOSE_TIME[language][time_of_day]


def form_name(form: DosageForm, language: str) -> str:
    return _FORMS[language][form][0]


def amount_text(form: DosageForm, units: Decimal, language: str) -> str:
    """ "2 capsules", "1.5 mL", "1 gota"."""
    _, one, many = _FORMS[language][form]
    word = one if units == 1 and one != "mL" else many
    return f"{format_amount(units)} {word}"


def followup_label(kind: FollowupType, language: str) -> str:
    return _FOLLOWUP[language][kind]


def label(key: str, language: str) -> str:
    return LABELS[language][key]
