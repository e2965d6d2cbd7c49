"""`ldnclinic rx ...`, `formulas list` and `plans list`: prescriptions from the command line.

Each command signs in as --user and calls the prescription services, exactly as the app
does: the services check the user's role and write the audit trail. A change to an existing
prescription first reads it (`get`) for the version the change is checked against, so an
edit someone made in between is a conflict, never an overwrite. `rx new` and `rx renew`
print only the new id on standard output (for scripts); notes go to standard error.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from ldnclinic.cli import rx_format
from ldnclinic.cli.context import CommandContext
from ldnclinic.cli.terminal import CommandLineError, complain, say
from ldnclinic.domain.errors import DomainError, NotFoundError
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.prescriptions.status import RxStatus, SendMethod
from ldnclinic.domain.prescriptions.titration import PLAN_TEMPLATES, TimeOfDay, TitrationStep, find_plan
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor, require
from ldnclinic.services.delivery import DeliveryError, PdfFile, unwritable_reason, write_atomically
from ldnclinic.services.prescriptions.dto import FormulaEntry, PrescriptionDetail, PrescriptionInput
from ldnclinic.services.prescriptions.printing import MissingElementsError, SafetyStopError
from ldnclinic.services.prescriptions.readiness import IncompleteScriptError

# --- writing and approving ----------------------------------------------------------------------


def new_prescription(ctx: CommandContext) -> int:
    """Save a draft; its id alone on standard output, what the screen found on standard error."""
    args = ctx.args
    steps, plan_code = _chosen_steps(args.plan, args.steps, morning=args.morning)
    services, actor = ctx.sign_in()
    patient = services.patients.get_by_mrn(actor, args.patient)
    formula = _formula_in_use(services, args.formula)
    data = PrescriptionInput(
        patient_id=patient.id,
        formula_id=formula.id,
        steps=steps,
        supply_days=args.days,
        refills=args.refills,
        plan_code=plan_code,
        start_date=args.start,
        pharmacy_id=args.pharmacy,
        diagnosis=args.diagnosis,
        diagnosis_omitted=args.no_diagnosis,
        pharmacist_note=args.note,
    )
    draft = services.prescriptions.create_draft(actor, data)
    say(str(draft.id))
    complain(*rx_format.draft_notes(draft), *_fitting_formulas(services, actor, draft, data))
    return 0


def _chosen_steps(
    plan_code: str | None, typed: tuple[TitrationStep, ...] | None, *, morning: bool
) -> tuple[tuple[TitrationStep, ...], str | None]:
    """The steps of --plan CODE or --steps (argparse has read them); --morning moves every dose."""
    code = None
    if plan_code is not None:
        plan = find_plan(plan_code)
        if plan is None:
            wanted = plan_code.strip()[:30]
            raise NotFoundError(
                f"There is no plan with the code “{wanted}”; `ldnclinic plans list` shows them."
            )
        typed, code = plan.steps, plan.code
    assert typed is not None  # argparse requires --plan or --steps
    if morning:
        typed = tuple(dataclasses.replace(step, time_of_day=TimeOfDay.MORNING) for step in typed)
    return typed, code


def _formula_in_use(services: Services, code: str) -> FormulaEntry:
    formula = services.formulary.by_code(code)
    if not formula.active:
        raise DomainError(
            f"The formula {formula.code} is no longer in use; `ldnclinic formulas list` shows those that are."
        )
    return formula


def _fitting_formulas(
    services: Services, actor: Actor, draft: PrescriptionDetail, data: PrescriptionInput
) -> list[str]:
    """For a draft the formula cannot make: the formulas that would fit its steps."""
    if not draft.problems:
        return []
    fitting = [f.code for f in services.prescriptions.preview(actor, data).suggestions]
    if not fitting:
        return ["note: no formula in the formulary fits these steps."]
    return ["note: formulas that fit these steps: " + ", ".join(fitting) + "."]


def approve_prescription(ctx: CommandContext) -> int:
    rx_id: int = ctx.args.id
    services, actor = ctx.sign_in()
    current = services.prescriptions.get(actor, rx_id)
    require(actor, Permission.RX_APPROVE)
    if ctx.args.acknowledge == [] and current.warnings:
        complain(
            "ldnclinic: name each warning you acknowledge, as `rx show` lists it.",
            *_approval_hint(current, tuple(f.key for f in current.warnings)),
        )
        return 1
    seen = {ref.strip().lower() for ref in ctx.args.acknowledge or ()}
    acknowledged = frozenset(f.key for f in current.warnings if f.ref in seen)
    refs = {ref.strip().lower() for ref in ctx.args.override}
    overridden = frozenset(f.key for f in current.hard_stops if f.ref in refs)
    unknown = (refs - {f.ref for f in current.hard_stops}) | (seen - {f.ref for f in current.warnings})
    can_override = [f for f in current.hard_stops if f.code != "cannot_make"]
    if ctx.args.override_reason and can_override and not refs:
        complain(
            "ldnclinic: name each hard stop you override with --override REF.",
            *_approval_hint(current, tuple(f.key for f in current.hard_stops)),
        )
        return 1
    if unknown:
        complain(
            f"ldnclinic: no finding of prescription {rx_id} now has the reference "
            f"{', '.join(sorted(unknown))} (it may have changed: run `ldnclinic rx show {rx_id}`).",
            *_approval_hint(current, tuple(f.key for f in current.findings)),
        )
        return 1
    try:
        approved = services.prescriptions.approve(
            actor,
            rx_id,
            current.version,
            acknowledged=acknowledged,
            override_reason=ctx.args.override_reason,
            overridden=overridden,
            password=ctx.password,
        )
    except SafetyStopError as stop:
        complain(stop.message, *_approval_hint(current, stop.keys))
        return 1
    except IncompleteScriptError as error:  # what the printed script would lack, as `print` lists it
        complain("Cannot approve: the prescription is missing", *(f"  - {item}" for item in error.missing))
        return 1
    say(rx_format.approved_line(approved))
    return 0


def _approval_hint(current: PrescriptionDetail, keys: tuple[str, ...]) -> list[str]:
    """What to add to the command to get past the stop (nothing can override "cannot be made")."""
    if "cannot_make" in keys:
        return ["Void this draft and write one with a formula that fits (`ldnclinic formulas list`)."]
    stops = [f for f in current.hard_stops if f.key in keys] or list(current.hard_stops)
    if stops and any(f.key in keys for f in current.hard_stops):
        return [
            "Hard stops: " + "; ".join(f"{f.key} [{f.ref}]" for f in stops) + ".",
            "To approve anyway, name each one and say why: "
            + " ".join(f"--override {f.ref}" for f in stops)
            + " --override-reason TEXT (a sentence a reviewer can read). It is kept with the "
            "prescription and in the audit trail.",
        ]
    if not any(f.key in keys for f in current.warnings):
        return [
            "Something changed since this command read the prescription: run "
            f"`ldnclinic rx show {current.id}`."
        ]
    waiting = [f for f in current.warnings if f.key in keys]
    return [
        "Warnings to acknowledge: " + "; ".join(f"{f.code} [{f.ref}]" for f in waiting) + ".",
        f"Read them (`ldnclinic rx show {current.id}`), then name each one you have reviewed: "
        "--acknowledge " + " ".join(f.ref for f in waiting) + ".",
    ]


# --- printing and after ------------------------------------------------------------------------


def print_prescription(ctx: CommandContext) -> int:
    """The PDF to -o FILE: the original (which assigns the serial), a reprint, or a chart copy.

    The print is recorded only once the file is written (atomically: never half a PDF under
    the name asked for); a place that cannot be written records nothing."""
    rx_id: int = ctx.args.id
    target: Path = ctx.args.output
    if not _writable(target):
        return 1
    services, actor = ctx.sign_in()
    out = PdfFile(target)
    try:
        printed = services.prescriptions.print(actor, rx_id, copy=ctx.args.copy, deliver=out)
    except MissingElementsError as error:
        complain("Cannot print: the prescription is missing", *(f"  - {item}" for item in error.missing))
        return 1
    except DeliveryError as error:
        complain(f"ldnclinic: {error.message} Nothing was printed or recorded.")
        return 1
    except BaseException:
        out.discard()  # written, but the print could not be recorded: no unrecorded original
        raise
    say(*rx_format.printed_lines(printed, str(target)))
    return 0


def preview_prescription(ctx: CommandContext) -> int:
    """The script watermarked PREVIEW to -o FILE: no serial, nothing recorded."""
    rx_id: int = ctx.args.id
    target: Path = ctx.args.output
    if not _writable(target):
        return 1
    services, actor = ctx.sign_in()
    preview = services.prescriptions.script_preview(actor, rx_id, copy=ctx.args.copy)
    try:
        write_atomically(target, preview.pdf)
    except DeliveryError as error:
        complain(f"ldnclinic: {error.message}")
        return 1
    complain(*(f"note: printing needs {item}." for item in preview.missing))
    say(f"Preview of prescription {rx_id} written to {target} (not valid for dispensing; nothing recorded).")
    return 0


def _writable(target: Path) -> bool:
    """Say why (one line) and return False if a PDF cannot be written to `target`."""
    reason = unwritable_reason(target)
    if reason is not None:
        complain(f"ldnclinic: cannot write {target}: {reason}. Nothing was printed or recorded.")
    return reason is None


def _check_target(target: Path) -> None:
    """Refuse before making the cover sheet if the file cannot go where asked."""
    if target.is_dir():
        raise CommandLineError(f"{target} is a folder; give a file name such as {target / 'rx.pdf'}.")
    folder = target.parent
    if not folder.is_dir():
        raise CommandLineError(f"The folder {folder} does not exist; nothing was printed.")


def fax_cover(ctx: CommandContext) -> int:
    """A fax cover sheet for the pharmacy on a printed script, to -o FILE."""
    rx_id: int = ctx.args.id
    target: Path = ctx.args.output
    _check_target(target)
    services, actor = ctx.sign_in()
    pdf = services.prescriptions.fax_cover(actor, rx_id, note=ctx.args.note)
    try:
        target.write_bytes(pdf)
    except OSError as error:
        complain(f"ldnclinic: could not write {target}: {error.strerror or error}.")
        return 1
    say(f"Fax cover sheet for prescription {rx_id} written to {target}.")
    return 0


def sign_prescription(ctx: CommandContext) -> int:
    rx_id: int = ctx.args.id
    services, actor = ctx.sign_in()
    current = services.prescriptions.get(actor, rx_id)
    signed = services.prescriptions.sign(actor, rx_id, current.version)
    say(f"Signed: prescription {signed.id} ({signed.serial}) by {signed.signed_by}.")
    return 0


def send_prescription(ctx: CommandContext) -> int:
    rx_id: int = ctx.args.id
    method = SendMethod(ctx.args.method)
    services, actor = ctx.sign_in()
    current = services.prescriptions.get(actor, rx_id)
    pharmacy_id = ctx.args.pharmacy if ctx.args.pharmacy is not None else current.pharmacy_id
    sent = services.prescriptions.send(actor, rx_id, current.version, method=method, pharmacy_id=pharmacy_id)
    where = f" to {sent.sent_to_pharmacy_name}" if sent.sent_to_pharmacy_name else ""
    say(f"Sent: prescription {sent.id} ({sent.serial}), {method.label.lower()}{where}.")
    return 0


def void_prescription(ctx: CommandContext) -> int:
    rx_id: int = ctx.args.id
    services, actor = ctx.sign_in()
    current = services.prescriptions.get(actor, rx_id)
    voided = services.prescriptions.void(actor, rx_id, current.version, ctx.args.reason)
    serial = f" ({voided.serial})" if voided.serial else ""
    say(f"Voided: prescription {voided.id}{serial}, which was {current.status.label.lower()}.")
    return 0


def renew_prescription(ctx: CommandContext) -> int:
    services, actor = ctx.sign_in()
    draft = services.prescriptions.renew(actor, ctx.args.id)
    say(str(draft.id))
    complain(*rx_format.draft_notes(draft))
    return 0


# --- reading ----------------------------------------------------------------------------------


def list_prescriptions(ctx: CommandContext) -> int:
    args = ctx.args
    services, actor = ctx.sign_in()
    patient_id = services.patients.get_by_mrn(actor, args.patient).id if args.patient is not None else None
    status = RxStatus(args.status) if args.status else None
    found = services.prescriptions.query(actor, status=status, patient_id=patient_id, limit=args.limit)
    if args.json:
        say(json.dumps([rx_format.summary_json(rx) for rx in found], ensure_ascii=False, indent=2))
        return 0
    zone = services.clinic.zone()
    say(*rx_format.table_header(rx_format.RX_COLUMNS), *(rx_format.rx_row(rx, zone) for rx in found))
    more = f" (stopped at --limit {args.limit})" if len(found) >= args.limit else ""
    say(f"{len(found):,} prescription{'' if len(found) == 1 else 's'}{more}.")
    return 0


def show_prescription(ctx: CommandContext) -> int:
    services, actor = ctx.sign_in()
    rx = services.prescriptions.get(actor, ctx.args.id)
    if ctx.args.json:
        say(json.dumps(rx_format.detail_json(rx), ensure_ascii=False, indent=2))
    else:
        say(*rx_format.detail_text(rx, services.clinic.zone()))
    return 0


def list_formulas(ctx: CommandContext) -> int:
    services, _ = ctx.sign_in()
    formulas = services.formulary.list(include_inactive=ctx.args.all)
    if ctx.args.json:
        say(json.dumps([rx_format.formula_json(f) for f in formulas], ensure_ascii=False, indent=2))
    else:
        columns = rx_format.FORMULA_COLUMNS
        say(*rx_format.table_header(columns), *(rx_format.formula_row(f) for f in formulas))
    return 0


def list_plans(ctx: CommandContext) -> int:
    """The built-in templates: no database and no sign-in needed."""
    if ctx.args.json:
        say(json.dumps([rx_format.plan_json(p) for p in PLAN_TEMPLATES], ensure_ascii=False, indent=2))
    else:
        columns = rx_format.PLAN_COLUMNS
        say(*rx_format.table_header(columns), *(rx_format.plan_row(p) for p in PLAN_TEMPLATES))
    return 0
