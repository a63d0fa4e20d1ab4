"""Progress against the schedule (``keikaku_progress``, issue 29 item 4).

The roots ``test-progress`` (MyST, English) and ``test-progress-rst``
(reStructuredText, Japanese) hold the same plan, evaluated as of FY2025 in
a plan period ending in FY2027. By hand:

- I1: baseline 10 (2023), interim target 14 (2025), final 20 (2027),
  actual 14 (2025): 14 is due, (14 − 10) ÷ (14 − 10) = 100 %: on track
  (grade D: 40 % of the way to 20).
- I2: baseline 0 (2023), final 100 (2027), actual 45 (2025): the line gives
  50, 45 ÷ 50 = 90 %: slightly behind.
- I3 (lower is better): 120 (2023) → 100 (2027), actual 115 (2025): 110 is
  due, (115 − 120) ÷ (110 − 120) = 50 %: behind.
- I4: no baseline, no target for 2025: no progress (``−``, with the reason).
- M1 (on track, slightly behind) rolls up by points to on track; M2
  (behind, −) to behind.
"""

from __future__ import annotations

import csv
import html as htmllib
import json
import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import BuildResult
from helpers.builds import assert_same_as_fresh, html_pages
from hypothesis import given
from hypothesis import strategies as st

from sphinxcontrib_keikaku.core.model import Indicator, Measure, build_plan
from sphinxcontrib_keikaku.core.progress import (
    due_target,
    evaluate_progress,
    plan_final_year,
    progress_as_of,
    progress_text,
)
from sphinxcontrib_keikaku.core.settings import (
    DEFAULT_PROGRESS_JA,
    normalise_progress,
)

Build = Callable[..., BuildResult]
D = Decimal


def indicator(
    baseline: tuple[int, Decimal] | None,
    target: dict[int, Decimal | str],
    actual: dict[int, Decimal | str],
    direction: str = "up",
    measured: tuple[int, ...] = (),
) -> Indicator:
    return Indicator(
        id="I1",
        title="t",
        docname="d",
        lineno=1,
        measures=("M1",),
        direction=direction,  # type: ignore[arg-type]
        baseline=baseline,
        target=target,  # type: ignore[arg-type]
        actual=actual,  # type: ignore[arg-type]
        measured=measured,
    )


def text_of(page: str) -> str:
    """A page's body as a reader sees it: tags gone, spaces collapsed."""
    body = page.split('<div class="body"', 1)[1].split('<div class="sphinxsidebar"')[0]
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", body)))


# -- the computation ---------------------------------------------------------


def test_an_interim_target_of_the_year_is_due() -> None:
    p = evaluate_progress(
        indicator((2023, D(10)), {2025: D(14), 2027: D(20)}, {2025: D(13)})
    )
    assert (p.target_year, p.target) == (2025, D(14))
    assert (p.rate, p.grade) == (75.0, "behind")


def test_the_straight_line_between_baseline_and_final_target() -> None:
    p = evaluate_progress(indicator((2023, D(0)), {2027: D(100)}, {2025: D(45)}))
    assert (p.target_year, p.target, p.rate, p.grade) == (
        2025,
        D(50),
        90.0,
        "slightly_behind",
    )
    # an interim target of another year does not bend the line
    p = evaluate_progress(
        indicator((2023, D(0)), {2024: D(90), 2027: D(100)}, {2025: D(50)})
    )
    assert (p.target, p.grade) == (D(50), "on_track")


def test_lower_is_better() -> None:
    p = evaluate_progress(
        indicator((2023, D(120)), {2027: D(100)}, {2025: D(115)}, "down")
    )
    assert (p.target, p.rate, p.grade) == (D(110), 50.0, "behind")
    p = evaluate_progress(
        indicator((2023, D(120)), {2027: D(100)}, {2025: D(108)}, "down")
    )
    assert (p.rate, p.grade) == (120.0, "on_track")


def test_ratio_is_the_achievement_formula_too() -> None:
    p = evaluate_progress(
        indicator((2023, D(0)), {2027: D(100)}, {2025: D(45)}), method="ratio"
    )
    assert (p.rate, p.method) == (90.0, "ratio")


@pytest.mark.parametrize(
    ("baseline", "target", "why"),
    [
        (None, {2027: D(21)}, "no numeric baseline"),
        ((2027, D(5)), {2027: D(21)}, "no numeric baseline"),
        ((2023, D(5)), {2027: "設置"}, "is not a number"),
        ((2023, D(5)), {}, "no target"),
    ],
)
def test_no_schedule_no_progress(
    baseline: tuple[int, Decimal] | None, target: dict[int, Decimal | str], why: str
) -> None:
    p = evaluate_progress(indicator(baseline, target, {2025: D(17)}))
    assert (p.rate, p.grade, p.target) == (None, "−", None)
    assert why in p.note


def test_a_target_of_the_year_needs_no_baseline() -> None:
    p = evaluate_progress(indicator(None, {2025: D(20), 2027: D(40)}, {2025: D(20)}))
    assert (p.target, p.grade) == (D(20), "on_track")
    assert "no baseline" in p.note


def test_from_the_final_year_on_the_final_target_is_due() -> None:
    i = indicator((2023, D(0)), {2027: D(100)}, {})
    assert due_target(i, 2029) == (2027, D(100))
    assert due_target(i, 2022) == (2022, D(0))  # before the baseline: itself


def test_no_actual() -> None:
    p = evaluate_progress(indicator((2023, D(0)), {2027: D(100)}, {}))
    assert (p.grade, p.note) == ("−", "no actual yet")


@given(
    base=st.one_of(st.none(), st.decimals(allow_nan=True, allow_infinity=True)),
    final=st.one_of(st.decimals(allow_nan=True, allow_infinity=True), st.text()),
    actual=st.one_of(st.decimals(allow_nan=True, allow_infinity=True), st.text()),
    year=st.integers(2000, 2040),
    direction=st.sampled_from(["up", "down", "keep"]),
)
def test_never_raises(
    base: Decimal | None,
    final: Decimal | str,
    actual: Decimal | str,
    year: int,
    direction: str,
) -> None:
    p = evaluate_progress(
        indicator(
            None if base is None else (2023, base),
            {2030: final},
            {year: actual},
            direction,
        )
    )
    assert p.grade in {"on_track", "slightly_behind", "behind", "−"}
    assert (p.rate is None) == (p.grade == "−")


def test_plan_progress_as_of_a_year_and_none_from_the_final_year() -> None:
    m = Measure(id="M1", title="m", docname="d", lineno=1, visions=("V1",))
    i = indicator((2023, D(0)), {2027: D(100)}, {2025: D(50), 2027: D(60)})
    plan = build_plan([m, i])
    assert plan_final_year(plan, None) == 2027
    assert plan_final_year(plan, (2024, 2028)) == 2028
    found = progress_as_of(plan, 2025, 2027)
    # only the actuals up to 2025 count
    assert found.indicators["I1"].actual == D(50)
    assert found.measures == {"M1": "on_track"}
    assert not progress_as_of(plan, 2027, 2027).shown
    assert not progress_as_of(plan, None, 2027).shown


def test_a_survey_year_without_a_measurement_is_not_behind() -> None:
    m = Measure(id="M1", title="m", docname="d", lineno=1, visions=("V1",))
    i = indicator((2023, D(0)), {2027: D(100)}, {2024: D(1)}, measured=(2024, 2026))
    found = progress_as_of(build_plan([m, i]), 2025, 2027)
    assert (found.indicators["I1"].grade, found.indicators["I1"].measured) == (
        "−",
        False,
    )


def test_labels_in_the_builds_language() -> None:
    assert [progress_text(label) for label, _m in DEFAULT_PROGRESS_JA] == [
        "On track",
        "Slightly behind",
        "Behind",
    ]
    assert progress_text("概ね順調") == "概ね順調"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"順調": 100}, "at least two"),
        ({"順調": 100, "遅れ": 120, "x": None}, "decrease strictly"),
        ({"順調": None, "遅れ": 80}, "only the last"),
        ("順調", "やや遅れ"),  # the message shows progress levels, not grades
    ],
)
def test_bad_levels(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalise_progress(value)


# -- the pages ---------------------------------------------------------------


@pytest.fixture
def built(copy_root: Callable[[str], Path], build: Build) -> BuildResult:
    result = build(copy_root("progress"), "-W")
    assert result.status == 0, result.warnings
    return result


def test_evaluation_table(built: BuildResult) -> None:
    text = text_of(built.html("evaluation"))
    first = text.split("Evaluation in the final year")[0]
    assert "Grade (as of FY2025) Progress" in first
    for row in (
        "M1 Disaster readiness D On track",
        "I1 Volunteer groups 10 (FY2023) 20 (FY2027) 14 (FY2025) 40.0% D On track 100.0%",
        "I2 Drills held 0 (FY2023) 100 (FY2027) 45 (FY2025) 45.0% D Slightly behind 90.0%",
        "M2 Fewer accidents C Behind",
        "I3 Traffic accidents 120 (FY2023) 100 (FY2027) 115 (FY2025) 25.0% D Behind 50.0%",
        "I4 Crossings repaired *1 — 50 (FY2027) 30 (FY2025) 60.0% C −*2",
    ):
        assert row in first, row
    assert "*2 no numeric baseline before the final target" in first
    assert "On track: 100.0% or more / Slightly behind: 80.0% or more" in first
    # the plan's final year: the grade alone
    final = text.split("Evaluation in the final year")[1]
    assert "Grade (as of FY2027) M1" in final
    assert "Progress" not in final and "On track" not in final


def test_blocks(built: BuildResult) -> None:
    text = text_of(built.html("plan"))
    assert "Grade: D / Progress: On track" in text
    assert "Grade: C / Progress: Behind" in text
    assert "Progress: On track: 100.0% of the target due in FY2025 (14)" in text
    assert "Progress: Slightly behind: 90.0% of the target due in FY2025 (50)" in text
    assert "Progress: Behind: 50.0% of the target due in FY2025 (110)" in text
    assert "Progress: − (no numeric baseline before the final target" in text


def test_dashboard_shows_the_share_on_track_first(built: BuildResult) -> None:
    text = text_of(built.html("index"))
    card = text.split("Whole plan", 1)[1].split("V1 Safe city", 1)[0]
    assert card.lstrip().startswith(
        "On schedule (FY2025) 50.0% of measures on track (1 of 2) · "
        "33.3% of indicators on track (1 of 3)"
    )
    assert card.index("On schedule") < card.index("Grades of measures")
    assert "Behind: below 80.0%" in text


def test_exports(built: BuildResult) -> None:
    data = json.loads((built.outdir / "keikaku" / "plan.json").read_text("utf8"))
    objects = {o["id"]: o for o in data["objects"]}
    assert objects["M1"]["progress"] == "on_track"
    assert objects["M2"]["progress"] == "behind"
    i2 = objects["I2"]["progress"]
    assert (i2["level"], i2["rate"], i2["target_year"], i2["target"]) == (
        "slightly_behind",
        90.0,
        2025,
        50,
    )
    assert objects["I4"]["progress"]["level"] == "−"
    assert data["evaluation_settings"]["progress"] == [
        ["on_track", 100.0],
        ["slightly_behind", 80.0],
        ["behind", None],
    ]
    path = built.outdir / "keikaku" / "evaluation.csv"
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = {row["indicator"]: row for row in csv.DictReader(stream)}
    assert rows["I3"]["measure_progress"] == "behind"
    assert (rows["I3"]["progress"], rows["I3"]["progress_rate"]) == ("behind", "50.0")
    assert rows["I3"]["progress_target"] == "110"


def test_final_year_shows_no_progress(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    result = build(copy_root("progress"), "-D", "keikaku_evaluation_year=2027")
    assert result.status == 0, result.warnings
    for page in ("index", "plan", "evaluation"):
        text = text_of(result.html(page))
        assert "Progress" not in text and "On schedule" not in text, page
    # the plan itself is all there, graded against the final targets
    assert "Grade: D" in text_of(result.html("plan"))
    data = json.loads((result.outdir / "keikaku" / "plan.json").read_text("utf8"))
    assert {o["id"]: o.get("progress") for o in data["objects"]}["I1"] is None


def test_japanese_rst(copy_root: Callable[[str], Path], build: Build) -> None:
    result = build(copy_root("progress-rst"), "-W")
    assert result.status == 0, result.warnings
    text = text_of(result.html("index"))
    assert "進捗状況（2025年度） 50.0% が順調な施策（2施策のうち1施策）" in text
    assert "33.3% が順調な成果指標（3指標のうち1指標）" in text
    assert "評価： D ／ 進捗： 順調" in text
    assert "進捗： やや遅れ（2025年度時点の目標 50 に対する進捗率 90.0%）" in text
    assert "進捗： 遅れ（2025年度時点の目標 110 に対する進捗率 50.0%）" in text
    assert (
        "順調 進捗率100.0%以上 ／ やや遅れ 進捗率80.0%以上 ／ 遅れ 進捗率80.0%未満"
        in text
    )
    data = json.loads((result.outdir / "keikaku" / "plan.json").read_text("utf8"))
    assert {o["id"]: o.get("progress") for o in data["objects"]}["M1"] == "順調"


def test_bad_setting_is_a_located_config_error(
    copy_root: Callable[[str], Path], build: Build
) -> None:
    src = copy_root("progress")
    conf = src / "conf.py"
    lines = conf.read_text("utf8").splitlines()
    lines.append('keikaku_progress = {"順調": 100, "遅れ": 120, "やや遅れ": None}')
    conf.write_text("\n".join(lines) + "\n", "utf8")
    result = build(src)
    assert result.status == 1
    assert re.search(
        rf"conf\.py:{len(lines)}: ERROR: setting keikaku_progress = .* is invalid: "
        r"grade minimums must decrease strictly .*; the default .* is used "
        r"\[keikaku\.config\]",
        result.warnings,
    ), result.warnings
    # nothing else is lost: the default levels are used
    assert "Grade: D / Progress: On track" in text_of(result.html("plan"))
    assert "I4 Crossings repaired" in text_of(result.html("evaluation"))


def test_parallel_and_incremental_equal_fresh(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    src = copy_root("progress")
    serial = build(src, "-j", "1", out="serial")
    parallel = build(src, "-j", "2", out="parallel")
    assert html_pages(parallel.outdir) == html_pages(serial.outdir)
    # I2 reaches the line's 50: on track, and the dashboard follows
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text("utf8").replace(":actual: 2025: 45", ":actual: 2025: 50"),
        "utf8",
    )
    again = build(src, out="serial")
    assert "66.7% of indicators on track (2 of 3)" in text_of(again.html("index"))
    assert "Progress: On track: 100.0% of the target due in FY2025 (50)" in text_of(
        again.html("plan")
    )
    assert_same_as_fresh(src, again, tmp_path)


def test_example_front_page_opens_with_the_share_on_track(
    tmp_path: Path, build: Build
) -> None:
    example = Path(__file__).parent.parent / "example_plan"
    src = tmp_path / "example_plan"
    shutil.copytree(example, src, ignore=shutil.ignore_patterns("_build"))
    result = build(src, "-W")
    assert result.status == 0, result.warnings
    text = text_of(result.html("index"))
    # the first card, before any prose: the whole plan's measures and
    # indicators on track as of 令和7年度, in words
    first = text.split("計画全体", 1)[1]
    assert re.match(
        r" 進捗状況（令和7年度） [\d.]+% が順調な施策（\d+施策のうち\d+施策） ・ "
        r"[\d.]+% が順調な成果指標（\d+指標のうち\d+指標）（施策： 順調 \d+件",
        first,
    ), first[:300]
    assert text.index("進捗状況") < text.index("この計画について")
    assert text.index("進捗状況") < text.index("施策の評価")


def test_reaching_the_final_year_rewrites_every_page(
    copy_root: Callable[[str], Path], build: Build, tmp_path: Path
) -> None:
    """Without keikaku_evaluation_year, the first actual of the final year
    moves the evaluation year there: progress leaves every page, also those
    whose objects did not change."""
    src = copy_root("progress")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text("utf8").replace("keikaku_evaluation_year = 2025\n", ""), "utf8"
    )
    (src / "more.md").write_text(
        "# More\n\n```{measure} Parks\n:id: M3\n:vision: V1\n```\n\n"
        "```{indicator} Park area\n:id: I5\n:measure: M3\n:baseline: 2023: 0\n"
        ":target: 2027: 10\n:actual: 2025: 5\n```\n",
        "utf8",
    )
    index = src / "index.md"
    index.write_text(
        index.read_text("utf8").replace("evaluation\n", "evaluation\nmore\n")
    )
    first = build(src)
    assert first.status == 0, first.warnings
    assert "Progress: On track" in text_of(first.html("more"))
    plan = src / "plan.md"
    plan.write_text(
        plan.read_text("utf8").replace(
            ":actual: 2025: 45", ":actual: 2025: 45, 2027: 90"
        ),
        "utf8",
    )
    second = build(src)
    assert "Progress" not in text_of(second.html("more"))
    assert "On schedule" not in text_of(second.html("index"))
    assert_same_as_fresh(src, second, tmp_path)
