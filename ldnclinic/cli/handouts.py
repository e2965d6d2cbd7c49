"""`ldnclinic handout MRN --kind KIND ... -o FILE.pdf` and `ldnclinic handouts list`.

`handout` signs in as --user, personalises the chosen handouts for the patient (in their
preferred language unless --lang says otherwise), writes one PDF (atomically) and, once it
is written, records it in the patient's Documents, as the app does. `handouts list` needs no
database: it reads the library.
"""

from __future__ import annotations

import json

from ldnclinic.cli.context import CommandContext
from ldnclinic.cli.format import fit
from ldnclinic.cli.terminal import complain, say
from ldnclinic.services.delivery import DeliveryError, PdfFile, unwritable_reason
from ldnclinic.services.handouts.library import load_library
from ldnclinic.services.handouts.service import NEW_PATIENT_PACKET

PACKET = "new-patient"


def print_handouts(ctx: CommandContext) -> int:
    args = ctx.args
    reason = unwritable_reason(args.output)
    if reason is not None:
        complain(f"ldnclinic: cannot write {args.output}: {reason}. Nothing was printed or recorded.")
        return 1
    services, actor = ctx.sign_in()
    patient = services.patients.get_by_mrn(actor, args.mrn)
    kinds = [kind for chosen in args.kind for kind in (NEW_PATIENT_PACKET if chosen == PACKET else (chosen,))]
    out = PdfFile(args.output)
    try:
        printed = services.handouts.print(
            actor,
            patient.id,
            kinds,
            args.lang,
            packet="new_patient" if PACKET in args.kind else None,
            deliver=out,
        )
    except DeliveryError as error:
        complain(f"ldnclinic: {error.message} Nothing was recorded.")
        return 1
    except BaseException:
        out.discard()  # written, but not recorded: no handouts the chart does not know of
        raise
    record = printed.record
    titles = "; ".join(f"{item.title} (v{item.version})" for item in record.items)
    count = f"{len(record.items)} handout{'s' if len(record.items) != 1 else ''}"
    say(f"Wrote {args.output}: {count} in {record.language}: {titles}.")
    return 0


def list_handouts(ctx: CommandContext) -> int:
    library = load_library().checked()
    english = [library.get("en", kind) for kind in library.kinds()]
    spanish = {kind: library.get("es", kind).title for kind in library.kinds()}
    if ctx.args.json:
        data = [
            {
                "kind": text.kind,
                "version": text.version,
                "needs_prescription": text.needs_prescription,
                "titles": {"en": text.title, "es": spanish[text.kind]},
            }
            for text in english
        ]
        say(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    say(f"{fit('Kind', 30)}  {fit('Version', 7)}  {fit('Needs a script', 14)}  Title (English / Spanish)")
    for text in english:
        needs = "yes" if text.needs_prescription else ""
        titles = f"{text.title} / {spanish[text.kind]}"
        say(f"{fit(text.kind, 30)}  {fit(str(text.version), 7)}  {fit(needs, 14)}  {titles}")
    say(f"{PACKET!s:<30}  (the new-patient packet: {', '.join(NEW_PATIENT_PACKET)})")
    return 0
