"""Addenda to a signed visit: the list under the note, and the dialog that writes one.

A signed note never changes; a correction or addition is a dated addendum by its author,
shown below the original text, oldest first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import DomainError, ValidationError
from ldnclinic.domain.visits.note import ADDENDUM_LIMIT
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.visits.dto import AddendumRecord, VisitDetail
from ldnclinic.ui.widgets.dialogs import button_row
from ldnclinic.ui.widgets.sections import heading, muted
from ldnclinic.ui.widgets.tones import Banner, FieldMessage, Tone, border_colour

ADDENDA_HEIGHT = 190
ADDENDA_MIN_HEIGHT = 96  # two short addenda without scrolling


def when_text(record: AddendumRecord) -> str:
    moment = record.written_at
    return f"{moment.month:02d}/{moment.day:02d}/{moment.year:04d} {moment:%H:%M}"


class AddendumCard(QFrame):
    """One addendum: who wrote it and when, then the text as written."""

    def __init__(self, record: AddendumRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addendumCard")
        self.setStyleSheet(
            f"QFrame#addendumCard {{ border-left: 3px solid {border_colour()}; padding-left: 2px; }}"
        )
        self.byline = muted(f"Addendum by {record.author} · {when_text(record)}", self)
        self.byline.setAccessibleName("Addendum author and time")
        self.text = QLabel(record.text, self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName("Addendum text")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        layout.setSpacing(1)
        layout.addWidget(self.byline)
        layout.addWidget(self.text)


class AddendaPanel(QWidget):
    """The addenda of a signed visit and the "Add addendum…" button."""

    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addendaPanel")
        self.title = heading("Addenda", self)
        self.add_button = QPushButton("Add addendum…", self)
        self.add_button.setAccessibleName("Add addendum")
        self.add_button.setToolTip("Add a dated correction or addition; the signed note stays as it is")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_requested)
        self.empty = muted("No addenda. A signed note is corrected or added to with a dated addendum.", self)
        self.cards: list[AddendumCard] = []
        self._list = QWidget(self)
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.setSpacing(8)
        self._list_layout.addStretch(1)
        self.list_area = QScrollArea(self)
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QFrame.Shape.NoFrame)
        self.list_area.setWidget(self._list)
        self.list_area.setMaximumHeight(ADDENDA_HEIGHT)
        self.list_area.setMinimumHeight(ADDENDA_MIN_HEIGHT)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.list_area)

    def show_addenda(self, addenda: tuple[AddendumRecord, ...]) -> None:
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        for record in addenda:
            card = AddendumCard(record, self._list)
            self._list_layout.insertWidget(self._list_layout.count() - 1, card)
            self.cards.append(card)
        count = len(addenda)
        self.title.setText(f"Addenda ({count})" if count else "Addenda")
        self.empty.setVisible(not count)
        self.list_area.setVisible(bool(count))
        if count:
            self.list_area.ensureWidgetVisible(self.cards[-1])

    def texts(self) -> list[str]:
        return [card.text.text() for card in self.cards]


class AddendumDialog(QDialog):
    """Write one addendum; `added` carries the visit as saved with it."""

    added = Signal(object)  # VisitDetail

    def __init__(
        self, services: Services, actor: Actor, detail: VisitDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.detail = detail
        self.setWindowTitle("Add addendum")
        self.setMinimumWidth(560)
        visit_day = detail.note.visit_at
        intro = QLabel(
            f"Add a dated addendum to the signed visit of {visit_day.month:02d}/{visit_day.day:02d}/"
            f"{visit_day.year:04d} for {detail.patient_name}. The signed note stays exactly as it is; "
            "the addendum is shown below it with your name and today's date.",
            self,
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName("Addendum")
        self.text.setPlaceholderText("The correction or addition, e.g. “Pain score was 4, not 7.”")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(self.text.fontMetrics().lineSpacing() * 6 + 14)
        self.message = FieldMessage(self)
        self.message.show_hint(f"At least 5 characters, at most {ADDENDUM_LIMIT:,}.")
        self.banner = Banner(Tone.DANGER, self)
        buttons, self.accept_button, self.cancel_button = button_row(
            "Add addendum", "Cancel", self._add_clicked, self.reject
        )
        self.text.textChanged.connect(lambda: self.message.show_problem(None))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)

    def _add_clicked(self) -> None:
        self.save()

    def save(self) -> VisitDetail | None:
        try:
            detail = self._services.visits.add_addendum(self._actor, self.detail.id, self.text.toPlainText())
        except ValidationError as error:
            self.message.show_problem(error.field_errors.get("text") or " ".join(error.field_errors.values()))
            return None
        except DomainError as error:
            self.banner.show_message(error.message, Tone.DANGER)
            return None
        self.added.emit(detail)
        self.accept()
        return detail
