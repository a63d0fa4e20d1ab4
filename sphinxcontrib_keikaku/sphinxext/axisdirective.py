"""Classification axes in documents: axis options and ``plan-axis`` (issue 16).

Each axis of ``keikaku_axes`` is an option of ``measure``, ``indicator``
and ``budget-link``. The options are added per application: on
``config-inited``, after keikaku registered its directives, each of the
three is registered again as a subclass made for this application, whose
``option_spec`` is a copy with the axes added. The classes of the package
are never changed, so projects built one after another in one process
(``sphinx.testing``, an editor) each get exactly their own axes.

The values are read into ``PlanObject.axes`` while the directive is read;
an unknown value is ``keikaku.value`` at the line of the option, with the
nearest valid value as a hint, and the values that can be read are kept.

``plan-axis`` leaves a ``plan_table`` placeholder, filled in at resolve
time by :mod:`sphinxcontrib_keikaku.output.tables.axis`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from docutils.parsers.rst import directives

from sphinxcontrib_keikaku.core.axisvalues import AxisValues, parse_axis_values
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.model import Kind, PlanObject
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.sphinxext import priorities
from sphinxcontrib_keikaku.sphinxext.directives import (
    DIRECTIVES,
    PlanObjectDirective,
    _Parser,
    option_line,
    yes_no,
)
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.presentation import PlanTableDirective
from sphinxcontrib_keikaku.sphinxext.settings_axes import axes_of, read_setting

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from sphinxcontrib_keikaku.core.axes import Axis

__all__ = ["AXIS_KINDS", "AxisOptions", "PlanAxisDirective", "setup_axis_directives"]

#: The object kinds that take axis options.
AXIS_KINDS: tuple[Kind, ...] = (Kind.MEASURE, Kind.INDICATOR, Kind.BUDGET_LINK)


class AxisOptions(PlanObjectDirective):
    """Reads the axis options of a plan object; mixed in before the object's
    own directive class by :func:`register_object_directives`."""

    #: The axes of the application this class was made for.
    axes: ClassVar[tuple[Axis, ...]] = ()

    def make_object(
        self, parser: _Parser, object_id: str, title: str, docname: str
    ) -> PlanObject:
        obj = super().make_object(parser, object_id, title, docname)
        values: dict[str, AxisValues] = {}
        for axis in self.axes:
            raw = self.options.get(axis.name)
            if not raw or not str(raw).strip():
                continue
            read, problems = parse_axis_values(axis, str(raw))
            if read.keys:
                values[axis.name] = read
            line = option_line(self.block_text, self.lineno, axis.name)
            for problem in problems:
                parser.problems.append(
                    Finding(
                        Rule.VALUE,
                        _("%s (in %s)") % (problem.message, parser.label()),
                        docname,
                        line,
                        parser.object_id,
                    )
                )
        obj.axes = values
        return obj


def register_object_directives(app: Sphinx, config: Config) -> None:
    """Register ``measure``, ``indicator`` and ``budget-link`` again with
    this project's axes as options (config-inited, after keikaku's own
    registration)."""
    axes = axes_of(config)
    if not axes:
        return
    added: dict[str, Callable[[str], Any]] = {
        axis.name: directives.unchanged for axis in axes
    }
    for kind in AXIS_KINDS:
        base = DIRECTIVES[kind]
        subclass = type(
            base.__name__,
            (AxisOptions, base),
            {
                "option_spec": {**base.option_spec, **added},
                "axes": axes,
                "__module__": __name__,
                "__doc__": base.__doc__,
            },
        )
        app.add_directive(kind.value, subclass, override=True)


class PlanAxisDirective(PlanTableDirective):
    """``plan-axis``: the measures, indicators and budget of each value of
    one axis (``:axis:``), or a measure × value matrix (``:matrix:``)."""

    table = "axis"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **PlanTableDirective.option_spec,
        "axis": directives.unchanged,
        "matrix": yes_no,
        "unassigned": yes_no,
        "no-chart": yes_no,
    }

    def run(self) -> list[nodes.Node]:
        name = str(self.options.get("axis") or "").strip()
        axes = axes_of(self.config)
        names = ", ".join(axis.name for axis in axes) or _("(none declared)")
        problem = None
        if not name:
            problem = _(
                "plan-axis needs :axis: NAME, one of the axes of keikaku_axes: %s"
            ) % (names,)
        elif name not in {axis.name for axis in axes}:
            problem = _(
                "plan-axis: :axis: %r is not declared in keikaku_axes; "
                "the declared axes are: %s"
            ) % (name, names)
        if problem is not None:
            get_domain(self.env).add_problem(
                Finding(
                    Rule.VALUE,
                    problem,
                    self.env.docname,
                    option_line(self.block_text, self.lineno, "axis"),
                )
            )
        self.options["axis"] = name
        return super().run()


def setup_axis_directives(app: Sphinx) -> None:
    """Connect the reading of ``keikaku_axes`` and register ``plan-axis``."""
    # each axis is a need field
    app.connect("config-inited", read_setting, priority=priorities.NEEDS_ADDITIONS)
    app.connect(
        "config-inited",
        register_object_directives,
        priority=priorities.AXIS_DIRECTIVES,
    )
    app.add_directive("plan-axis", PlanAxisDirective)
