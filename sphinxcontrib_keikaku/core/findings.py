"""Findings: the plan defects that every report shares.

A finding is plain data (a rule, a message, a place), made by the checks, the
data-file reader and the settings validation, kept with the plan, and logged
by the Sphinx glue (:mod:`sphinxcontrib_keikaku.sphinxext.reporting`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sphinxcontrib_keikaku.core.rules import Rule, Severity


@dataclass(frozen=True)
class Finding:
    """One plan defect, kept with the plan model so every report agrees."""

    rule: Rule
    message: str
    #: ``docname`` of the object, or a file path for data and config findings.
    docname: str | None = None
    lineno: int | None = None
    #: The plan object concerned, if any.
    object_id: str | None = None
    #: A path (conf.py, a data file) when the finding is not in a document.
    path: str | None = None
    #: A cap on the rule's severity: a data file overriding a written value
    #: is reported as a warning even though ``data`` errors fail the build.
    max_severity: Severity | None = None

    def severity(self, rule_severity: Severity) -> Severity:
        """The severity of this finding when its rule has *rule_severity*."""
        if rule_severity == "error" and self.max_severity == "warning":
            return "warning"
        return rule_severity

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        return (
            self.docname or self.path or "",
            self.lineno or 0,
            self.rule.value,
            self.message,
        )
