"""How long a field may be, and how many of a thing a record may hold: one number for the rule,
the database column and the entry box.

`Limit.chars` is the most characters a field keeps: the rule's number, the column's size and,
usually, the entry box's maximum. Where spaces are collapsed before the rule reads the text,
the box takes a little more (`typing`), so a long entry is not cut silently: the rule's message
says what is too long.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limit:
    chars: int
    typing: int | None = None  # the entry box's maximum when it is not `chars`

    @property
    def box(self) -> int:
        """The entry box's maximum length."""
        return self.typing or self.chars


# --- reasons ------------------------------------------------------------------------------------
REASON_MIN_CHARS = 5  # a cancel, a void or an addendum says why in at least this many characters

# --- prescriptions and formulas -----------------------------------------------------------------
RX_DIAGNOSIS = Limit(300)
RX_PHARMACIST_NOTE = Limit(1000)
RX_VOID_REASON = Limit(1000)
FORMULA_CODE = Limit(30)
FORMULA_FLAVOUR = Limit(100)
FORMULA_NOTES = Limit(500)

MAX_REFILLS = 11  # refills on one prescription

# --- follow-ups ---------------------------------------------------------------------------------
FOLLOWUP_NOTE = Limit(2000)  # a reason, an attempt's note, a closing note
FOLLOWUP_DAYS_AHEAD = 366  # an appointment or the end of a snooze is at most this far ahead
NEW_FOLLOWUP_DAYS_AHEAD = 3 * 366  # a follow-up added by hand is due within about three years

# --- visits -------------------------------------------------------------------------------------
VISIT_CITY = Limit(100, typing=120)
VISIT_SIDE_EFFECT_OTHER = Limit(500, typing=600)
VISIT_CONDITION_NAME = Limit(60, typing=80)

# --- patients -----------------------------------------------------------------------------------
PATIENT_LIST_ITEMS = 100  # conditions, allergies, medications: rows in each list
