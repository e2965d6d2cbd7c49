"""Admin → Follow-up rules: when generated follow-ups fall due, what a calendar export shows
of a patient, and how far a prescription's start date may be from today. New rules apply to
follow-ups generated, and drafts saved, from then on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ldnclinic.domain import field_limits
from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.domain.followups.rules import FollowupRules
from ldnclinic.domain.followups.worklist import CalendarDetail
from ldnclinic.domain.prescriptions.start_window import RxStartLimits, limits_problems
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupSettings
from ldnclinic.services.followups.settings import settings_problems
from ldnclinic.ui.widgets.form import Form
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

RULE_LABELS = {
    "fixed_dose_check_days": "Check after starting a fixed dose (days)",
    "efficacy_review_days": "Efficacy review after the start (days)",
    "refill_lead_days": "Refill reminder before the supply runs out (days)",
    "routine_review_months": "Routine review every (months)",
    "routine_reviews_ahead": "Routine reviews planned ahead",
}
RULE_NAMES = tuple(item.name for item in fields(FollowupRules))
LIMIT_LABELS = {
    "rx_start_days_past": "A prescription may start at most (days back)",
    "rx_start_days_ahead": "A prescription may start at most (days ahead)",
}
LIMIT_NAMES = tuple(item.name for item in fields(RxStartLimits))


def _numbers(values: Mapping[str, str], names: tuple[str, ...]) -> tuple[dict[str, int], dict[str, str]]:
    numbers: dict[str, int] = {}
    problems: dict[str, str] = {}
    for name in names:
        text = values[name].strip()
        if not (text.isascii() and text.isdigit()):
            problems[name] = "Enter a whole number, such as 21."
        else:
            numbers[name] = int(text)
    return numbers, problems


def rules_from(values: Mapping[str, str]) -> tuple[FollowupRules | None, dict[str, str]]:
    """The rules typed, or the fields that are not whole numbers."""
    numbers, problems = _numbers(values, RULE_NAMES)
    if problems:
        return None, problems
    return FollowupRules(**numbers), {}


def limits_from(values: Mapping[str, str]) -> tuple[RxStartLimits | None, dict[str, str]]:
    """The start-date limits typed, or the fields that are not whole numbers."""
    numbers, problems = _numbers(values, LIMIT_NAMES)
    if problems:
        return None, problems
    return RxStartLimits(**numbers), {}


def rule_problems(values: Mapping[str, str]) -> dict[str, str]:
    """Every field's problem at once: unreadable numbers, and limits for the numbers read."""
    _, problems = rules_from(values)
    readable = {name: values[name] for name in RULE_NAMES if name not in problems}
    defaults = FollowupRules()
    filled = {name: readable.get(name, str(getattr(defaults, name))) for name in RULE_NAMES}
    rules, _ = rules_from(filled)
    assert rules is not None
    limits = {name: text for name, text in settings_problems(rules).items() if name in readable}
    return {**limits, **problems, **_limit_problems(values)}


def _limit_problems(values: Mapping[str, str]) -> dict[str, str]:
    """The start-date limits: whole numbers within the domain's bounds (checked as typed)."""
    numbers, problems = _numbers(values, LIMIT_NAMES)
    filled = {**{item.name: getattr(RxStartLimits(), item.name) for item in fields(RxStartLimits)}, **numbers}
    bounds = {
        name: text for name, text in limits_problems(RxStartLimits(**filled)).items() if name in numbers
    }
    return {**bounds, **problems}


class FollowupRulesView(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._version = 0
        self._loaded: dict[str, str] = {}
        note = QLabel(
            "Follow-ups are made automatically when a prescription is approved. New rules apply to "
            "follow-ups made from now on; those already on the worklist keep their dates. A "
            "prescription's start date must fall within the days set below (by default from 30 days "
            "before today to 90 days after); it is checked when a draft is saved."
        )
        note.setWordWrap(True)
        set_role(note, "muted")
        self.form = Form(check=rule_problems)
        for name in RULE_NAMES:
            self.form.add_line(name, RULE_LABELS[name], max_length=field_limits.SETTING_NUMBER_BOX)
        self.form.add_combo(
            "calendar_detail", "Calendar exports show", [(d.value, d.label) for d in CalendarDetail]
        )
        for name in LIMIT_NAMES:
            self.form.add_line(name, LIMIT_LABELS[name], max_length=field_limits.SETTING_NUMBER_BOX)
        self.status = QLabel()
        set_role(self.status, "muted")
        self.save_button = QPushButton("Save rules")
        self.save_button.setAccessibleName("Save follow-up rules")
        self.save_button.clicked.connect(self.save)
        revert = QPushButton("Undo changes")
        revert.setAccessibleName("Undo changes to the follow-up rules")
        revert.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(revert)
        buttons.addWidget(self.save_button)
        column = QVBoxLayout()
        column.addWidget(note)
        column.addSpacing(8)
        column.addWidget(self.form)
        column.addLayout(buttons)
        column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 14, 0, 0)
        layout.addLayout(column, 3)
        layout.addStretch(1)
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """The clinic profile tab shares the version: pick up its saves unless mid-edit."""
        super().showEvent(event)
        if self.form.values() == self._loaded:
            self.reload()

    def reload(self) -> None:
        self._load(self._services.followup_settings.get())

    def _load(self, settings: FollowupSettings) -> None:
        self._version = settings.version
        values = {name: str(getattr(settings.rules, name)) for name in RULE_NAMES}
        values["calendar_detail"] = settings.calendar_detail.value
        values |= {name: str(getattr(settings.start_limits, name)) for name in LIMIT_NAMES}
        self.form.load(values)
        self._loaded = self.form.values()
        self.save_button.setEnabled(True)

    def save(self) -> None:
        if not self.form.reveal_all():
            self.status.setText("Please correct the fields marked in red.")
            return
        values = self.form.values()
        rules, _ = rules_from(values)
        limits, _ = limits_from(values)
        assert rules is not None and limits is not None  # reveal_all found no problem
        detail = CalendarDetail(values["calendar_detail"])
        version = self._version
        self.save_button.setEnabled(False)
        self.status.setText("Saving…")
        run_in_background(
            lambda: self._services.followup_settings.update(
                self._actor, rules, detail, version, start_limits=limits
            ),
            on_result=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, settings: FollowupSettings) -> None:
        self._load(settings)
        self.status.setText("Saved. New follow-ups will use these rules.")

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.status.setText("")
        if isinstance(error, ConflictError):
            self.status.setText(error.message + " Press Undo changes to see the saved rules.")
        elif isinstance(error, ValidationError):
            self.form.show_problems(error.field_errors)
        elif isinstance(error, DomainError):
            self.status.setText(error.message)
        else:
            report_unhandled(error)
