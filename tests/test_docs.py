"""Every example in the documentation is built, and the docs match the code.

The example projects live in ``docs/examples/<name>/`` (a ``conf.py`` and
pages); the documentation shows them with ``literalinclude``.  Here:

* every clean example builds with ``-W`` and status 0;
* every warning subtype has an example ``rule-<subtype>`` that produces only
  that subtype, with exactly the messages the docs show
  (``expected-warnings.txt``, paths relative to the example);
* the settings example sets every setting; every directive option has a
  description; the worked examples of the evaluation pages run;
* the documentation itself builds with ``-W``.
"""

from __future__ import annotations

import doctest
import re
import runpy
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult, run_build

from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.sphinxext.config import SETTINGS

DOCS = Path(__file__).parent.parent / "docs"
EXAMPLES = DOCS / "examples"

sys.path.insert(0, str(DOCS / "_ext"))
import keikaku_docs  # noqa: E402

EXAMPLE_NAMES = sorted(
    path.name for path in EXAMPLES.iterdir() if (path / "conf.py").is_file()
)
CLEAN_EXAMPLES = [name for name in EXAMPLE_NAMES if not name.startswith("rule-")]

CopyExample = Callable[[str], Path]

#: The builder that reports a rule, where it is not HTML: a table too wide
#: for the printed page is a LaTeX build's finding.
RULE_BUILDERS = {"layout": "latex"}


@pytest.fixture
def copy_example(tmp_path: Path) -> CopyExample:
    """Copy ``docs/examples/<name>`` to a fresh directory and return it."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(
            EXAMPLES / name, target, ignore=shutil.ignore_patterns("_build")
        )
        return target

    return copy


def _relative(result: BuildResult) -> str:
    """The warnings with the example's own path left out, as the docs show them."""
    prefix = str(result.srcdir) + "/"
    return result.warnings.replace(prefix, "").replace(prefix.replace("/", "\\"), "")


def _subtypes(text: str) -> set[str]:
    return set(re.findall(r"\[keikaku\.([a-z-]+)\]$", text, re.M))


def test_examples_exist() -> None:
    assert {"quick", "rst", "tables", "settings", "tutorial"} <= set(EXAMPLE_NAMES)


@pytest.mark.parametrize("name", CLEAN_EXAMPLES)
def test_clean_example_builds_with_W(
    name: str, copy_example: CopyExample, tmp_path: Path
) -> None:
    src = copy_example(name)
    result = run_build(src, tmp_path / "out", "-W", "--keep-going")
    assert result.warnings == ""
    assert result.status == 0


@pytest.mark.parametrize("rule", [rule.value for rule in Rule])
def test_rule_example(rule: str, copy_example: CopyExample, tmp_path: Path) -> None:
    name = f"rule-{rule}"
    assert (EXAMPLES / name / "conf.py").is_file(), f"docs/examples/{name} is missing"
    expected = (EXAMPLES / name / "expected-warnings.txt").read_text(encoding="utf8")
    src = copy_example(name)
    builder = RULE_BUILDERS.get(rule, "html")

    result = run_build(src, tmp_path / "out", builder=builder)
    text = _relative(result)
    assert "Traceback" not in text
    assert _subtypes(text) == {rule}, text
    assert text == expected
    assert result.status == (1 if ": ERROR: " in expected else 0)

    strict = run_build(src, tmp_path / "strict", "-W", "--keep-going", builder=builder)
    assert strict.status == 1


def test_tutorial_failing_build(copy_example: CopyExample, tmp_path: Path) -> None:
    """The tutorial removes ``:vision:`` and shows the message of that build."""
    src = copy_example("tutorial")
    measures = src / "measures.md"
    text = measures.read_text(encoding="utf8")
    assert ":vision: V1-1\n" in text
    measures.write_text(text.replace(":vision: V1-1\n", ""), encoding="utf8")
    result = run_build(src, tmp_path / "out", "-W", "--keep-going")
    assert result.status == 1
    expected = (EXAMPLES / "tutorial" / "expected-untraced.txt").read_text("utf8")
    assert _relative(result) == expected


def test_settings_example_sets_every_setting() -> None:
    """``docs/examples/settings`` uses every setting, none at its default."""
    conf = runpy.run_path(str(EXAMPLES / "settings" / "conf.py"))
    for setting in SETTINGS:
        assert setting.name in conf, f"{setting.name} is not in the settings example"
        value = setting.normalise(conf[setting.name])
        assert value != setting.normalise(setting.default), setting.name


def test_every_option_has_a_description() -> None:
    assert keikaku_docs.missing_descriptions() == []
    assert keikaku_docs.stale_descriptions() == []


def test_every_rule_is_documented() -> None:
    page = (DOCS / "reference" / "warnings.md").read_text(encoding="utf8")
    docs = keikaku_docs.rule_docs()
    for rule in Rule:
        assert docs[rule.value], f"Rule.{rule.name} has no docstring"
        assert f"(warning-{rule.value})=" in page, f"no section for {rule.subtype}"
        assert f"examples/rule-{rule.value}/expected-warnings.txt" in page


def _run_doctests(path: Path) -> doctest.TestResults:
    text = path.read_text(encoding="utf8")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {}, path.name, str(path), 0)
    assert test.examples, f"{path} has no examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    return runner.summarize(verbose=False)


@pytest.mark.parametrize(
    "page", ["explanation/evaluation.md", "reference/evaluation.md"]
)
def test_worked_examples_run(page: str) -> None:
    results = _run_doctests(DOCS / page)
    assert results.failed == 0


def test_worked_examples_follow_the_module() -> None:
    """Every example of evaluation.py's docstring is on the explanation page."""
    from sphinxcontrib_keikaku.core import evaluation

    parser = doctest.DocTestParser()
    page = (DOCS / "explanation" / "evaluation.md").read_text(encoding="utf8")
    on_page = {(example.source, example.want) for example in parser.get_examples(page)}
    examples = parser.get_examples(evaluation.__doc__ or "")
    assert examples
    for example in examples:
        assert (example.source, example.want) in on_page, example.source


def test_needs_example_exports_plan_objects(
    copy_example: CopyExample, tmp_path: Path
) -> None:
    import json

    src = copy_example("needs")
    result = run_build(src, tmp_path / "needs-out", "-W", builder="needs")
    assert result.status == 0, result.warnings
    data = json.loads((tmp_path / "needs-out" / "needs.json").read_text("utf8"))
    needs = next(iter(data["versions"].values()))["needs"]
    assert needs["M1-1-1"]["type"] == "measure"
    assert needs["M1-1-1"]["vision"] == ["V1-1"]
    assert needs["M1-1-1"]["department"] == "Risk Management"
    assert "I1-1-1-a" in needs["M1-1-1"]["measure_back"]
    assert "M1-1-1" in needs["V1-1"]["vision_back"]


def test_existing_project_keeps_its_needs(
    copy_example: CopyExample, tmp_path: Path
) -> None:
    import json

    src = copy_example("existing")
    result = run_build(src, tmp_path / "needs-out", "-W", builder="needs")
    assert result.status == 0, result.warnings
    data = json.loads((tmp_path / "needs-out" / "needs.json").read_text("utf8"))
    needs = next(iter(data["versions"].values()))["needs"]
    assert needs["REQ_001"]["type"] == "req"
    assert needs["M1"]["type"] == "measure"

    # the project's needs_id_regex still applies to its own needs
    page = src / "requirements.md"
    page.write_text(
        page.read_text("utf8").replace("REQ_002", "REQ_X2"), encoding="utf8"
    )
    result = run_build(src, tmp_path / "html", "-E")
    assert "Given ID 'REQ_X2' does not match" in result.warnings
    assert "[keikaku." not in result.warnings


def test_quick_example_latex_embeds_japanese_fonts(
    copy_example: CopyExample, tmp_path: Path
) -> None:
    """The publishing how-to: language "ja" gets pxchfon with HaranoAji."""
    src = copy_example("tutorial")
    result = run_build(src, tmp_path / "latex", "-W", builder="latex")
    assert result.status == 0, result.warnings
    tex = (tmp_path / "latex" / "sakura-plan.tex").read_text(encoding="utf8")
    assert r"\usepackage[haranoaji]{pxchfon}" in tex
    assert "自主防災組織数" in tex


def test_docs_build(tmp_path: Path) -> None:
    result = run_build(DOCS, tmp_path / "html", "-W", "--keep-going", "-E")
    assert result.warnings == ""
    assert result.status == 0


def test_open_data_page_names_every_key(
    copy_example: CopyExample, tmp_path: Path
) -> None:
    """Every key of a real plan.json and every CSV column is on the page."""
    import csv
    import json

    src = copy_example("tables")
    result = run_build(src, tmp_path / "html", "-W")
    assert result.status == 0, result.warnings
    export = tmp_path / "html" / "keikaku"
    data = json.loads((export / "plan.json").read_text(encoding="utf8"))
    keys = set(data) | set(data["evaluation_settings"])
    keys |= set(data["coverage"]) | set(data["budget"])
    for obj in data["objects"]:
        keys |= set(obj)
        keys |= set(obj.get("evaluation") or {})
    keys |= set(data["coverage"]["totals"]) | set(data["budget"]["totals"])
    for finding in data["findings"]:
        keys |= set(finding)
    keys |= {"rule", "severity", "message", "document", "path", "line", "object"}
    for name in sorted(export.glob("*.csv")):
        with name.open(encoding="utf-8-sig", newline="") as stream:
            keys |= set(next(csv.reader(stream)))
    page = (DOCS / "reference" / "open-data.md").read_text(encoding="utf8")
    assert sorted(k for k in keys if f"`{k}`" not in page) == []
