"""Where a new prescription starts: the clinic's usual first script.

The editor fills a new script with these (the prescriber changes what differs); the demo data
writes its first scripts with them too.
"""

from __future__ import annotations

from ldnclinic.domain.prescriptions.titration import PLAN_TEMPLATES, TitrationPlan, find_plan

DEFAULT_FORMULA_CODE = "CAP-1.5"  # naltrexone 1.5 mg capsules
DEFAULT_PLAN_CODE = "STD-1.5-14"  # the standard climb: 1.5 mg steps every 14 days
DEFAULT_SUPPLY_DAYS = 30  # a month's supply
DEFAULT_REFILLS = 0


def default_plan() -> TitrationPlan:
    """The plan a new script starts with (the first template if the default were ever gone)."""
    return find_plan(DEFAULT_PLAN_CODE) or PLAN_TEMPLATES[0]
