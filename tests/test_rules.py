"""Every traceability rule fires at the right place with the right exit status."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult

#: rule -> (is it an error by default, {line of each expected finding})
CASES: dict[str, tuple[bool, set[int]]] = {
    "untraced": (True, {7}),
    "unmeasured": (True, {28}),
    "unfunded": (False, {28}),
    "orphan": (True, {28}),
    "unknown-id": (True, {7, 28}),
    "duplicate-id": (True, {28}),
    "cycle": (True, {28}),
    "value": (True, {13}),
    "incomplete": (False, {28}),
    "period": (False, {13}),
}

Build = Callable[..., BuildResult]


def _findings(result: BuildResult) -> list[tuple[str, int, str, str]]:
    """(file, line, level, subtype) of every keikaku message."""
    found = []
    for match in re.finditer(
        r"^(?P<file>[^\s:]+):(?P<line>\d+): (?P<level>WARNING|ERROR): .*?"
        r"\[keikaku\.(?P<subtype>[a-z-]+)\]$",
        result.warnings,
        re.M,
    ):
        found.append(
            (
                Path(match["file"]).name,
                int(match["line"]),
                match["level"],
                match["subtype"],
            )
        )
    return found


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires_with_location_and_status(
    rule: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    is_error, lines = CASES[rule]
    src = copy_root(f"rule-{rule}")
    result = build(src)
    assert "Traceback" not in result.warnings
    findings = _findings(result)
    assert {(f, line, sub) for f, line, _, sub in findings} == {
        ("index.md", line, rule) for line in lines
    }, result.warnings
    assert {level for *_, level, _ in findings} == {"ERROR" if is_error else "WARNING"}
    # errors fail the build without -W, after writing all output
    assert result.status == (1 if is_error else 0)
    assert (result.outdir / "index.html").is_file()

    # with -W every finding fails the build
    strict = build(src, "-W", "--keep-going", out="strict")
    assert strict.status == 1
    assert "Traceback" not in strict.warnings


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_off_and_suppressed(
    rule: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root(f"rule-{rule}")
    conf = src / "conf.py"
    text = conf.read_text()
    conf.write_text(text + f"\nkeikaku_rules = {{{rule!r}: 'off'}}\n")
    off = build(src, "-W", "-E", out="off")
    assert _findings(off) == [], off.warnings
    assert off.status == 0, off.warnings

    conf.write_text(text + f"\nsuppress_warnings = ['keikaku.{rule}']\n")
    suppressed = build(src, "-W", "-E", out="suppressed")
    assert _findings(suppressed) == [], suppressed.warnings
    assert suppressed.status == 0, suppressed.warnings


def test_severity_raised_to_error(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("rule-unfunded")
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + "\nkeikaku_rules = {'unfunded': 'error'}\n")
    result = build(src)
    assert [level for *_, level, _ in _findings(result)] == ["ERROR"]
    assert result.status == 1


def test_messages_name_object_and_fix(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("rule-unknown-id"))
    # a near miss suggests the id meant
    assert (
        'Measure M1 "防災力の向上" names V1-1, which does not exist; did you mean V1?'
        in (result.warnings)
    )
    # an id of the wrong kind says what it is and what is wanted
    assert "names V1, which is a vision; name a measure instead" in result.warnings


def test_cycle_message_lists_the_loop(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("rule-cycle"))
    assert "VA → VC → VB → VA" in result.warnings
    assert result.warnings.count("[keikaku.cycle]") == 1


def test_summary_and_no_change_rebuild(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("rule-untraced")
    first = build(src)
    assert first.status == 1
    # a rebuild with nothing changed reports the same defects and fails again
    again = build(src)
    assert again.status == 1
    assert _findings(again) == _findings(first)
    strict = build(src, "-W")
    assert strict.status == 1


def test_summary_line(copy_root: Callable[[str], Path], tmp_path: Path) -> None:
    import subprocess
    import sys

    src = copy_root("rule-unknown-id")
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", str(src), str(tmp_path / "o")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert (
        "keikaku: the plan has 2 error(s) and 0 warning(s): build failed (unknown-id 2)"
        in (proc.stdout + proc.stderr)
    )


def test_config_error(copy_root: Callable[[str], Path], build: Build) -> None:
    result = build(copy_root("rule-config"))
    assert result.status == 1
    assert re.search(
        r"conf\.py:4: ERROR: setting keikaku_rules = \{'untraced': 'fatal'\} "
        r"is invalid: rule 'untraced': unknown severity 'fatal'; use one of: error, warning, off; "
        r"the default \{\} is used \[keikaku\.config\]",
        result.warnings,
    ), result.warnings


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("keikaku_plan_period", "(2027, 2024)", "first ≤ last"),
        ("keikaku_plan_period", "'R9-R6'", "keikaku_plan_period"),
        ("keikaku_rules", "{'untraced_typo': 'error'}", "unknown rule 'untraced_typo'"),
        ("keikaku_rules", "['untraced']", "write a dict"),
        ("keikaku_year_style", "'showa'", "use one of: western, era"),
        ("keikaku_amount_unit", "1000", "write a text"),
    ],
)
def test_invalid_settings(
    setting: str,
    value: str,
    expected: str,
    copy_root: Callable[[str], Path],
    build: Build,
) -> None:
    src = copy_root("rule-unfunded")
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + f"\n{setting} = {value}\n")
    result = build(src)
    assert "[keikaku.config]" in result.warnings
    assert expected in result.warnings
    assert "Traceback" not in result.warnings
    assert result.status == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_defects_across_documents(
    jobs: str, copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("two-docs"), "-j", jobs)
    findings = sorted(_findings(result))
    assert findings == [
        ("b.md", 3, "ERROR", "duplicate-id"),
        ("b.md", 3, "ERROR", "unknown-id"),
    ], result.warnings
    # sphinx-needs does not add a second message of its own
    assert "needs." not in result.warnings
    assert result.status == 1
