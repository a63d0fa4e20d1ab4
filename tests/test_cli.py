"""``keikaku quickstart``: a new plan that builds with -W on the first try."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TEX_TOOLS, latexpdf, require_tools, run_build

from sphinxcontrib_keikaku import cli

ROOT = Path(__file__).parent.parent
FILES = [
    "README.md",
    "budget.md",
    "conf.py",
    "coverage.md",
    "data/actuals.csv",
    "evaluation.md",
    "index.md",
    "measures.md",
    "vision.md",
]


def _quickstart(*args: str) -> int:
    return cli.main(["quickstart", *args])


def _python_m(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinxcontrib_keikaku", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def _listing(directory: Path) -> list[str]:
    return sorted(
        str(path.relative_to(directory).as_posix())
        for path in directory.rglob("*")
        if path.is_file()
    )


@pytest.mark.parametrize(
    ("language", "options", "expected"),
    [
        (
            "ja",
            ["--city", "みずほ台市"],
            ["みずほ台市総合計画", "地域防災力の向上", "施策"],
        ),
        (
            "en",
            ["--title", "Sample City Plan", "--period", "R6-R9"],
            ["Sample City Plan", "Stronger community disaster preparedness", "FY2027"],
        ),
    ],
)
def test_quickstart_builds_with_W(
    tmp_path: Path, language: str, options: list[str], expected: list[str]
) -> None:
    project = tmp_path / "plan"
    assert _quickstart(str(project), "--language", language, *options) == 0
    assert _listing(project) == FILES

    result = run_build(project, tmp_path / "out", "-W")
    assert result.status == 0, result.warnings
    assert result.warnings == ""

    pages = {name: result.html(name) for name in ("index", "vision", "measures")}
    for name in ("coverage", "evaluation", "budget"):
        pages[name] = result.html(name)
        assert '<table class="keikaku-table' in pages[name], name
    everything = "\n".join(pages.values())
    for text in expected:
        assert text in everything
    for object_id in ("V0", "V1", "M1-1", "I1-1-a", "B-0001"):
        assert f'id="{object_id}"' in everything
    # the coverage page names no gap; the evaluation page grades the measure
    assert "keikaku-missing" not in pages["coverage"]
    assert "80.0%" in pages["evaluation"]
    # the yearly values arrive (from the data file, or the page without one)
    assert "11,980" in pages["budget"]


def test_quickstart_files(tmp_path: Path) -> None:
    project = tmp_path / "kikaku-2024"
    assert _quickstart(str(project), "--period", "令和6年度～令和9年度") == 0
    conf = (project / "conf.py").read_text(encoding="utf-8")
    assert 'extensions = ["myst_parser", "sphinxcontrib_keikaku"]' in conf
    assert 'language = "ja"' in conf
    assert 'project = "総合計画"' in conf
    assert "keikaku_plan_period = (2024, 2027)" in conf
    assert '("index", "kikaku-2024.tex", project, author, "manual")' in conf
    assert "page_width" in conf
    compile(conf, "conf.py", "exec")

    raw = (project / "data" / "actuals.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    lines = raw[3:].decode("utf-8").splitlines()
    assert lines[0] == "id,fiscal_year,field,value"
    assert lines[1:] == ["I1-1-a,2024,actual,20", 'B-0001,2024,settlement,"11,980"']

    if cli.data_files_supported():
        assert 'keikaku_data_files = ["data/actuals.csv"]' in conf
        # the yearly values live in the data file only
        assert ":actual:" not in (project / "measures.md").read_text(encoding="utf-8")
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "python -m sphinx -b html" in readme
    assert "python -m sphinx -M latexpdf" in readme
    assert "kikaku-2024.pdf" in readme
    assert "$" not in "".join(
        (project / name).read_text(encoding="utf-8") for name in FILES
    )


@pytest.mark.parametrize("period", ["2025-2025", "2024-2025", "2020-2031"])
def test_any_period_builds_with_W(tmp_path: Path, period: str) -> None:
    project = tmp_path / "plan"
    assert _quickstart(str(project), "--period", period) == 0
    result = run_build(project, tmp_path / "out", "-W")
    assert result.status == 0, result.warnings


def test_without_data_file_setting_still_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An older keikaku without keikaku_data_files: the setting is left
    # commented out and the pages carry the same yearly values.
    monkeypatch.setattr(cli, "data_files_supported", lambda: False)
    project = tmp_path / "plan"
    assert _quickstart(str(project), "--period", "2024-2027") == 0
    conf = (project / "conf.py").read_text(encoding="utf-8")
    assert '# keikaku_data_files = ["data/actuals.csv"]' in conf
    measures = (project / "measures.md").read_text(encoding="utf-8")
    assert ":actual: 2024: 20" in measures
    assert ":settlement: 2024: 11,980" in measures
    result = run_build(project, tmp_path / "out", "-W")
    assert result.status == 0, result.warnings
    assert "80.0%" in result.html("evaluation")


def test_quickstart_into_an_empty_directory(tmp_path: Path) -> None:
    project = tmp_path / "empty"
    project.mkdir()
    assert _quickstart(str(project)) == 0
    assert _listing(project) == FILES


@pytest.mark.parametrize("existing", ["conf.py", "notes.txt", "sub/readme.md"])
def test_refuses_an_existing_project(
    tmp_path: Path, existing: str, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "plan"
    (project / existing).parent.mkdir(parents=True)
    (project / existing).write_text("keep me\n", encoding="utf-8")
    before = _listing(project)

    assert _quickstart(str(project), "--language", "en") == 1
    err = capsys.readouterr().err
    assert str(project) in err
    assert "nothing was written" in err
    if existing == "conf.py":
        assert "already holds a Sphinx project" in err
    assert "Traceback" not in err
    assert _listing(project) == before
    assert (project / existing).read_text(encoding="utf-8") == "keep me\n"


def test_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "plan"
    target.write_text("x", encoding="utf-8")
    assert _quickstart(str(target)) == 1
    assert "is not a directory" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2027-2024", "ends before it starts"),
        ("someday", "cannot read 'someday' as a period"),
        ("1800-1803", "out of range"),
    ],
)
def test_bad_period(
    tmp_path: Path, period: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "plan"
    assert _quickstart(str(project), "--period", period) == 2
    err = capsys.readouterr().err
    assert "--period" in err
    assert message in err
    assert not project.exists()


def test_bad_option_from_the_command_line(tmp_path: Path) -> None:
    project = tmp_path / "plan"
    proc = _python_m("quickstart", str(project), "--period", "R9-R6")
    assert proc.returncode == 2
    assert "ends before it starts" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not project.exists()
    proc = _python_m("quickstart", str(project), "--title", "")
    assert proc.returncode == 2
    assert "title must not be empty" in proc.stderr
    proc = _python_m("quickstart", str(project), "--language", "fr")
    assert proc.returncode == 2
    assert not project.exists()


def test_python_m_help() -> None:
    proc = _python_m("--help")
    assert proc.returncode == 0, proc.stderr
    assert "python -m sphinxcontrib_keikaku" in proc.stdout
    assert "quickstart" in proc.stdout
    proc = _python_m("quickstart", "--help")
    assert proc.returncode == 0, proc.stderr
    for option in ("--title", "--city", "--language", "--period", "DIR"):
        assert option in proc.stdout


def test_python_m_quickstart(tmp_path: Path) -> None:
    project = tmp_path / "plan"
    proc = _python_m("quickstart", str(project), "--language", "en")
    assert proc.returncode == 0, proc.stderr
    assert "conf.py" in proc.stdout
    assert _listing(project) == FILES


# --- the PDF the new project's README promises ------------------------------


@pytest.mark.parametrize(
    "language",
    [
        "ja",
        "en",
    ],
)
def test_quickstart_pdf(tmp_path: Path, language: str) -> None:
    require_tools(*TEX_TOOLS)
    project = tmp_path / "plan"
    assert _quickstart(str(project), "--language", language) == 0
    latexpdf(project, project / "_build", "-W", "--keep-going", cwd=ROOT)
    assert (project / "_build" / "latex" / "plan.pdf").is_file()
