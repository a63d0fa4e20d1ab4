"""Open data out: the whole plan as ``plan.json`` and CSV files.

Written by every HTML build into ``<outdir>/keikaku/`` from the same plan and
the same computations as the pages (:mod:`.analysis`, :mod:`.evaluation`),
so a number in a file is the number on the page.  The files are
deterministic (sorted keys, no timestamps), so two builds of the same
sources give identical files.

* ``plan.json``: objects, links both ways, parsed values, evaluations,
  grades, coverage, budget roll-up and the checks' findings; the schema is
  versioned by :data:`SCHEMA_VERSION` and documented in the reference.
* ``values.csv``: every yearly value in the long data-file form (``id,
  fiscal_year, field, value``), so the file can be edited and read back
  through ``keikaku_data_files``.
* ``coverage.csv``, ``evaluation.csv``, ``budget.csv``: the tables, one row
  per table row.  CSV files are UTF-8 with a BOM so that Excel opens Japanese
  text correctly.
"""

from __future__ import annotations

import hashlib
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku import __version__
from sphinxcontrib_keikaku.core import analysis
from sphinxcontrib_keikaku.core.evaluation import round_rate
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    EvaluationRecord,
    Indicator,
    Measure,
    Plan,
    PlanObject,
    Vision,
)
from sphinxcontrib_keikaku.core.opinions import Opinion
from sphinxcontrib_keikaku.core.progress import shown_target
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.output import opinions_export, records_export
from sphinxcontrib_keikaku.output.alerts import alerts_json
from sphinxcontrib_keikaku.output.axisexport import (
    AXES_CSV,
    axes_json,
    axes_rows,
    object_axes,
)
from sphinxcontrib_keikaku.output.budgetdata import (
    budget_rows,
    implementation_plan,
    link_costs,
    link_series,
)
from sphinxcontrib_keikaku.output.csvfiles import (
    coverage_csv,
    csv_bytes,
    evaluation_csv,
    values_csv,
)
from sphinxcontrib_keikaku.output.external_data import external_plans_data
from sphinxcontrib_keikaku.output.history_export import history_data
from sphinxcontrib_keikaku.sphinxext.config import severity_of
from sphinxcontrib_keikaku.sphinxext.external import external_digest
from sphinxcontrib_keikaku.sphinxext.history import scheme_of
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.reporting import is_active, report

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinxcontrib_keikaku.core.evaluation import Evaluation
    from sphinxcontrib_keikaku.core.values import Value

#: Bumped when the meaning or shape of ``plan.json`` changes incompatibly.
SCHEMA_VERSION = 1
#: Where the files go, relative to the HTML output directory.
EXPORT_DIR = "keikaku"
FILES: tuple[str, ...] = (
    "plan.json",
    "values.csv",
    "coverage.csv",
    "evaluation.csv",
    "budget.csv",
)
FILES += ("evaluations.csv", "opinions.csv")


#: The largest integer every double below it is exact for (2**53).
_EXACT_INTS = 2**53


def _number(value: Decimal) -> int | float | str:
    """A number as JSON holds it exactly.

    JSON readers (JavaScript, most others) read numbers as doubles, so a
    value is written as a number only when the double reads back as the
    exact value the page shows; otherwise it is written as a string of its
    digits (``"12.34567890123456789"``), which no qualitative text can be:
    such texts never look like a number (see :func:`~.numbers.parse_value`).
    """
    if value == value.to_integral_value() and abs(value) <= _EXACT_INTS:
        # most plan values are counts and yen: exact as doubles, no round trip
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) != value:
        return format(value, "f")
    return int(value) if value == value.to_integral_value() else as_float


def _value(value: Value | None) -> int | float | str | None:
    if value is None or isinstance(value, str):
        return value
    return _number(value)


def _series(values: dict[int, Any]) -> dict[str, Any]:
    return {str(year): _value(v) for year, v in sorted(values.items())}


def _rate(rate: float | None) -> float | None:
    shown = round_rate(rate)
    return None if shown is None else float(shown)


def _evaluation(ev: Evaluation) -> dict[str, Any]:
    return {
        "rate": _rate(ev.rate),
        "grade": ev.grade,
        "method": ev.method,
        "note": ev.note,
        "actual_year": ev.actual_year,
        "actual": _value(ev.actual),
        "target_year": ev.target_year,
        "target": _value(ev.target),
        "measured": ev.measured,
    }


def _progress(ev: Evaluation | None) -> dict[str, Any] | None:
    """An indicator's progress against the schedule, or None when the plan
    shows none (from its final year on)."""
    if ev is None:
        return None
    return {
        "rate": _rate(ev.rate),
        "level": ev.grade,
        "note": ev.note,
        "actual_year": ev.actual_year,
        "actual": _value(ev.actual),
        "target_year": ev.target_year,
        # a point on the line, as the pages show it (not 34 digits)
        "target": _value(shown_target(ev.target)) if ev.target is not None else None,
        "measured": ev.measured,
    }


def _object(app: Sphinx, plan: Plan, obj: PlanObject) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": obj.id,
        "kind": obj.kind.value,
        "title": obj.title,
        "document": obj.docname,
        "line": obj.lineno,
        "url": f"{app.builder.get_target_uri(obj.docname)}#{obj.id}",
        "parents": list(obj.parents),
        "children": {
            option: list(ids)
            for option, ids in sorted(plan.children.get(obj.id, {}).items())
        },
        "department": obj.department,
        "period": list(obj.period) if obj.period else None,
        **object_axes(obj),
    }
    if isinstance(obj, Vision):
        data["grade"] = plan.vision_grades.get(obj.id)
        data["serves"] = list(obj.serves)
    elif isinstance(obj, Measure):
        data["visions"] = list(obj.visions)
        data["grade"] = plan.measure_grades.get(obj.id)
        data["progress"] = plan.measure_progress.get(obj.id)
        data["serves"] = list(obj.serves)
    elif isinstance(obj, Indicator):
        data.update(
            measures=list(obj.measures),
            unit=obj.unit,
            direction=obj.direction,
            indicator_kind=obj.indicator_kind,
            cumulative=obj.cumulative,
            measured=list(obj.measured),
            source=obj.source,
            baseline=(
                {"year": obj.baseline[0], "value": _value(obj.baseline[1])}
                if obj.baseline
                else None
            ),
            target=_series(obj.target),
            actual=_series(obj.actual),
            estimate=_series(obj.estimate),
            evaluation=_evaluation(plan.evaluations[obj.id]),
            progress=_progress(plan.progress.get(obj.id)),
        )
    elif isinstance(obj, BudgetLink):
        data.update(
            measures=list(obj.measures),
            code=obj.code,
            account=obj.account,
            budget=_series(obj.budget),
            settlement=_series(obj.settlement),
        )
        data.update((name, _series(values)) for name, values in link_series(obj))
        data.update(
            (name, _series(values))
            for name, values in link_costs(app.config, obj).items()
        )
    elif isinstance(obj, EvaluationRecord):
        data.update(records_export.record_fields(plan, obj, scheme_of(app.config)))
    return data


def plan_json(app: Sphinx, plan: Plan) -> str:
    """The text of ``plan.json``: the plan-wide fields and every object."""
    data = {
        **_plan_fields(app, plan),
        "objects": [
            _object(app, plan, obj)
            for obj in plan.objects.values()
            if not isinstance(obj, Opinion)  # in "opinions" (plan_fields)
        ],
    }
    # compact: an indent would make json use its pure-Python encoder, which
    # costs seconds on a large plan
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _plan_fields(app: Sphinx, plan: Plan) -> dict[str, Any]:
    coverage = analysis.coverage(plan)
    budget = analysis.budget_table(plan)
    config = app.config
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"sphinxcontrib-keikaku {__version__}",
        "project": config.project,
        "language": config.language,
        "plan_period": list(config.keikaku_plan_period)
        if config.keikaku_plan_period
        else None,
        "amount_unit": config.keikaku_amount_unit,
        "evaluation_settings": {
            "achievement": config.keikaku_achievement,
            "basis": config.keikaku_evaluation_basis,
            "grades": [[label, minimum] for label, minimum in config.keikaku_grades],
            "rollup": config.keikaku_rollup,
            "progress": [
                [label, minimum] for label, minimum in config.keikaku_progress
            ],
        },
        **history_data(app, plan),
        "axes": axes_json(app, plan),
        "external_plans": external_plans_data(app),
        "opinions": opinions_export.opinions_json(app, plan),
        "coverage": {
            "rows": [_coverage_row(row) for row in coverage.rows],
            "totals": _coverage_row(coverage.totals),
            "untraced_measures": [m.id for m in coverage.untraced],
            "unmeasured_measures": [m.id for m in coverage.unmeasured],
            "unfunded_measures": [m.id for m in coverage.unfunded],
            "orphans": [o.id for o in coverage.orphans],
        },
        "budget": {
            "rows": [_budget_row(row) for row in budget.rows],
            "untraced": _budget_row(budget.untraced),
            "totals": _budget_row(budget.totals),
            "traced_share": _rate(budget.traced_share()),
        },
        "implementation_plan": implementation_plan(config, plan, _number),
        "alerts": alerts_json(config, plan),
        "staff_cost": {
            name: _number(value) for name, value in config.keikaku_staff_cost.items()
        },
        "findings": [
            {
                "rule": f.rule.value,
                "severity": f.severity(severity_of(config, f.rule)),
                "message": f.message.replace(str(Path(app.srcdir)) + os.sep, ""),
                "document": f.docname,
                "path": _relative(app, f.path),
                "line": f.lineno,
                "object": f.object_id,
            }
            for f in plan.findings
            if is_active(app, f.rule)
        ],
    }


def _relative(app: Sphinx, path: str | None) -> str | None:
    """*path* relative to the source directory: open data must not reveal the
    build machine's directories, nor differ between two checkouts."""
    if path is None:
        return None
    try:
        return Path(path).relative_to(app.srcdir).as_posix()
    except ValueError:
        return Path(path).name


def _coverage_row(row: analysis.CoverageRow) -> dict[str, Any]:
    return {
        "vision": row.vision.id if row.vision else None,
        "measures": row.measures,
        "traced": row.traced,
        "with_indicator": row.with_indicator,
        "with_budget": row.with_budget,
        "covered": row.covered,
        "indicators": row.indicators,
        "budget_links": row.budget_links,
        "budget": _number(row.budget),
    }


def _budget_row(row: analysis.BudgetRow) -> dict[str, Any]:
    return {
        "vision": row.vision.id if row.vision else None,
        "label": row.label,
        "budget": _series(row.budget),
        "settlement": _series(row.settlement),
        "execution": {str(y): _rate(row.execution(y)) for y in sorted(row.settlement)},
    }


def write_exports(app: Sphinx, exception: BaseException | None) -> None:
    """Write the open data files (build-finished, HTML builders)."""
    if exception is not None or app.builder.format != "html":
        return
    from sphinxcontrib_keikaku.sphinxext.hooks import get_plan

    plan = get_plan(app.env)
    target = Path(app.outdir) / EXPORT_DIR
    stamp = target / ".keikaku-digest"
    digest = _digest(app, plan)
    if (
        stamp.is_file()
        and stamp.read_text() == digest
        and all((target / name).is_file() for name in (*FILES, AXES_CSV))
    ):
        return  # same plan, same settings: the files are already right
    try:
        _write_files(app, plan, target, digest)
    except OSError as err:
        report(
            app,
            Finding(
                Rule.DATA,
                _(
                    "the open data files cannot be written into %s (%s): make "
                    "the directory writable and build again"
                )
                % (target, err.strerror or err),
            ),
        )


def _write_files(app: Sphinx, plan: Plan, target: Path, digest: str) -> None:
    stamp = target / ".keikaku-digest"
    target.mkdir(parents=True, exist_ok=True)
    files = {
        "plan.json": (plan_json(app, plan) + "\n").encode("utf-8"),
        "values.csv": values_csv(plan),
        "coverage.csv": coverage_csv(plan),
        "evaluation.csv": evaluation_csv(plan),
        "budget.csv": csv_bytes(budget_rows(app.config, plan)),
        AXES_CSV: csv_bytes(axes_rows(app, plan)),
        "evaluations.csv": csv_bytes(
            records_export.evaluations_rows(plan, scheme_of(app.config))
        ),
        "opinions.csv": csv_bytes(opinions_export.opinions_rows(app, plan)),
    }
    for name, content in files.items():
        path = target / name
        # unchanged files keep their time stamps (and web caches stay valid)
        if not path.exists() or path.read_bytes() != content:
            path.write_bytes(content)
    stamp.write_text(digest)


def _digest(app: Sphinx, plan: Plan) -> str:
    """What the files depend on: every object, the findings, the settings."""
    parts = [
        repr(sorted(plan.fingerprints.items())),
        repr([(f.rule.value, f.message, f.docname, f.lineno) for f in plan.findings]),
        _settings(app),
        repr([app.builder.get_target_uri(d) for d in sorted(app.env.found_docs)]),
        external_digest(app.env),
    ]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _settings(app: Sphinx) -> str:
    """keikaku's version and the settings the files depend on."""
    config = app.config
    return __version__ + repr(
        [
            (name, config[name])
            for name in sorted(config.values)
            if name.startswith("keikaku_")
            or name in ("project", "language", "suppress_warnings")
        ]
    )
