"""The chart's tabs as data: a list of (key, title, factory) specs.

Later features add a tab by registering a spec, without touching the chart window:

    register_chart_tab(ChartTabSpec("prescriptions", "Prescriptions", PrescriptionsTab.from_context))

A factory receives a `ChartTabContext` and returns the tab's widget. A tab that shows chart
data implements `ChartPage.show_detail`; the window calls it whenever the chart is (re)loaded.
The shell registers the feature packages' tabs at start-up (`ldnclinic.ui.shell.wiring`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail


class ChartForm(Protocol):
    """The chart's patient form (ldnclinic.ui.patients), as far as the first two tabs need it."""

    @property
    def demographics_page(self) -> QWidget: ...
    @property
    def clinical_page(self) -> QWidget: ...


@dataclass(frozen=True, slots=True)
class ChartTabContext:
    """What a tab may need: the services, who is signed in, the patient and the chart's form."""

    services: Services
    actor: Actor
    patient_id: int
    form: ChartForm
    reload: Callable[[], None]  # ask the chart to fetch the patient again (after a tab saved)


@runtime_checkable
class ChartPage(Protocol):
    def show_detail(self, detail: PatientDetail) -> None: ...


TabFactory = Callable[[ChartTabContext], QWidget]


@dataclass(frozen=True, slots=True)
class ChartTabSpec:
    key: str
    title: str
    factory: TabFactory
    order: int = 100


def _demographics(context: ChartTabContext) -> QWidget:
    return context.form.demographics_page


def _clinical(context: ChartTabContext) -> QWidget:
    return context.form.clinical_page


DEMOGRAPHICS_TAB = ChartTabSpec("demographics", "Demographics", _demographics, order=10)
CLINICAL_TAB = ChartTabSpec("clinical", "Clinical", _clinical, order=20)
_REGISTRY: dict[str, ChartTabSpec] = {spec.key: spec for spec in (DEMOGRAPHICS_TAB, CLINICAL_TAB)}


def register_chart_tab(spec: ChartTabSpec) -> None:
    """Add (or replace, by key) a tab that every chart opened from now on shows."""
    _REGISTRY[spec.key] = spec


def chart_tab_specs() -> list[ChartTabSpec]:
    return sorted(_REGISTRY.values(), key=lambda spec: (spec.order, spec.key))
