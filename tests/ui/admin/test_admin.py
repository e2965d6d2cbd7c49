"""Admin pages: users (create, unlock, reset, deactivate), clinic profile, pharmacies, audit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import AuditAction, Role
from ldnclinic.domain.errors import AuthenticationError, PermissionDeniedError, ValidationError
from ldnclinic.services.clinic.service import ClinicInput, PharmacyInput
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.users.accounts import AccountSpec
from ldnclinic.ui.admin.admin_view import AdminView
from ldnclinic.ui.admin.audit_view import AuditView
from ldnclinic.ui.admin.clinic_form import ClinicProfileEditor
from ldnclinic.ui.admin.followup_rules_view import FollowupRulesView
from ldnclinic.ui.admin.pharmacies import PharmacyDirectory
from ldnclinic.ui.admin.pharmacy_dialog import PharmacyDialog
from ldnclinic.ui.admin.user_dialogs import NewUserDialog, ResetPasswordDialog
from ldnclinic.ui.admin.users_view import UsersView
from ldnclinic.ui.widgets import prompts
from tests.support.qt import screenshot, type_text
from tests.ui.shell_support import Ui, ui_session, unnamed_inputs

TEMPORARY = "temporary-pass-77"


@pytest.fixture
def ui(qtbot: QtBot, services: Services) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


@pytest.fixture
def users_view(qtbot: QtBot, ui: Ui, initialized: Services, admin: Actor) -> UsersView:
    view = ui.show(UsersView(initialized, admin))
    qtbot.waitUntil(lambda: view.loaded)
    return view


def click(qtbot: QtBot, button: object) -> None:
    from PySide6.QtWidgets import QAbstractButton

    assert isinstance(button, QAbstractButton)
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def lock(services: Services, username: str) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            services.users.sign_in(username, "wrong password!!")


# --- users --------------------------------------------------------------------------------


def test_users_table_shows_every_account(users_view: UsersView, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(users_view.model)
    rows = {u.username: u for u in users_view.model.rows()}
    assert set(rows) == {"admin", "drgarcia", "pajones", "maria"}
    model = users_view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:6] == ["User name", "Name", "Roles", "Active", "Locked", "Must change password"]
    row = [u.username for u in model.rows()].index("pajones")
    assert [model.index(row, c).data() for c in range(model.columnCount())] == [
        "pajones",
        "Sam Jones, PA-C",
        "Prescriber",
        "Yes",
        "",
        "Yes",
        "1932104098",
        "drgarcia",
    ]
    assert unnamed_inputs(users_view) == []


def test_unlock_a_locked_account(qtbot: QtBot, users_view: UsersView, initialized: Services) -> None:
    lock(initialized, "maria")
    users_view.reload()
    qtbot.waitUntil(lambda: any(u.locked for u in users_view.model.rows()))
    users_view.select("maria")
    assert users_view.model.index(users_view.table.currentIndex().row(), 4).data() == "Locked"
    click(qtbot, users_view.unlock_button)
    qtbot.waitUntil(lambda: users_view.status.text() == "maria is unlocked.")
    qtbot.waitUntil(lambda: not any(u.locked for u in users_view.model.rows()))
    assert not users_view.unlock_button.isEnabled()
    assert initialized.users.sign_in("maria", "initial-pass-2026").actor.username == "maria"


def test_reset_a_password(qtbot: QtBot, ui: Ui, users_view: UsersView, initialized: Services) -> None:
    users_view.select("maria")
    click(qtbot, users_view.reset_button)
    dialog = ui.visible(ResetPasswordDialog)
    assert unnamed_inputs(dialog) == []
    qtbot.keyClicks(dialog.form.line("new"), "maria-temp-2026")
    assert dialog.form.message("new") == "A password must not contain the user name."
    dialog.form.line("new").clear()
    qtbot.keyClicks(dialog.form.line("new"), TEMPORARY)
    qtbot.keyClicks(dialog.form.line("repeat"), TEMPORARY)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: users_view.status.text() == "maria has a temporary password now.")
    assert initialized.users.sign_in("maria", TEMPORARY).must_change_password


def test_deactivate_after_confirming_and_activate_again(
    qtbot: QtBot, users_view: UsersView, initialized: Services, admin: Actor
) -> None:
    users_view.select("admin")
    assert not users_view.active_button.isEnabled()  # not one's own account
    users_view.select("maria")
    prompts.answers["deactivate-user"] = False
    click(qtbot, users_view.active_button)
    assert prompts.shown[-1][0] == "deactivate-user"
    prompts.answers["deactivate-user"] = True
    click(qtbot, users_view.active_button)
    qtbot.waitUntil(lambda: users_view.status.text() == "maria is deactivated.")
    with pytest.raises(AuthenticationError):
        initialized.users.sign_in("maria", "initial-pass-2026")
    qtbot.waitUntil(lambda: users_view.active_button.text() == "Activate")
    click(qtbot, users_view.active_button)
    qtbot.waitUntil(lambda: users_view.status.text() == "maria is active again.")
    assert initialized.users.sign_in("maria", "initial-pass-2026")


def test_create_a_staff_account(qtbot: QtBot, ui: Ui, users_view: UsersView, initialized: Services) -> None:
    click(qtbot, users_view.new_button)
    dialog = ui.visible(NewUserDialog)
    assert unnamed_inputs(dialog) == []
    assert dialog.roles() == [Role.STAFF]
    assert not dialog.form.editor("npi").isVisibleTo(dialog)
    type_text(dialog.form.line("first_name"), "Thảo")
    type_text(dialog.form.line("last_name"), "Trần")
    assert dialog.form.values()["username"] == "ttran"
    click(qtbot, dialog.save_button)  # refused: no password yet; nothing typed is lost
    assert dialog.form.message("new") == "A password needs at least 12 characters."
    assert dialog.form.values()["first_name"] == "Thảo"
    qtbot.keyClicks(dialog.form.line("new"), TEMPORARY)
    qtbot.keyClicks(dialog.form.line("repeat"), TEMPORARY)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: "ttran" in [u.username for u in users_view.model.rows()])
    assert users_view.status.text().startswith("Account ttran created.")
    result = initialized.users.sign_in("ttran", TEMPORARY)
    assert result.must_change_password and result.actor.display_name == "Thảo Trần"


def test_create_a_pa_with_a_supervising_physician(
    qtbot: QtBot, ui: Ui, users_view: UsersView, initialized: Services, admin: Actor
) -> None:
    click(qtbot, users_view.new_button)
    dialog = ui.visible(NewUserDialog)
    dialog.role_boxes[Role.STAFF].setChecked(False)
    dialog.role_boxes[Role.PRESCRIBER].setChecked(True)
    assert dialog.form.editor("npi").isVisibleTo(dialog)
    assert not dialog.form.editor("supervising").isVisibleTo(dialog)
    dialog.prescriber.credentials.setCurrentIndex(2)  # PA-C
    assert dialog.form.editor("supervising").isVisibleTo(dialog)
    supervising = dialog.supervising
    assert [supervising.itemData(i) for i in range(supervising.count())] == ["", "drgarcia"]
    type_text(dialog.form.line("first_name"), "Lupe")
    type_text(dialog.form.line("last_name"), "Ortiz")
    type_text(dialog.form.line("npi"), "1234567890")
    assert dialog.form.message("npi") == "This NPI's check digit is wrong: look for a mistyped digit."
    dialog.form.line("npi").setText("1932104098")
    dialog.form.line("texas_license").setText("PA777")
    dialog.form.line("new").setText(TEMPORARY)
    dialog.form.line("repeat").setText(TEMPORARY)
    click(qtbot, dialog.save_button)
    assert dialog.form.message("supervising") == "a PA needs the user name of a supervising physician."
    supervising.setCurrentIndex(1)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: "lortiz" in [u.username for u in users_view.model.rows()])
    created = next(u for u in initialized.users.list_users(admin) if u.username == "lortiz")
    assert (created.roles, created.credentials, created.supervising_username) == (
        {Role.PRESCRIBER},
        "PA-C",
        "drgarcia",
    )
    entry = initialized.audit.recent(admin, action=AuditAction.USER_CREATED)[0]
    assert (entry.username, entry.record_id, entry.detail) == ("admin", str(created.id), "roles: prescriber")


def test_create_user_is_checked_by_the_service(initialized: Services, admin: Actor, staff: Actor) -> None:
    spec = AccountSpec(username="maria", first_name="Other", last_name="María", roles=frozenset({Role.STAFF}))
    with pytest.raises(ValidationError, match="already an account"):
        initialized.users.create_user(admin, spec, TEMPORARY)
    with pytest.raises(PermissionDeniedError):
        initialized.users.create_user(
            staff, AccountSpec("newbie", "N", "B", frozenset({Role.STAFF})), TEMPORARY
        )
    pa = AccountSpec("pa2", "P", "A", frozenset({Role.PRESCRIBER}), "PA-C", "1932104098", "PA1", "maria")
    with pytest.raises(ValidationError, match="not an active physician"):
        initialized.users.create_user(admin, pa, TEMPORARY)
    with pytest.raises(ValidationError, match="npi"):
        initialized.users.create_user(
            admin, AccountSpec("dr2", "D", "R", frozenset({Role.PRESCRIBER}), "MD", "123", "Q1"), TEMPORARY
        )


# --- clinic profile -----------------------------------------------------------------------


def test_clinic_profile_saves_and_keeps_both_versions_on_a_conflict(
    qtbot: QtBot, ui: Ui, initialized: Services, admin: Actor
) -> None:
    editor = ui.show(ClinicProfileEditor(initialized, admin))
    assert unnamed_inputs(editor) == []
    form = editor.form
    assert form.values()["phone"] == "(512) 555-0100"
    form.line("zip").clear()
    qtbot.keyClicks(form.line("zip"), "787")
    assert form.message("zip") == "A ZIP code is 5 digits, or 5+4 like 78701-1234."
    click(qtbot, editor.save_button)
    assert editor.status.text() == "Please correct the fields marked in red."
    qtbot.keyClicks(form.line("zip"), "02")
    click(qtbot, editor.save_button)
    qtbot.waitUntil(lambda: editor.status.text() == "Saved.")
    profile = initialized.clinic.profile()
    assert profile is not None and profile.zip == "78702"

    # Someone else saves first: my edit stays, theirs shows beside the field.
    theirs = initialized.clinic.update_profile(
        admin, ClinicInput(**{**form.values(), "name": "Their Clinic Name"}), profile.version
    )
    form.line("phone").clear()
    qtbot.keyClicks(form.line("phone"), "512-555-0199")
    click(qtbot, editor.save_button)
    qtbot.waitUntil(editor.conflict.isVisible)
    assert editor.conflict.message.text().startswith("Someone else changed the clinic profile")
    assert form.values()["phone"] == "512-555-0199"
    assert form.other_text("name") == "Saved by someone else: Their Clinic Name"
    assert form.other_text("phone") == "Saved by someone else: (512) 555-0100"
    click(qtbot, editor.conflict.mine_button)
    qtbot.waitUntil(lambda: editor.status.text() == "Saved.")
    saved = initialized.clinic.profile()
    assert saved is not None and (saved.name, saved.phone) == ("Hill Country LDN Clinic", "(512) 555-0199")
    assert saved.version > theirs.version


def test_clinic_conflict_can_take_their_version(
    qtbot: QtBot, ui: Ui, initialized: Services, admin: Actor
) -> None:
    editor = ui.show(ClinicProfileEditor(initialized, admin))
    profile = initialized.clinic.profile()
    assert profile is not None
    initialized.clinic.update_profile(
        admin, ClinicInput(**{**editor.form.values(), "city": "Round Rock"}), profile.version
    )
    type_text(editor.form.line("name"), " (Austin)")
    click(qtbot, editor.save_button)
    qtbot.waitUntil(editor.conflict.isVisible)
    click(qtbot, editor.conflict.theirs_button)
    assert editor.form.values()["city"] == "Round Rock"
    assert editor.form.values()["name"] == "Hill Country LDN Clinic"
    assert editor.form.other_text("city") == ""


# --- pharmacies ---------------------------------------------------------------------------


def test_add_and_edit_a_pharmacy(qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor) -> None:
    directory = ui.show(PharmacyDirectory(initialized, staff))
    qtbot.waitUntil(lambda: directory.loaded)
    assert unnamed_inputs(directory) == []
    click(qtbot, directory.add_button)
    dialog = ui.visible(PharmacyDialog)
    type_text(dialog.form.line("name"), "Farmacia Ñandú Compounding")
    type_text(dialog.form.line("npi"), "1234")
    assert dialog.form.message("npi") == "An NPI has 10 digits; this one has 4."
    click(qtbot, dialog.save_button)
    assert dialog.form.message("street") == "This is required."
    dialog.form.set_values(
        {"street": "500 W 5th St", "city": "Austin", "zip": "78701", "phone": "512-555-0170", "npi": ""}
    )
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: len(directory.model.rows()) == 1)
    assert directory.model.index(0, 0).data() == "Farmacia Ñandú Compounding"
    assert directory.model.index(0, 2).data() == "(512) 555-0170"

    directory.table.selectRow(0)
    click(qtbot, directory.edit_button)
    edit = ui.visible(PharmacyDialog)
    assert edit.form.values()["city"] == "Austin"
    edit.form.line("fax").setText("512-555-0171")
    click(qtbot, edit.save_button)
    qtbot.waitUntil(lambda: directory.model.index(0, 3).data() == "(512) 555-0171")


def test_pharmacy_conflict_keeps_both(qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor) -> None:
    mine = initialized.pharmacies.create(
        staff, PharmacyInput("Bee Cave Compounding", "1 Main", "Bee Cave", "TX", "78738", "512-555-0180")
    )
    dialog = ui.show(PharmacyDialog(initialized, staff, mine))
    initialized.pharmacies.update(
        staff,
        mine.id,
        PharmacyInput("Bee Cave Compounding", "1 Main", "Bee Cave", "TX", "78738", "512-555-0181"),
        mine.version,
    )
    dialog.form.line("fax").setText("512-555-0189")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(dialog.conflict.isVisible)
    assert dialog.form.other_text("phone") == "Saved by someone else: (512) 555-0181"
    assert dialog.form.values()["fax"] == "512-555-0189"
    assert not dialog.save_button.isEnabled()  # choose first
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, dialog.conflict.mine_button)
    saved = initialized.pharmacies.list()[0]
    assert (saved.phone, saved.fax) == ("(512) 555-0180", "(512) 555-0189")


# --- audit trail and the admin page -------------------------------------------------------


def test_audit_trail_lists_and_filters(
    qtbot: QtBot, ui: Ui, initialized: Services, admin: Actor, qtmodeltester: ModelTester
) -> None:
    with pytest.raises(AuthenticationError):
        initialized.users.sign_in("maria", "wrong password!!")
    view = ui.show(AuditView(initialized, admin))
    qtbot.waitUntil(lambda: view.loaded)
    qtmodeltester.check(view.model)
    actions = [view.model.index(r, 2).data() for r in range(view.model.rowCount())]
    assert actions[:2] == ["Sign in failed", "Password changed"]
    first_time = view.model.index(0, 0).data()
    assert first_time == "2026-11-21 09:00:00 CST"  # 15:00 UTC on the test clock, in Austin
    view.action.setCurrentIndex(view.action.findData(AuditAction.SIGN_IN_FAILED.value))
    view.action.activated.emit(view.action.currentIndex())
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.index(0, 1).data() == "maria"
    assert view.model.index(0, 4).data() == "wrong password (1)"
    assert view.count.text() == "1 entries, newest first."
    assert unnamed_inputs(view) == []


def test_follow_up_rules_are_checked_as_typed_and_saved(
    qtbot: QtBot, ui: Ui, initialized: Services, admin: Actor
) -> None:
    view = ui.show(FollowupRulesView(initialized, admin))
    assert unnamed_inputs(view) == []
    form = view.form
    assert form.values()["efficacy_review_days"] == "70"
    assert form.values()["calendar_detail"] == "initials_mrn"
    form.line("efficacy_review_days").clear()
    qtbot.keyClicks(form.line("efficacy_review_days"), "7O")
    assert form.message("efficacy_review_days") == "Enter a whole number, such as 21."
    form.line("refill_lead_days").clear()
    qtbot.keyClicks(form.line("refill_lead_days"), "90")
    assert form.message("refill_lead_days") == "At most 60, please."
    click(qtbot, view.save_button)
    assert view.status.text() == "Please correct the fields marked in red."
    form.line("efficacy_review_days").clear()
    qtbot.keyClicks(form.line("efficacy_review_days"), "84")
    form.line("refill_lead_days").clear()
    qtbot.keyClicks(form.line("refill_lead_days"), "10")
    form.set_values({"calendar_detail": "mrn_only"})
    click(qtbot, view.save_button)
    qtbot.waitUntil(lambda: view.status.text().startswith("Saved."))
    saved = initialized.followup_settings.get()
    assert (saved.rules.efficacy_review_days, saved.rules.refill_lead_days) == (84, 10)
    assert saved.calendar_detail.value == "mrn_only"
    screenshot(view.window(), "admin-followup-rules")


def test_admin_page_has_a_tab_per_permission(ui: Ui, initialized: Services, admin: Actor) -> None:
    page = ui.show(AdminView(initialized, admin))
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Users",
        "Clinic profile",
        "Formulary",
        "Follow-up rules",
        "Audit trail",
    ]
    assert isinstance(page.show_area("Audit trail"), AuditView)
