"""Every ``keikaku_*`` setting, declared once.

Each :class:`Setting` carries its default (and the defaults that depend on
``language``), the types Sphinx checks, what a change rebuilds, a help text
(the reference docs are generated from it) and a normaliser that turns what
a user may write into one canonical value or says what is wrong.  The
settings are validated on ``config-inited``; an invalid value is reported as
``keikaku.config`` at the line of ``conf.py`` that is in force (or as coming
from ``-D``) and replaced by the default, so the build still runs.  A
``keikaku_*`` name in ``conf.py`` that is no setting is reported too, with
the nearest real one.

No setting is read while documents are read: the plan is built, checked and
evaluated after reading, on every build (``keikaku_axes`` excepted, whose
axes are directive options: see :mod:`.settings_axes`).  So a change rewrites the pages
(``"html"``) but re-reads no source; :func:`settings_digest` lets the build
tell which pages and exports a change of settings makes stale.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.core import records
from sphinxcontrib_keikaku.core import settings as evaluation
from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.logicmodel import ENGINES
from sphinxcontrib_keikaku.core.rules import Rule, Severity
from sphinxcontrib_keikaku.data import files as datafiles
from sphinxcontrib_keikaku.sphinxext.confpy import (
    assignments,
    from_command_line,
    line_of,
)
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.setting import (
    Rebuild,
    Setting,
    SettingError,
    _choice,
    _flag,
    _period,
    _rules,
    _text,
    _wrapped,
)
from sphinxcontrib_keikaku.sphinxext.settings_axes import AXES_SETTINGS
from sphinxcontrib_keikaku.sphinxext.settings_book import BOOK_SETTINGS
from sphinxcontrib_keikaku.sphinxext.settings_budget import BUDGET_SETTINGS
from sphinxcontrib_keikaku.sphinxext.settings_external import EXTERNAL_SETTINGS
from sphinxcontrib_keikaku.sphinxext.settings_history import HISTORY_SETTINGS
from sphinxcontrib_keikaku.sphinxext.settings_history import (
    conflicts as history_conflicts,
)
from sphinxcontrib_keikaku.sphinxext.settings_i18n import I18N_SETTINGS
from sphinxcontrib_keikaku.sphinxext.settings_opinions import OPINION_SETTINGS
from sphinxcontrib_keikaku.sphinxext.settings_records import RECORD_SETTINGS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


_PLAN_SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="keikaku_plan_period",
        default=None,
        types=(tuple, list, str, type(None)),
        help="The plan period, inclusive fiscal years. Target and budget years "
        "outside it are reported as ``keikaku.period``. An object's own "
        "``:period:`` takes precedence for that object.",
        normalise=_period,
        example='(2024, 2027)  # or "R6-R9"',
        rebuild="html",
    ),
    Setting(
        name="keikaku_rules",
        default={},
        types=(dict,),
        help="The severity of each traceability rule: ``error`` (fails the "
        "build), ``warning`` or ``off``. Rules not named keep their default.",
        normalise=_rules,
        example='{"unfunded": "error", "period": "off"}',
        rebuild="html",
    ),
    Setting(
        name="keikaku_amount_unit",
        default="thousand yen",
        language_defaults={"ja": "千円"},
        types=(str,),
        help="The unit of every budget and settlement amount, shown beside "
        'them. The default is ``"千円"`` with ``language = "ja"``, and '
        '``"thousand yen"`` in any other language, as the English edition of '
        "a Japanese plan prints it (and as a PDF without Japanese fonts can).",
        normalise=_text,
        example='"千円"',
        rebuild="html",
    ),
    Setting(
        name="keikaku_year_style",
        default="western",
        types=(str,),
        help="How fiscal years are shown: ``western`` (2025年度 / FY2025) or "
        "``era`` (令和7年度).",
        normalise=_choice("western", "era"),
        example='"era"',
        rebuild="html",
    ),
    Setting(
        name="keikaku_charts",
        default=True,
        types=(bool,),
        help="Whether every indicator shows its chart (baseline, targets, "
        "actuals, estimates by fiscal year). ``indicator-chart`` shows one "
        "chart anywhere, whatever this setting says.",
        normalise=_flag,
        example="False",
        rebuild="html",
    ),
    Setting(
        name="keikaku_logic_model_engine",
        default=ENGINES[0],
        types=(str,),
        help="Who draws the diagram of every ``plan-logic-model``: "
        "``keikaku`` (keikaku itself: an inline SVG in HTML, a PDF in LaTeX; "
        "nothing to install) or ``graphviz`` (Graphviz's ``dot`` program, "
        "through ``sphinx.ext.graphviz``). A directive's ``:engine:`` takes "
        "precedence for that diagram.",
        normalise=_choice(*ENGINES),
        example='"graphviz"',
        rebuild="html",
    ),
    Setting(
        name="keikaku_data_files",
        default=(),
        types=(list, tuple, str),
        help="Data files with yearly actuals and budget amounts, relative to "
        "the source directory: CSV (UTF-8, UTF-8 with BOM or Shift_JIS) or "
        "Excel workbooks, in the long form (id, fiscal_year, field, value) or "
        "the wide form (id, field, one column per fiscal year). A value in a "
        "data file overrides the same value in a directive.",
        normalise=_wrapped(datafiles.normalise_data_files),
        example='["data/actuals.csv", "data/budget.xlsx"]',
        rebuild="html",
    ),
    Setting(
        name="keikaku_data_error_limit",
        default=records.DEFAULT_ERROR_LIMIT,
        types=(int,),
        help="How many problems each data file (and each evaluation sheet) "
        "reports at most; the rest are "
        "counted in one more message, at the first problem not shown. A "
        "file exported wrong can have a problem on every row: the first "
        "ones say what is wrong, and a million more would only slow the "
        "build down.",
        normalise=_wrapped(records.normalise_error_limit),
        example="100",
        rebuild="html",
    ),
    Setting(
        name="keikaku_achievement",
        default=evaluation.DEFAULT_ACHIEVEMENT,
        types=(str,),
        help="How an indicator's achievement rate is computed: ``gap`` = "
        "(actual − baseline) ÷ (target − baseline) × 100, or ``ratio`` = "
        "actual ÷ target × 100 (target ÷ actual for lower-is-better). Under "
        "``gap`` an indicator without a baseline is evaluated by ``ratio``.",
        normalise=_wrapped(evaluation.normalise_achievement),
        example='"ratio"',
        rebuild="html",
    ),
    Setting(
        name="keikaku_evaluation_basis",
        default=evaluation.DEFAULT_BASIS,
        types=(str, int),
        help="Which target an actual is measured against: ``final`` (the "
        "latest actual against the target of the last year given), "
        "``prorated`` (the target read off the line from the baseline to the "
        "final target at the actual's year), or a fiscal year such as 2025 or "
        '"R7" (the actual of that year, or the latest before it, against that '
        "year's target, or the next later one).",
        normalise=_wrapped(evaluation.normalise_basis),
        example='"prorated"',
        rebuild="html",
    ),
    Setting(
        name="keikaku_grades",
        default=evaluation.DEFAULT_GRADES,
        types=(tuple, list, dict),
        help="Grades from best to worst, each with the minimum achievement "
        "rate in percent; the last has ``None`` and takes every lower rate. "
        "An indicator that cannot be evaluated gets ``−``.",
        normalise=_wrapped(evaluation.normalise_grades),
        example='{"◎": 100, "○": 80, "△": 50, "×": None}',
        rebuild="html",
    ),
    Setting(
        name="keikaku_rollup",
        default=evaluation.DEFAULT_ROLLUP,
        types=(str,),
        help="How a measure's grade follows from its indicators' and a "
        "vision's from its measures': ``points`` (the grade nearest the mean "
        "of the grades' points, best = most points, ties to the better "
        "grade), ``worst`` (the lowest grade) or ``mean-rate`` (the grade of "
        "the mean achievement rate).",
        normalise=_wrapped(evaluation.normalise_rollup),
        example='"worst"',
        rebuild="html",
    ),
    Setting(
        name="keikaku_progress",
        default=evaluation.DEFAULT_PROGRESS,
        language_defaults={"ja": evaluation.DEFAULT_PROGRESS_JA},
        types=(tuple, list, dict),
        help="Progress against the schedule (順調か), in the form of "
        "``keikaku_grades``: levels from best to worst, each with the minimum "
        "rate of the latest actual against the target due in its fiscal year "
        "(the target of that year, else the straight line from the baseline "
        "to the final target); the last has ``None``. The default is "
        '``{"順調": 100, "やや遅れ": 80, "遅れ": None}`` with '
        '``language = "ja"`` and ``{"on_track": 100, "slightly_behind": 80, '
        '"behind": None}`` in any other language; these labels are shown in '
        "the build's language (順調 / On track). Shown before the plan's final "
        "year, beside the grade.",
        normalise=_wrapped(evaluation.normalise_progress),
        example='{"順調": 100, "概ね順調": 80, "遅れ": None}',
        rebuild="html",
    ),
)

#: Every keikaku setting, in the order of the reference docs: the plan-wide
#: ones above, then each feature's own (declared in its ``settings_*`` module).
SETTINGS: tuple[Setting, ...] = (
    *_PLAN_SETTINGS,
    *BUDGET_SETTINGS,
    *AXES_SETTINGS,
    *HISTORY_SETTINGS,
    *RECORD_SETTINGS,
    *OPINION_SETTINGS,
    *EXTERNAL_SETTINGS,
    *I18N_SETTINGS,
    *BOOK_SETTINGS,
)

__all__ = ["SETTINGS", "Rebuild", "Setting", "SettingError", "register", "validate"]


def _default(setting: Setting) -> Any:
    """What Sphinx registers as *setting*'s default: the value, or for a
    language-dependent default a function of the config (Sphinx's own way,
    as for ``latex_engine``)."""
    if not setting.language_defaults:
        return setting.default

    def default(config: Config) -> Any:
        return setting.default_for(config.language)

    return default


def register(app: Sphinx) -> None:
    """Declare every setting to Sphinx, with the rebuild it needs."""
    for setting in SETTINGS:
        app.add_config_value(
            setting.name,
            _default(setting),
            setting.rebuild,
            types=frozenset(setting.types),
        )


def _invalid(
    setting: Setting, config: Config, conf: Path, err: SettingError
) -> Finding:
    value = config[setting.name]
    default = setting.default_for(config.language)
    if from_command_line(config, setting.name):
        # no line of conf.py is to blame: the value came from sphinx-build -D
        return Finding(
            Rule.CONFIG,
            _(
                "setting %s = %r, given on the command line as -D %s=%s, is "
                "invalid: %s; the default %r is used"
            )
            % (
                setting.name,
                value,
                setting.name,
                config.overrides[setting.name],
                err,
                default,
            ),
        )
    return Finding(
        Rule.CONFIG,
        _("setting %s = %r is invalid: %s; the default %r is used")
        % (setting.name, value, err, default),
        path=str(conf),
        lineno=line_of(conf, setting.name),
    )


#: Settings that keikaku no longer has, with the version that removed them:
#: a conf.py written for an older version still builds (a warning, not the
#: error of an unknown name), and is told which line to delete.
REMOVED_SETTINGS: tuple[tuple[str, str], ...] = (("keikaku_gc_freeze", "0.3"),)


def _unknown_names(config: Config, conf: Path) -> list[Finding]:
    """``keikaku_*`` names in conf.py that no extension declared: a typo
    Sphinx would ignore silently, or a setting keikaku has removed."""
    if not conf.is_file():
        return []
    known = sorted(
        {s.name for s in SETTINGS}
        | {item.name for item in config if item.name.startswith("keikaku_")}
    )
    removed = dict(REMOVED_SETTINGS)
    findings: list[Finding] = []
    for name, lines in sorted(assignments(conf).items()):
        if not name.startswith("keikaku_") or name in config:
            continue
        if name in removed:
            findings.append(
                Finding(
                    Rule.CONFIG,
                    _(
                        "%s was removed in keikaku %s and has no effect; "
                        "delete it from conf.py"
                    )
                    % (name, removed[name]),
                    path=str(conf),
                    lineno=lines[-1],
                    max_severity="warning",
                )
            )
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = (
            _("did you mean %s?") % close[0]
            if close
            else _("the settings are: %s") % ", ".join(known)
        )
        findings.append(
            Finding(
                Rule.CONFIG,
                _("%s is not a keikaku setting and is ignored; %s") % (name, hint),
                path=str(conf),
                lineno=lines[-1],
            )
        )
    return findings


def validate(app: Sphinx, config: Config) -> list[Finding]:
    """Normalise every setting in place and return the invalid ones.

    Run on ``config-inited``; the findings are reported with the plan's own
    in the check pass, so that they count for the exit status of every build.
    """
    conf = Path(app.confdir or ".") / "conf.py"
    findings: list[Finding] = []
    for setting in SETTINGS:
        try:
            config[setting.name] = setting.normalise(config[setting.name])
        except SettingError as err:
            findings.append(_invalid(setting, config, conf, err))
            config[setting.name] = setting.normalise(
                setting.default_for(config.language)
            )
    findings += _unknown_names(config, conf)
    findings += history_conflicts(config, conf)
    return findings


def _canonical(value: Any) -> Any:
    """*value* as JSON that does not depend on dict order or tuple/list."""
    if isinstance(value, Mapping):
        return sorted(
            ([_canonical(k), _canonical(v)] for k, v in value.items()), key=repr
        )
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


def settings_digest(config: Config) -> str:
    """A stable digest of everything in the settings that pages and exports
    show: every ``keikaku_*`` setting (after validation), ``language`` and
    the ``keikaku`` entries of ``suppress_warnings`` (the coverage page lists
    the findings that are reported).  Equal settings give equal digests
    across processes and Python versions."""
    shown = {
        setting.name: _canonical(config[setting.name])
        for setting in SETTINGS
        if setting.rebuild
    }
    shown["language"] = config.language
    shown["suppress_warnings"] = sorted(
        str(entry)
        for entry in config.suppress_warnings or ()
        if str(entry).split(".")[0] == "keikaku"
    )
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def severity_of(config: Config, rule: Rule) -> Severity:
    """The severity of *rule* in this project."""
    rules: dict[str, Severity] = config.keikaku_rules
    return rules.get(rule.value, rule.default_severity)
