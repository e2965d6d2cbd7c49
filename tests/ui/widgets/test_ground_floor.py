"""The ground floor (ui/widgets): background workers, the crash handler, the self-checking form, theme."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QThread
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.errors import NotFoundError, ValidationError
from ldnclinic.ui.widgets import errors, prompts, theme, workers
from ldnclinic.ui.widgets.account_fields import suggest_username
from ldnclinic.ui.widgets.form import Form, strip_prefix, validation_problems
from tests.support.qt import type_text
from tests.ui.shell_support import dark_palette


def test_work_runs_off_the_gui_thread_and_results_arrive_on_it(qtbot: QtBot) -> None:
    owner = QObject()
    gui = QThread.currentThread()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = QThread.currentThread()
        return 42

    def done(value: int) -> None:
        seen["delivered"] = QThread.currentThread()
        seen["value"] = value

    workers.run_in_background(work, on_result=done, owner=owner)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["delivered"] is gui
    assert seen["worker"] is not gui
    assert not workers.busy()


def test_errors_arrive_on_the_gui_thread_too(qtbot: QtBot) -> None:
    owner = QObject()
    failures: list[BaseException] = []

    def work() -> None:
        raise NotFoundError("There is no patient with id 7.")

    workers.run_in_background(work, on_result=lambda _v: None, on_error=failures.append, owner=owner)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], NotFoundError)


def test_a_domain_error_without_a_handler_is_shown_as_a_warning(qtbot: QtBot) -> None:
    prompts.answers["domain-error"] = True
    owner = QObject()

    def work() -> None:
        raise NotFoundError("No patient has MRN 1234-5678.")

    workers.run_in_background(work, on_result=lambda _v: None, owner=owner)
    qtbot.waitUntil(lambda: not workers.busy())
    assert prompts.shown == [("domain-error", "No patient has MRN 1234-5678.")]


def test_nothing_is_delivered_to_a_deleted_owner(qtbot: QtBot) -> None:
    owner = QWidget()
    results: list[int] = []
    workers.run_in_background(lambda: 1, on_result=results.append, owner=owner)
    Shiboken.delete(owner)  # the window closed before the answer came back
    qtbot.waitUntil(lambda: not workers.busy())
    assert results == []


def test_a_bug_in_a_worker_reaches_the_crash_handler(qtbot: QtBot) -> None:
    owner = QObject()

    def work() -> None:
        raise RuntimeError("boom")

    with qtbot.captureExceptions() as caught:
        workers.run_in_background(work, on_result=lambda _v: None, owner=owner)
        qtbot.waitUntil(lambda: not workers.busy())
    assert [type(e[1]) for e in caught] == [RuntimeError]


PATIENT = {"name": "José Peña", "born": "1961-03-02"}


def _raise_with_phi(patient: dict[str, str]) -> None:
    """Exception messages quote the data (as SQLAlchemy's quote SQL parameters)."""
    try:
        {}[patient["name"]]
    except KeyError as error:
        raise RuntimeError(f"could not save {patient['name']} {patient['born']}") from error


def test_the_logged_traceback_has_code_locations_but_no_patient_data() -> None:
    with pytest.raises(RuntimeError) as caught:
        _raise_with_phi(PATIENT)
    text = errors.phi_free_traceback(caught.value)
    assert "builtins.RuntimeError (message left out" in text
    assert "builtins.KeyError" in text
    assert "in _raise_with_phi" in text
    assert "tests/ui/widgets/test_shell_support_widgets.py" not in text or "/work" not in text
    assert "José" not in text and "1961" not in text


def test_crash_handler_logs_and_shows_a_bug_but_shows_a_domain_error_as_it_is(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    uninstall = errors.install(tmp_path)
    handler = sys.excepthook
    try:
        assert isinstance(handler, errors.CrashHandler)
        with pytest.raises(RuntimeError) as caught:
            _raise_with_phi(PATIENT)
        with caplog.at_level(logging.ERROR, logger="ldnclinic"):
            handler(RuntimeError, caught.value, caught.value.__traceback__)
        assert handler.dialog is not None and handler.dialog.isVisible()
        assert "_raise_with_phi" in handler.dialog.details
        assert "José" not in handler.dialog.details
        assert str(tmp_path / errors.LOG_FILE_NAME) in handler.dialog.message.text()
        logged = (tmp_path / errors.LOG_FILE_NAME).read_text(encoding="utf-8")
        assert "_raise_with_phi" in logged and "José" not in logged
        handler(RuntimeError, caught.value, caught.value.__traceback__)  # a second one is appended
        assert handler.dialog.details.count("builtins.RuntimeError") == 2

        prompts.answers["domain-error"] = True
        problem = ValidationError({"zip": "A ZIP code is 5 digits."})
        handler(ValidationError, problem, None)
        assert prompts.shown[-1] == ("domain-error", "Please correct: zip: A ZIP code is 5 digits.")
    finally:
        uninstall()
    assert sys.excepthook is not handler


def test_form_shows_problems_once_touched_and_keeps_service_problems_until_edited(qtbot: QtBot) -> None:
    form = Form(check=lambda v: {} if len(v["zip"]) == 5 else {"zip": "Five digits."})
    qtbot.addWidget(form)
    zip_code = form.add_line("zip", "ZIP code", max_length=limits.ZIP_CODE.box)
    form.add_combo("tz", "Time zone", [("America/Chicago", "Central"), ("America/Denver", "Mountain")])
    assert form.message("zip") == ""
    type_text(zip_code, "787")
    assert form.message("zip") == "Five digits."
    type_text(zip_code, "01")
    assert form.message("zip") == ""
    form.show_problems({"zip": "Taken already.", "other": "Something else."})
    assert form.message("zip") == "Taken already."
    assert form.general.text() == "Something else." and not form.general.isHidden()
    type_text(zip_code, "1")
    assert form.message("zip") == "Five digits."
    assert form.general.isHidden()
    assert form.values() == {"zip": "787011", "tz": "America/Chicago"}
    form.set_values({"tz": "America/Denver"})
    form.show_other({"zip": "78701", "tz": "America/Denver"}, "Theirs:")
    assert form.other_text("zip") == "Theirs: 78701"
    assert form.other_text("tz") == ""  # the same as mine


def test_small_helpers() -> None:
    assert strip_prefix({"clinic.zip": "a", "admin.username": "b"}, "clinic.") == {"zip": "a"}
    assert validation_problems(lambda: None) == {}

    def refuse() -> None:
        raise ValidationError({"npi": "bad"})

    assert validation_problems(refuse) == {"npi": "bad"}
    assert suggest_username("María José", "Ødegård-Peña") == "modegardpena"
    assert suggest_username("", "") == ""


def test_style_follows_the_palette(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    try:
        theme.apply(app)
        assert "#b3261e" in app.styleSheet()
        app.setPalette(dark_palette())
        qtbot.waitUntil(lambda: "#ff8a80" in app.styleSheet())
        assert theme.is_dark(app.palette())
    finally:
        app.setPalette(light)
        theme.remove(app)
    assert app.styleSheet() == ""
    assert not theme.is_dark(QPalette())
