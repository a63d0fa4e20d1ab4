"""Plan objects as sphinx-needs needs.

keikaku registers its four object types, their fields and link types with
sphinx-needs programmatically, so that ``needtable``, ``needflow``, filter
strings and ``needs.json`` work on a plan with no sphinx-needs settings in
``conf.py``.  Each object is added as a *hidden* need: sphinx-needs keeps the
data and links, keikaku renders the compact block (sphinx-needs' default
layout is what makes a plan build slow).

Defects sphinx-needs would also report (unknown link targets, duplicate ids)
are left to keikaku's own checks, so the user sees one clear message.  Of
two plan objects with one id, the first by docname, then by line, is the
need, as it is keikaku's plan object: in a fresh, an incremental and a
parallel build alike.

keikaku uses ``sphinx_needs.api`` wherever it offers a way.  The few places
it does not are in this module only, each with a comment saying why and
what upstream change would remove it.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from sphinx.util import logging

from sphinxcontrib_keikaku.core import staffcost
from sphinxcontrib_keikaku.core.funding import FUNDING_FIELDS, SOURCES
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    EvaluationRecord,
    Indicator,
    Kind,
    Measure,
    Plan,
    PlanObject,
)
from sphinxcontrib_keikaku.sphinxext.apps import app_of

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import SphinxDirective
    from sphinx_needs.schema.config import (
        FieldMultiValueSchemaType,
        FieldStringSchemaType,
    )

logger = logging.getLogger(__name__)

#: Need types: directive name, title, id prefix, colour (needflow).
NEED_TYPES: tuple[tuple[Kind, str, str, str], ...] = (
    (Kind.VISION, "Vision", "V_", "#F6E3CE"),
    (Kind.MEASURE, "Measure", "M_", "#DCE6F2"),
    (Kind.INDICATOR, "Indicator", "I_", "#E2EFD9"),
    (Kind.BUDGET_LINK, "Budget link", "B_", "#FCE4EC"),
    (Kind.EVALUATION, "Evaluation record", "E_", "#EDE7F6"),
    (Kind.OPINION, "Opinion", "O_", "#FFF8E1"),
)
PLAN_TYPES = frozenset(kind.value for kind, *_ in NEED_TYPES)

#: Fields every plan need may carry, with their sphinx-needs descriptions.
FIELDS: MappingProxyType[str, str] = MappingProxyType(
    {
        "department": "Department in charge (担当課)",
        "period": "Period in fiscal years (計画期間)",
        "unit": "Unit of an indicator (単位)",
        "direction": "Direction of improvement: up, down or keep",
        "baseline": "Baseline year: value (基準値)",
        "target": "Targets per fiscal year (目標値)",
        "actual": "Actuals per fiscal year (実績値)",
        "estimate": "Estimates per fiscal year (見込値)",
        "source": "Source of indicator data (出典)",
        "kind": "Indicator kind: outcome or output",
        "cumulative": "Whether the indicator is cumulative",
        "measured": "Fiscal years a survey measures the indicator (調査年度)",
        "code": "Budget project code (事業コード)",
        "account": "Account (会計)",
        "budget": "Initial budget per fiscal year (当初予算)",
        "settlement": "Settlement per fiscal year (決算)",
        "year": "Fiscal year evaluated (評価年度)",
        "stage": "Evaluation stage (評価段階)",
        "grade": "Grade given by the evaluators (評価)",
        "evaluator": "Who evaluated (評価者)",
        "sheet": "Evaluation sheet a record was read from (評価シート)",
        "plan": "Planned cost per fiscal year (実施計画の計画額)",
        "channel": "Where an opinion was heard (区分)",
        "date": "Date of an opinion (日付)",
        "count": "Opinions to the same effect (同趣旨件数)",
        "disposition": "How the city handled an opinion (取扱い区分)",
        **{s.field: f"Funding per fiscal year: {s.label_ja}" for s in SOURCES},
        "staff": "Staff per fiscal year, persons (従事人数)",
        "hours": "Staff time per fiscal year, hours (延べ業務時間)",
        "staff_cost": "Staff cost per fiscal year (人件費; keikaku_staff_cost)",
        "total_cost": "Total cost per fiscal year (トータルコスト; keikaku_staff_cost)",
    }
)

#: Link types: option name -> (outgoing title, incoming title).
LINKS: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        "vision": ("vision", "measures"),
        "measure": ("measure", "indicators and budget links"),
        "parent": ("parent", "children"),
        "evaluates": ("evaluates", "evaluations"),
        "about": ("about", "opinions"),
        "changed": ("changed", "changed by opinions"),
        # to the external needs of keikaku_external_plans (sphinxext/external_needs)
        "serves": ("serves", "served by"),
    }
)


def configure(app: Sphinx, config: Config) -> None:
    """Register types, fields, links and ids with sphinx-needs (config-inited).

    Runs at :data:`.priorities.NEEDS_DECLARATIONS`: after sphinx-needs
    resolves ``needs_types`` and before it loads its configuration, so a
    user's own ``needs_fields`` of the same name win and their types are kept
    beside ours.
    """
    from sphinx_needs.api import add_field, add_need_type, get_need_types

    from sphinxcontrib_keikaku.sphinxext.i18n import _

    user_configured = _configures_needs(config)
    default_flow_engine(config)
    # sphinx-needs declares every key of its schema TypedDict as required
    string = cast("FieldStringSchemaType", {"type": "string"})

    existing = set(get_need_types(app))
    for kind, title, prefix, colour in NEED_TYPES:
        if kind.value in existing:
            logger.warning(
                "needs_types already declares %r; keikaku uses that declaration",
                kind.value,
                type="keikaku",
                subtype="config",
            )
            continue
        # the type's name in needflow and needtable follows ``language``
        add_need_type(app, kind.value, _(title), prefix, colour, "card")
    for name, description in FIELDS.items():
        try:
            add_field(name, description, schema=string)
        except Exception:
            logger.debug("[keikaku] needs field %s already declared", name)

    links: dict[str, Any] = dict(config.needs_links or {})
    for name, (outgoing, incoming) in LINKS.items():
        links.setdefault(
            name,
            {
                "outgoing": outgoing,
                "incoming": incoming,
                # keikaku reports unknown targets itself (keikaku.unknown-id)
                "allow_dead_links": True,
            },
        )
    config.needs_links = links
    if not user_configured:
        # keikaku checks every plan value itself. sphinx-needs' schema pass
        # would check the same fields again on every build, and its report
        # (schema_violations.json, published with the HTML) holds the time
        # the pass took, so no two builds would publish the same files.
        config.needs_schema_validation_enabled = False


def add_axis_field(name: str, label: str) -> str | None:
    """Register the need field of a classification axis (issue 16): a list
    of strings, so that ``"11" in sdgs`` is a membership test in filter
    strings. Returns why sphinx-needs refused it (a field of that name
    exists, from the project's ``needs_fields`` say), else ``None``."""
    from sphinx_needs.api import add_field

    schema = cast(
        "FieldMultiValueSchemaType",
        {"type": "array", "items": {"type": "string"}},
    )
    try:
        add_field(
            name, f"{label} (keikaku axis)", schema=schema, nullable=False, default=[]
        )
    except Exception as err:  # sphinx-needs raises its NeedsApiConfigWarning
        return str(err)
    return None


def _configures_needs(config: Config) -> bool:
    """Whether the project sets any sphinx-needs option (conf.py or ``-D``)
    to something other than its default.

    Sphinx has no public record of which names ``conf.py`` set; a value
    differing from its declared default (``Config.values``) is what a user
    setting looks like.  Called before keikaku changes any ``needs_*`` value.
    """
    for name, option in config.values.items():
        if not name.startswith("needs_"):
            continue
        if name in config.overrides:
            return True
        default = option.default
        if callable(default):
            default = default(config)
        if getattr(config, name) != default:
            return True
    return False


def _fields(directive: SphinxDirective, obj: PlanObject) -> dict[str, Any]:
    from sphinxcontrib_keikaku.core.axisvalues import need_fields
    from sphinxcontrib_keikaku.core.model import TRANSLATED_FIELDS
    from sphinxcontrib_keikaku.core.naming import clean_text

    options = directive.options
    fields: dict[str, Any] = {
        name: clean_text(str(options[name])).strip()
        for name in FIELDS
        if name != "cumulative" and options.get(name)
    }
    for source in SOURCES:  # the option is funding-national, the field …_national
        if options.get(source.option):
            fields[source.field] = clean_text(str(options[source.option])).strip()
    for name in set(fields) & set(TRANSLATED_FIELDS):
        fields[name] = getattr(obj, name)  # in the build's language (issue 18)
    if isinstance(obj, Indicator) and obj.cumulative:
        fields["cumulative"] = "yes"
    links: dict[str, list[str]] = {}
    for option, target in obj.links():
        links.setdefault(option, []).append(target)
    if getattr(obj, "serves", ()):
        links["serves"] = list(obj.serves)  # type: ignore[attr-defined]
    fields.update(links)
    fields.update(need_fields(obj.axes))
    return fields


def add_need(directive: SphinxDirective, obj: PlanObject, content: str) -> str | None:
    """Add *obj* as a hidden need; return a problem message if that failed."""
    from sphinx_needs.api import InvalidNeedException, del_need
    from sphinx_needs.api import add_need as needs_add_need

    from sphinxcontrib_keikaku.sphinxext.i18n import _

    # sphinx-needs' API wants an app; a directive has only the environment
    app = app_of(directive.env)
    config = app.config
    # Plan ids are checked by keikaku (values.check_id): sphinx-needs' default
    # pattern would refuse V1 or M1-1-1, and widening the project's own
    # needs_id_regex would loosen it for the project's own needs too.
    user_regex = config.needs_id_regex
    config.needs_id_regex = ""
    try:
        for _attempt in range(2):
            try:
                needs_add_need(
                    app,
                    directive.state,
                    directive.env.docname,
                    obj.lineno,
                    need_type=obj.kind.value,
                    title=obj.title or obj.id,
                    id=obj.id,
                    content=content,
                    hide=True,
                    **_fields(directive, obj),
                )
            except InvalidNeedException as err:
                if err.type != "duplicate_id":
                    return _("sphinx-needs refused %s: %s") % (obj.id, err.message)
                # reported as keikaku.duplicate-id by the check pass; the
                # first by docname and line is the need, whichever was read
                # first (an incremental build reads only what changed)
                if not _precedes_held_need(app, obj):
                    return None
                del_need(app, obj.id)
            else:
                return None
    finally:
        config.needs_id_regex = user_regex
    return None


def add_external(
    app: Sphinx, kind: str, need_id: str, title: str, url: str | None, **fields: Any
) -> str | None:
    """Add a need with no node, linked to *url* (an external plan's object, a
    sheet's record); why sphinx-needs refused it, if it did (see add_need)."""
    from sphinx_needs.api import InvalidNeedException, add_external_need

    user_regex = app.config.needs_id_regex
    app.config.needs_id_regex = ""
    try:
        add_external_need(app, kind, title, need_id, external_url=url, **fields)
    except InvalidNeedException as err:
        return str(err.message)
    finally:
        app.config.needs_id_regex = user_regex
    return None


def remove_need(app: Sphinx, need_id: str) -> None:
    """Remove the need *need_id*, if sphinx-needs holds it."""
    from sphinx_needs.api import del_need

    if held_need(app.env, need_id) is not None:
        del_need(app, need_id)


def _place(need: Any) -> tuple[str, int]:
    return str(need["docname"] or ""), int(need["lineno"] or 0)


def _held_needs(env: BuildEnvironment) -> Any:
    """The needs sphinx-needs holds while reading, as a mutable mapping.

    Internal: ``sphinx_needs.api`` reads needs only through
    ``get_needs_view``, which post-processes and freezes them, so it cannot
    be called while documents are still being read.  A public read-only
    lookup of one need during reading (or an ``add_need`` option saying
    which of two needs with one id to keep) would remove this.
    """
    from sphinx_needs.data import SphinxNeedsData

    return SphinxNeedsData(env).get_needs_mutable()


def held_need(env: BuildEnvironment, need_id: str) -> Any:
    """The need *need_id* sphinx-needs holds now, or None (see :func:`_held_needs`)."""
    return _held_needs(env).get(need_id)


def _precedes_held_need(app: Sphinx, obj: PlanObject) -> bool:
    """Whether *obj* comes before the plan need already holding its id."""
    held = _held_needs(app.env).get(obj.id)
    if held is None or held["type"] not in PLAN_TYPES:
        return False  # a project's own need keeps its id
    return (obj.docname, obj.lineno) < _place(held)


def _series_text(values: dict[int, Any]) -> str:
    from sphinxcontrib_keikaku.core.values import format_value

    return ", ".join(f"{year}: {format_value(v)}" for year, v in sorted(values.items()))


def apply_plan_values(
    plan: Plan,
    written: dict[tuple[str, int], str],
    needs: Any,
    rates: staffcost.StaffRates | None = None,
) -> None:
    """Give the needs the values data files set (needs-before-post-processing).

    A need's fields hold the directive's text; when ``keikaku_data_files``
    overrides a value, needtables, filters and needs.json must show the value
    the pages show.  Fields are rewritten only for objects a data file
    changed (whose fingerprint differs from *written*, the directives'
    fingerprints by place), as ``year: value`` lists in the directive syntax.
    With *rates* (``keikaku_staff_cost``), every budget link with staff time
    gets its computed ``staff_cost`` and ``total_cost``.
    """
    from sphinxcontrib_keikaku.core.model import fingerprint

    for object_id, obj in plan.objects.items():
        need = needs.get(object_id)
        if need is None or need["type"] not in PLAN_TYPES:
            continue
        if rates and isinstance(obj, BudgetLink) and staffcost.has_staff_time(obj):
            need["staff_cost"] = _series_text(staffcost.staff_costs(obj, rates))
            need["total_cost"] = _series_text(staffcost.total_costs(obj, rates))
        if fingerprint(obj) == written.get((obj.docname, obj.lineno)):
            continue
        series: dict[str, dict[int, Any]]
        if isinstance(obj, Indicator):
            series = {
                "target": obj.target,
                "actual": obj.actual,
                "estimate": obj.estimate,
            }
            if obj.baseline is not None:
                need["baseline"] = _series_text(dict([obj.baseline]))
        elif isinstance(obj, BudgetLink):
            series = {"budget": obj.budget, "settlement": obj.settlement}
            more = ("plan", *FUNDING_FIELDS, *staffcost.STAFF_FIELDS)
            series.update((n, getattr(obj, n)) for n in more)
        elif isinstance(obj, EvaluationRecord):
            # the stage as keikaku_evaluation_stages names it (sphinxext.records)
            need["stage"] = obj.stage
            continue
        else:
            continue
        for name, values in series.items():
            if values:
                need[name] = _series_text(values)


def drop_duplicate_needs(
    app: Sphinx, env: BuildEnvironment, docnames: Any, other: BuildEnvironment
) -> None:
    """Before sphinx-needs merges a parallel reader's needs (env-merge-info),
    keep one plan need per id: the first by docname and line.

    keikaku reports the duplicate once, as ``keikaku.duplicate-id``; without
    this sphinx-needs would add its own ``needs.duplicate_id`` warning, but
    only under ``-j`` and only for some of the duplicates, and would keep
    whichever reader finished first.

    Internal: there is no public API to look at or drop another process's
    needs before they are merged; an ``env-merge-info`` hook in
    ``sphinx_needs.api`` that resolves duplicate ids would remove this.
    """
    from sphinx_needs.data import SphinxNeedsData

    mine = _held_needs(env)
    other_data = SphinxNeedsData(other)
    theirs = other_data.get_needs_mutable()
    mine_data = SphinxNeedsData(env)
    for need_id, need in list(theirs.items()):
        held = mine.get(need_id)
        if held is None or need["type"] not in PLAN_TYPES:
            continue
        if held["type"] in PLAN_TYPES and _place(need) < _place(held):
            mine_data.remove_need(need_id)
        else:
            other_data.remove_need(need_id)


def has_need_views(document: nodes.document) -> bool:
    """Whether *document* holds a sphinx-needs view: a node sphinx-needs
    fills in from all needs when the page is written (needtable, needflow,
    needlist, needpie, needextract, the ``need`` role's title, …).

    Internal: the node classes sphinx-needs processes at resolve time are
    listed in ``sphinx_needs.needs`` (``NODE_TYPES``), not in its API; a
    public list of view nodes (or sphinx-needs rewriting such pages itself,
    its issue #354) would remove this.
    """
    from sphinx_needs.needs import NODE_TYPES, NODE_TYPES_PRIO

    views = (*NODE_TYPES_PRIO, *NODE_TYPES)
    return any(isinstance(node, views) for node in document.findall())


__all__ = [
    "PLAN_TYPES",
    "BudgetLink",
    "Measure",
    "add_need",
    "configure",
    "drop_duplicate_needs",
    "has_need_views",
]


#: The needflow engine keikaku chooses: Graphviz is one system package
#: (Debian ``graphviz``), PlantUML needs Java, a jar and an extension.
FLOW_ENGINE = "graphviz"


def default_flow_engine(config: Config) -> None:
    """Draw needflow with Graphviz unless the project chose an engine.

    sphinx-needs' default, PlantUML, shows "PlantUML is not available!" in
    the page, without a warning, when ``sphinxcontrib.plantuml`` is not set
    up. A project that sets ``needs_flow_engine`` (conf.py or ``-D``), or
    sets up ``sphinxcontrib.plantuml``, keeps its choice.
    """
    if "needs_flow_engine" in config.overrides:
        return
    if config.needs_flow_engine != "plantuml":
        return  # the project's own choice (sphinx-needs' default is plantuml)
    if "sphinxcontrib.plantuml" in config.extensions:
        return
    config.needs_flow_engine = FLOW_ENGINE


def graphviz_needflows(doctree: nodes.document) -> list[nodes.Element]:
    """The needflow diagrams of *doctree* that the Graphviz engine draws.

    sphinx-needs has no API listing a page's diagrams; ``NeedflowGraphiz``
    (exported by ``sphinx_needs.directives.needflow``) is the node its
    ``needflow`` directive leaves for the Graphviz engine, drawn by its
    visitor at writing time."""
    from sphinx_needs.directives.needflow import NeedflowGraphiz

    return list(doctree.findall(NeedflowGraphiz))


def register_needflow_visitors(app: Sphinx, builders: tuple[str, ...]) -> None:
    """Give needflow's diagram node its HTML visitor under *builders* (the
    names keikaku registers its own HTML visitors under).

    sphinx-needs registers the visitor under ``html`` only; Sphinx falls
    back from a builder's name to its format only when no extension
    registered any visitor under the name. sphinx-data-viewer (a
    sphinx-needs dependency) registers under ``epub``: without this, a page
    with a needflow stops the epub builder with "unknown node type".
    Upstream fix: sphinx-data-viewer registering under ``html`` only."""
    from sphinx_needs.directives.needflow import (
        NeedflowGraphiz,
        html_visit_needflow_graphviz,
    )

    visitors: dict[str, Any] = dict.fromkeys(
        builders, (html_visit_needflow_graphviz, None)
    )
    app.add_node(NeedflowGraphiz, override=True, **visitors)
