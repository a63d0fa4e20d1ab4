"""Settings: what a change rebuilds, the digest of what pages show, and where
a setting's problem is reported (the assignment in force, ``-D``, a typo)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BuildResult
from sphinx.locale import translators
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_keikaku.sphinxext.config import SETTINGS, settings_digest

Build = Callable[..., BuildResult]


def _build_counting_reads(
    src: Path, out: Path, **overrides: Any
) -> tuple[list[str], str]:
    """Build *src* into *out* as sphinx-build does; the documents read and
    the warnings and status output."""
    # Start as a new sphinx-build process does: Sphinx keeps its translators
    # per process, so a Japanese build run earlier by another test would
    # make numfig_format (a translated default) differ between the builds
    # here, and re-read everything for a reason no user meets.
    translators.clear()
    warnings = io.StringIO()
    status = io.StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=src,
        builddir=out,
        confoverrides=overrides or None,
        status=status,
        warning=warnings,
    )
    read: list[str] = []
    app.connect("source-read", lambda _app, docname, _source: read.append(docname))
    try:
        app.build()
    finally:
        app.cleanup()
    return read, warnings.getvalue() + status.getvalue()


def _pages(outdir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(outdir)): p.read_text(encoding="utf8")
        for p in sorted(outdir.rglob("*.html"))
    }


def test_every_setting_rewrites_pages_without_rereading() -> None:
    """No keikaku setting is read while sources are read (the plan is built
    after reading), so none needs to re-read the sources."""
    rebuilds = {setting.name: setting.rebuild for setting in SETTINGS}
    # axes are directive options: a change re-reads the sources (issue 16)
    assert rebuilds.pop("keikaku_axes") == "env"
    assert set(rebuilds.values()) == {"html"}


def test_year_style_change_rewrites_every_page_and_reads_none(
    copy_root: Callable[[str], Path], tmp_path: Path
) -> None:
    src = copy_root("tables")
    out = tmp_path / "incremental"
    first, warnings = _build_counting_reads(src, out)
    assert sorted(first) == ["budget", "coverage", "evaluation", "index", "plan"]
    before = _pages(out / "html")
    assert "FY2024" in before["plan.html"]
    assert "FY2024" in before["budget.html"]

    conf = src / "conf.py"
    conf.write_text(conf.read_text() + '\nkeikaku_year_style = "era"\n')
    again, warnings = _build_counting_reads(src, out)
    assert again == [], warnings
    assert "Traceback" not in warnings
    after = _pages(out / "html")
    # the objects' own page and the tables on other pages show era years
    # ("FY2024 (R6)" in English)
    for page in ("plan.html", "budget.html", "evaluation.html"):
        assert not re.search(r"\(R[6-9]\)", before[page]), page
        assert re.search(r"\(R[6-9]\)", after[page]), page

    fresh_out = tmp_path / "fresh"
    fresh, _warnings = _build_counting_reads(src, fresh_out)
    assert len(fresh) == 5
    assert after == _pages(fresh_out / "html")


def _config(**values: Any) -> Any:
    """A validated Sphinx config with *values*, as a build would have it."""
    from sphinx.config import Config

    config = Config({"extensions": []}, {})
    for setting in SETTINGS:
        config.add(setting.name, setting.default, setting.rebuild, setting.types)
    for name, value in values.items():
        config[name] = value
    for setting in SETTINGS:
        config[setting.name] = setting.normalise(config[setting.name])
    return config


def test_settings_digest_is_stable_and_follows_what_pages_show() -> None:
    base = settings_digest(_config())
    assert base == settings_digest(_config())
    assert re.fullmatch(r"[0-9a-f]{64}", base)
    # the same settings written differently are the same settings
    assert settings_digest(
        _config(keikaku_rules={"unfunded": "off", "period": "error"})
    ) == settings_digest(_config(keikaku_rules={"period": "error", "unfunded": "off"}))
    assert settings_digest(_config(keikaku_plan_period="2024-2027")) == (
        settings_digest(_config(keikaku_plan_period=(2024, 2027)))
    )
    changed = {
        "keikaku_year_style": "era",
        "keikaku_amount_unit": "円",
        "keikaku_charts": False,
        "keikaku_grades": {"◎": 100, "○": 80, "×": None},
        "keikaku_rollup": "worst",
        "keikaku_plan_period": (2024, 2027),
        "language": "ja",
        "suppress_warnings": ["keikaku.unfunded"],
    }
    digests = {
        name: settings_digest(_config(**{name: v})) for name, v in changed.items()
    }
    assert base not in digests.values()
    assert len(set(digests.values())) == len(digests)
    # a warning type keikaku does not own shows on no keikaku page
    assert settings_digest(_config(suppress_warnings=["ref.python"])) == base


# --- where a setting's problem is reported ------------------------------------


def test_setting_assigned_twice_is_reported_where_it_is_in_force(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("rule-unfunded")
    conf = src / "conf.py"
    lines = conf.read_text().splitlines()
    lines += ['keikaku_year_style = "western"', "", 'keikaku_year_style = "showa"']
    conf.write_text("\n".join(lines) + "\n")
    result = build(src)
    assert result.status == 1
    assert re.search(
        rf"conf\.py:{len(lines)}: ERROR: setting keikaku_year_style = 'showa' is "
        r"invalid: .* \[keikaku\.config\]",
        result.warnings,
    ), result.warnings


def test_multiline_setting_is_reported_at_its_last_assignment(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("rule-unfunded")
    conf = src / "conf.py"
    text = conf.read_text() + '\nkeikaku_rules = {"untraced": "error"}\n'
    start = text.count("\n") + 1
    text += 'keikaku_rules = {\n    "untraced": "fatal",\n}\n'
    conf.write_text(text)
    result = build(src)
    assert re.search(
        rf"conf\.py:{start}: ERROR: setting keikaku_rules = .*fatal",
        result.warnings,
    ), result.warnings


def test_command_line_setting_is_reported_as_such(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("rule-unfunded")
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + '\nkeikaku_year_style = "era"\n')
    result = build(src, "-D", "keikaku_year_style=showa")
    assert result.status == 1
    line = next(
        line for line in result.warnings.splitlines() if "keikaku_year_style" in line
    )
    assert "conf.py" not in line
    assert "-D keikaku_year_style=showa" in line
    assert "command line" in line
    assert line.endswith("[keikaku.config]")


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("keikaku_chart", "keikaku_charts"),
        ("keikaku_year_styles", "keikaku_year_style"),
        ("keikaku_amount_units", "keikaku_amount_unit"),
    ],
)
def test_misspelt_setting_is_reported_with_the_nearest(
    typo: str, meant: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("rule-unfunded")
    conf = src / "conf.py"
    text = conf.read_text() + f"\n{typo} = False\n"
    conf.write_text(text)
    result = build(src)
    assert result.status == 1
    assert re.search(
        rf"conf\.py:{text.count(chr(10))}: ERROR: {typo} is not a keikaku setting "
        rf"and is ignored; did you mean {meant}\? \[keikaku\.config\]",
        result.warnings,
    ), result.warnings


def test_every_real_setting_is_not_reported_as_unknown(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("rule-unfunded")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text()
        + '\nkeikaku_charts = False\nkeikaku_rules["unfunded"] = "off"\n'
    )
    result = build(src)
    assert "is not a keikaku setting" not in result.warnings
    assert "keikaku.config" not in result.warnings


def test_setting_location(tmp_path: Path) -> None:
    from sphinx.config import Config

    from sphinxcontrib_keikaku.sphinxext.confpy import setting_location

    (tmp_path / "conf.py").write_text(
        'keikaku_data_files = ["a.csv"]\n\nkeikaku_data_files = [\n    "b.csv",\n]\n'
        'keikaku_rules: dict = {}\nkeikaku_rules["unfunded"] = "off"\n',
        encoding="utf8",
    )
    config = Config({}, {"keikaku_year_style": "era"})
    conf = str(tmp_path / "conf.py")
    assert setting_location(tmp_path, config, "keikaku_data_files") == (conf, 3)
    assert setting_location(tmp_path, config, "keikaku_rules") == (conf, 7)
    assert setting_location(tmp_path, config, "keikaku_charts") == (conf, None)
    assert setting_location(tmp_path, config, "keikaku_year_style") == (None, None)


def test_names_inside_functions_are_no_settings(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("rule-unfunded")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text()
        + "\nif True:\n    keikaku_charts = False\n"
        + "\ndef helper():\n    keikaku_local = 1\n    return keikaku_local\n"
    )
    result = build(src)
    assert "keikaku_local" not in result.warnings
    assert "keikaku.config" not in result.warnings
    # an assignment inside "if" is a setting like any other
    conf.write_text(conf.read_text() + "\nif True:\n    keikaku_chartz = False\n")
    result = build(src)
    assert "keikaku_chartz is not a keikaku setting" in result.warnings


def test_a_removed_setting_is_a_warning_and_the_plan_is_built(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    """``keikaku_gc_freeze`` (removed in 0.3) left in a conf.py: the build
    succeeds with the plan of a conf.py without it, and the line to delete
    is named."""
    import json

    src = copy_root("basic")
    plain = build(src, out="plain")
    assert plain.status == 0, plain.warnings
    conf = src / "conf.py"
    text = conf.read_text(encoding="utf8") + "\nkeikaku_gc_freeze = True\n"
    conf.write_text(text, encoding="utf8")
    line = text.splitlines().index("keikaku_gc_freeze = True") + 1
    result = build(src, out="old")
    assert result.status == 0, result.warnings
    assert "Traceback" not in result.warnings
    # one warning, at the line to delete (the root is Japanese: so is the text)
    (warning,) = result.warnings.splitlines()
    assert warning.startswith(f"{conf}:{line}: WARNING: keikaku_gc_freeze ")
    assert "0.3" in warning and "conf.py から削除" in warning
    assert warning.endswith(" [keikaku.config]")

    def objects(out: Path) -> list[str]:
        data = json.loads((out / "keikaku" / "plan.json").read_text("utf8"))
        return [o["id"] for o in data["objects"]]

    assert objects(result.outdir) == objects(plain.outdir)
    assert objects(plain.outdir)
