"""The state of one build: everything keikaku keeps between events.

What the events of a build hand on to each other (the plan built on
``env-updated``, the findings counted for the exit status, the other plans'
files read, the chart drawer, …) lives in one :class:`KeikakuState`, reached
through :func:`state` from the environment, like sphinx-needs'
``SphinxNeedsData(env)``; no module keeps any of it.

Where it is kept, and why it is never pickled: on the environment's
``keikaku`` domain object, as a plain attribute beside (not in) the domain
data. Sphinx pickles ``env.domaindata`` between builds and into a parallel
reader's result, but never the domain objects: ``BuildEnvironment.__getstate__``
sets ``domains`` to ``None`` and every environment, fresh or unpickled,
makes its domains anew in ``BuildEnvironment.setup``. So each environment,
in each process, has its own state, and none survives into the next build's
pickle. A forked process (a ``-j`` reader or writer) starts with a copy of
its parent's state and changes only its copy, as it did with the former
module-level maps; what the main process needs after a parallel read (the
plan) is built there on ``env-updated`` from the merged domain data.

Its life: :func:`begin` makes it on ``builder-inited``, the first moment an
environment exists, and :func:`end` drops it after every other
``build-finished`` handler. The application and its settings' findings
outlive one build (a second ``app.build()`` of the same application emits no
``builder-inited``), so :func:`end` hands them to a fresh state.

The settings are checked on ``config-inited``, before any environment
exists; :func:`keep_config_findings` holds their findings on the
configuration object until :func:`begin` moves them here. ``Config``
pickles only its public values (``Config.__getstate__`` leaves out names
beginning with ``_``), so they are never pickled either.
"""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from sphinxcontrib_keikaku.core.axes import Axis
    from sphinxcontrib_keikaku.core.findings import Finding
    from sphinxcontrib_keikaku.core.model import Plan
    from sphinxcontrib_keikaku.core.rules import Rule
    from sphinxcontrib_keikaku.output.charts.pool import ChartDrawer
    from sphinxcontrib_keikaku.sphinxext.domain import KeikakuDomain
    from sphinxcontrib_keikaku.sphinxext.external import ExternalState

__all__ = [
    "KeikakuState",
    "Tally",
    "begin",
    "end",
    "keep_config_findings",
    "state",
]

#: The name of keikaku's domain (``domain.KeikakuDomain.name``), looked up by
#: name so that this module imports none of the modules that use it.
_DOMAIN = "keikaku"

#: The attribute of the configuration holding the settings' findings from
#: ``config-inited`` until :func:`begin`.
_PENDING = "_keikaku_config_findings"

#: The order in which the settings' findings are reported: the settings'
#: own validation, then the classification axes (as before this module).
_SOURCES = ("settings", "axes")


@dataclass
class Tally:
    """What was reported in the current build (``reporting``)."""

    errors: Counter[Rule] = field(default_factory=Counter)
    warnings: Counter[Rule] = field(default_factory=Counter)
    #: Keys of the findings reported once per build (``reporting.report_once``).
    once: set[str] = field(default_factory=set)


@dataclass(eq=False)
class KeikakuState:
    """Everything one build of one environment keeps between events."""

    #: The application building with this environment (``apps.app_of``);
    #: weak, so that a finished build's application is not kept alive.
    app_ref: weakref.ReferenceType[Sphinx] | None = None
    #: The settings' findings from ``config-inited``, reported with the
    #: plan's on every build of the application (``hooks``).
    config_findings: list[Finding] = field(default_factory=list)
    #: The plan of this build (``hooks.get_plan``).
    plan: Plan | None = None
    #: What was reported in this build, for the summary and the exit status.
    tally: Tally = field(default_factory=Tally)
    #: The other plans' files read for this build (``external.get_state``).
    external: ExternalState | None = None
    #: The declared axes as this build shows them (``plan_catalogue``).
    shown_axes: tuple[Axis, ...] | None = None
    #: The chart drawer of this build, made on first use (``charts.node``).
    chart_drawer: ChartDrawer | None = None
    #: Whether this build's builder draws no charts (``charts.node``).
    charts_off: bool = False
    #: The documents written in this build (``charts.node``).
    written: set[str] = field(default_factory=set)

    @property
    def app(self) -> Sphinx:
        """The application building with this environment."""
        app = self.app_ref() if self.app_ref is not None else None
        if app is None:
            msg = "keikaku: no application noted for this environment"
            raise RuntimeError(msg)
        return app


def _domain(env: BuildEnvironment) -> KeikakuDomain:
    return cast("KeikakuDomain", env.get_domain(_DOMAIN))


def state(env: BuildEnvironment) -> KeikakuState:
    """The state of the build of *env*, made on first use."""
    domain = _domain(env)
    found = domain.keikaku_state
    if found is None:
        found = domain.keikaku_state = KeikakuState()
    return found


def keep_config_findings(config: Config, source: str, findings: list[Finding]) -> None:
    """Hold the findings of the settings' check *source* (one of
    ``"settings"``, ``"axes"``) until the environment exists."""
    pending: dict[str, list[Finding]] = config.__dict__.setdefault(_PENDING, {})
    pending[source] = list(findings)


def begin(app: Sphinx) -> None:
    """Make the state of the build that starts (builder-inited): note the
    application and take over the settings' findings."""
    pending: dict[str, list[Finding]] = app.config.__dict__.pop(_PENDING, {})
    current = state(app.env)
    current.app_ref = weakref.ref(app)
    current.config_findings = [
        f for source in _SOURCES for f in pending.get(source, ())
    ]


def end(app: Sphinx, exception: BaseException | None) -> None:
    """Drop the state of the build that finished (build-finished, last);
    only what outlives a build is handed to the next one."""
    domain = _domain(app.env)
    old = domain.keikaku_state
    domain.keikaku_state = KeikakuState(
        app_ref=weakref.ref(app),
        config_findings=old.config_findings if old is not None else [],
    )
