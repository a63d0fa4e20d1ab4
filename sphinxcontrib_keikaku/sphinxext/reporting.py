"""Reporting plan defects: severity, suppression, the exit status, a summary.

Every finding goes through :func:`report`, which decides its severity from
``keikaku_rules``, honours ``suppress_warnings`` and logs it through
``sphinx.util.logging`` with ``type="keikaku"`` and the rule as subtype.
Error-severity findings are counted so that ``build-finished`` can make the
build exit non-zero *after* all output is written, without a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.state import Tally, state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: The warning type of every keikaku warning.
WARNING_TYPE = "keikaku"


def _tally(app: Sphinx) -> Tally:
    """What was reported in the current build (kept in its :mod:`.state`)."""
    return state(app.env).tally


def is_active(app: Sphinx, rule: Rule) -> bool:
    """Whether findings of *rule* are reported at all in this project."""
    from sphinxcontrib_keikaku.sphinxext.config import severity_of

    if severity_of(app.config, rule) == "off":
        return False
    return not is_suppressed_warning(
        WARNING_TYPE, rule.value, app.config.suppress_warnings
    )


def report(app: Sphinx, finding: Finding) -> None:
    """Log *finding* with its severity, and count it for the exit status."""
    from sphinxcontrib_keikaku.sphinxext.config import severity_of

    if not is_active(app, finding.rule):
        return
    location: str | tuple[str, int | None] | nodes.Node | None = None
    if finding.docname is not None:
        location = (finding.docname, finding.lineno)
    elif finding.path is not None and finding.lineno:
        # A node, because Sphinx would read a bare string as a docname; a
        # finding without a line names its file in the message instead.
        location = nodes.Element()
        location.source, location.line = finding.path, finding.lineno

    tally = _tally(app)
    if finding.severity(severity_of(app.config, finding.rule)) == "error":
        tally.errors[finding.rule] += 1
        logger.error(
            finding.message,
            type=WARNING_TYPE,
            subtype=finding.rule.value,
            location=location,
        )
    else:
        tally.warnings[finding.rule] += 1
        logger.warning(
            finding.message,
            type=WARNING_TYPE,
            subtype=finding.rule.value,
            location=location,
        )


def report_once(app: Sphinx, key: str, finding: Finding) -> None:
    """Report *finding* unless a finding with *key* was reported already in
    this build (a missing program is said once, not on every page)."""
    tally = _tally(app)
    if key in tally.once:
        return
    tally.once.add(key)
    report(app, finding)


def reset(app: Sphinx) -> None:
    """Forget the counts of an earlier build of the same application."""
    state(app.env).tally = Tally()


def finish(app: Sphinx, exception: BaseException | None) -> None:
    """Print the one-screen summary and fail the build on errors (build-finished)."""
    if exception is not None:
        return
    tally = _tally(app)
    if not tally.errors and not tally.warnings:
        return
    counts = ", ".join(
        f"{rule.value} {tally.errors[rule] + tally.warnings[rule]}"
        for rule in Rule
        if tally.errors[rule] or tally.warnings[rule]
    )
    n_errors = sum(tally.errors.values())
    n_warnings = sum(tally.warnings.values())
    if n_errors:
        verdict = _("the plan has %d error(s) and %d warning(s): build failed") % (
            n_errors,
            n_warnings,
        )
        # Sphinx exits with this status after writing everything; raising here
        # would print a traceback and delete the saved environment.
        app.statuscode = 1
    else:
        verdict = _("the plan has %d warning(s)") % n_warnings
    logger.info("")
    logger.info("keikaku: %s (%s)", verdict, counts)
