"""The words and codes the safety screen looks for (`ldnclinic.domain.safety.screen`).

Term lists are whole-word patterns (see `free_text.terms`): conditions (pregnancy and
breastfeeding, liver disease, transplants), medications (systemic immunosuppressants, thyroid
hormone, naltrexone) and the words of a base or flavour too general to match an allergy.
Each `*_IGNORED` pattern is blanked out before its list is looked for ("not pregnant",
"liver spots", "hair transplant"). `is_pregnancy`, `is_liver` and `is_transplant` read a
condition's label and its ICD-10-CM code (as `icd` gives it).

Bump `screen.RULES_VERSION` whenever a list here changes: it is stored with each prescription.
"""

from __future__ import annotations

import re

from ldnclinic.domain.names import fold
from ldnclinic.domain.safety.free_text import mentions, terms, words

# --- conditions ----------------------------------------------------------------------------------

PREGNANCY = terms("pregnan*", "breastfeed*", "breastfed", "breast feed*", "breast fed", "lactati*", "nursing")
PREGNANCY_IGNORED = terms(
    "not pregnant",
    "non pregnant",
    "not currently pregnant",
    "not breastfeeding",
    "not breast feeding",
    "not lactating",
    "not nursing",
    "nursing home*",
)
PREGNANCY_CODES = ("O", "Z331", "Z34", "Z391", "Z3A", "Z3201")

LIVER = terms(
    "liver",
    "hepatic",
    "hepatitis",
    "hepatitides",
    "hepatocellular",
    "hepatoma",
    "cirrhosis",
    "cirrhotic",
    "nafld",
    "nash",
    "masld",
    "mash",
    "steatohepatitis",
    "steatosis",
    "hep a",
    "hep b",
    "hep c",
    "hbv",
    "hcv",
)
LIVER_IGNORED = terms("liver spot*")

TRANSPLANT = terms("transplant*")
TRANSPLANT_IGNORED = terms(
    "hair transplant*",
    "fecal transplant*",
    "faecal transplant*",
    "fecal microbiota transplant*",
    "faecal microbiota transplant*",
    "stool transplant*",
)
TRANSPLANT_CODES = ("Z94", "T86")

# --- medications ----------------------------------------------------------------------------------

IMMUNOSUPPRESSANTS = terms(
    "tacrolimus",
    "prograf",
    "envarsus",
    "astagraf",
    "cyclosporine",
    "ciclosporin",
    "cyclosporin",
    "neoral",
    "sandimmune",
    "gengraf",
    "mycophenolate",
    "mycophenolic acid",
    "cellcept",
    "myfortic",
    "sirolimus",
    "rapamune",
    "everolimus",
    "zortress",
    "azathioprine",
    "imuran",
    "azasan",
    "belatacept",
    "nulojix",
)
LOCAL_USE = terms("ophthalmic", "eye", "eyes", "ointment", "cream", "topical", "lotion")

THYROID = terms(
    "levothyroxine",
    "thyroxine",
    "synthroid",
    "levoxyl",
    "unithroid",
    "tirosint",
    "euthyrox",
    "levothroid",
    "levo t",
    "liothyronine",
    "cytomel",
    "triostat",
    "liotrix",
    "thyrolar",
    "armour thyroid",
    "np thyroid",
    "wp thyroid",
    "nature throid",
    "westhroid",
    "adthyza",
    "desiccated thyroid",
    "thyroid",
)
THYROID_SHORTHAND = terms("t3", "t4")

# --- allergies ------------------------------------------------------------------------------------

NALTREXONE = terms("naltrexone", "revia", "vivitrol", "depade", "ldn")

# Words of a base or flavour too general to say what the patient reacts to.
GENERAL_WORDS = frozenset(
    words(
        "base bases with without and the for from free cream creams ointment gel vehicle suspending "
        "suspension solution liquid powder filler fillers excipient excipients capsule capsules troche "
        "troches drop drops water purified sterile sugar oil oils glycol hypoallergenic plain "
        "unflavoured unflavored flavour flavor flavoured flavored flavouring flavoring natural "
        "artificial oral topical grade usp pharmaceutical compounding monohydrate anhydrous sodium "
        "allergy allergies allergic known none intolerance intolerant rash hives reaction severe mild"
    ).split()
)


# --- reading a condition -------------------------------------------------------------------------


def icd(code: str | None) -> str:
    """An ICD-10-CM code without dots or spaces, upper case ("O09.90" -> "O0990"); "" if not one."""
    value = "".join(fold(code or "").split()).replace(".", "").upper()
    return value if re.fullmatch(r"[A-Z][0-9][0-9A-Z]{1,5}", value) else ""


def _icd_in(code: str, letter: str, low: int, high: int) -> bool:
    return code[:1] == letter and code[1:3].isdigit() and low <= int(code[1:3]) <= high


def is_pregnancy(label: str, code: str) -> bool:
    return code.startswith(PREGNANCY_CODES) or mentions(PREGNANCY, label, PREGNANCY_IGNORED)


def is_liver(label: str, code: str) -> bool:
    liver_code = _icd_in(code, "K", 70, 77) or _icd_in(code, "B", 15, 19)
    return liver_code or mentions(LIVER, label, LIVER_IGNORED)


def is_transplant(label: str, code: str) -> bool:
    return code.startswith(TRANSPLANT_CODES) or mentions(TRANSPLANT, label, TRANSPLANT_IGNORED)
