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
REASON = Limit(1000)  # a reason a reviewer reads: an override, a void (domain.reasons checks it)

# --- prescriptions and formulas -----------------------------------------------------------------
RX_DIAGNOSIS = Limit(300)
RX_PHARMACIST_NOTE = Limit(1000)
RX_VOID_REASON = REASON
FAX_COVER_NOTE = Limit(500)  # the note on a fax cover sheet (longer text is cut, not refused)
FORMULA_CODE = Limit(30)
FORMULA_BASE = Limit(200)
FORMULA_FLAVOUR = Limit(100)
FORMULA_NOTES = Limit(500)

MAX_REFILLS = 11  # refills on one prescription

# --- follow-ups ---------------------------------------------------------------------------------
FOLLOWUP_NOTE = Limit(2000)  # a reason, an attempt's note, a closing note
FOLLOWUP_DAYS_AHEAD = 366  # an appointment or the end of a snooze is at most this far ahead
NEW_FOLLOWUP_DAYS_AHEAD = 3 * 366  # a follow-up added by hand is due within about three years
NEW_FOLLOWUP_DAYS_BACK = 365  # ... and at most a year ago (a call that should have been logged)
CALENDAR_EXPORT_DAYS = 366  # a calendar export covers this many days ahead unless told otherwise

# --- visits -------------------------------------------------------------------------------------
VISIT_CITY = Limit(100, typing=120)
VISIT_SIDE_EFFECT_OTHER = Limit(500, typing=600)
VISIT_CONDITION_NAME = Limit(60, typing=80)

# --- patients -----------------------------------------------------------------------------------
PATIENT_LIST_ITEMS = 100  # conditions, allergies, medications: rows in each list
PATIENT_LIST_TEXT = Limit(
    200
)  # a condition's name, an allergy's substance or reaction, a medication's name or dose
EMERGENCY_CONTACT_NAME = Limit(200)
EMERGENCY_CONTACT_RELATIONSHIP = Limit(100)

# --- people: patients and staff accounts --------------------------------------------------------
PERSON_NAME = Limit(100)  # a first, middle, last or preferred name (a patient's or a user's)

# --- addresses and contact details: the clinic, the pharmacies, the patients --------------------
CLINIC_NAME = Limit(200)
PHARMACY_NAME = Limit(200)
ADDRESS_STREET = Limit(200)
ADDRESS_CITY = Limit(100)
# Stored as the two-letter code; the box takes a state's name too ("District of Columbia" is 20).
ADDRESS_STATE = Limit(2, typing=20)
ZIP_CODE = Limit(10)  # 78701 or 78701-1234
# Stored in E.164 (+15125550142); the box takes a number as people type it, and a typed number
# longer than the box is refused as far too long (services.contact_checks.parse_phone).
PHONE_NUMBER = Limit(30, typing=40)
EMAIL_ADDRESS = Limit(254)
NPI = Limit(10)  # a National Provider Identifier: exactly this many digits (a person's or a pharmacy's)

# --- staff accounts -----------------------------------------------------------------------------
USER_NAME = Limit(32)  # the account rule: 2 to this many characters (services.users.accounts)
# What the sign-in box takes and the users and audit trail columns hold: deliberately more than
# USER_NAME, so a mistyped long name gets the sign-in's message rather than being cut, and a
# refused attempt is recorded as it was typed.
SIGN_IN_USER_NAME = Limit(64)
PASSWORD = Limit(256)  # at most this many characters (domain.passwords); every password box
TEXAS_LICENSE = Limit(20)

# --- entry boxes with no rule of their own ------------------------------------------------------
# How much a small box for a number lets one type. The number's own rule (a dose below 1000 mg
# with at most three decimals, a whole number of days...) says what is wrong with it; these
# only stop a runaway paste.
AMOUNT_BOX = 20  # a titration step's dose or days, the dose a patient takes now
STRENGTH_BOX = 12  # a formula's strength in mg
SCORE_VALUE_BOX = 12  # a condition score's value at a visit
SETTING_NUMBER_BOX = 4  # a follow-up rule or start-date limit in the clinic's settings (days, months)
