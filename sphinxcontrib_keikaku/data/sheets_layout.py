"""The departments' workbooks (``-b keikaku-sheets``), laid out row by row.

One workbook per department (担当課) for one fiscal year, with the sheets
成果指標 (one row per indicator of the department's measures), 事務事業
(one row per budget link and input field), 評価 (one row per measure and
per budget link) and 記入要領. The headers are those the readers already
understand, so a filled workbook is read back unedited:

* 成果指標 and 事務事業 are data files in the wide form (:mod:`.header`):
  the columns 指標ID / ID and 項目, and one column for the fiscal year,
  which the department fills in; the other columns (名称, 目標値, 予算額…)
  are for reference and are not read.  An empty year cell gives no value.
* 評価 is an evaluation sheet (:mod:`.evaluation_sheets`): 対象, 年度,
  評価段階, 評価, 方向性, 評価者, and the narrative columns 成果, 課題 and
  改善案.  A row without a grade, a direction or a narrative is not read.

The workbook's content is Japanese whatever the build's language: the
sheets are the city's forms, and their header names are fixed.  Pure: no
Sphinx, no openpyxl (:mod:`~sphinxcontrib_keikaku.output.sheets_builder`
writes the layout).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sphinxcontrib_keikaku.core.funding import SOURCES
from sphinxcontrib_keikaku.core.model import BudgetLink, Indicator, Measure, Plan
from sphinxcontrib_keikaku.core.numbers import Value, format_value
from sphinxcontrib_keikaku.core.years import YearStyle, format_fiscal_year

__all__ = [
    "GUIDE",
    "MARK",
    "NARRATIVE_COLUMNS",
    "SHEET_EVALUATION",
    "SHEET_GUIDE",
    "SHEET_INDICATORS",
    "SHEET_NAMES",
    "SHEET_PROJECTS",
    "UNSET_DEPARTMENT",
    "SheetLayout",
    "SheetSettings",
    "WorkbookLayout",
    "file_name",
    "layout_workbooks",
]

SHEET_INDICATORS = "成果指標"
SHEET_PROJECTS = "事務事業"
SHEET_EVALUATION = "評価"
SHEET_GUIDE = "記入要領"
SHEET_NAMES: tuple[str, ...] = (
    SHEET_INDICATORS,
    SHEET_PROJECTS,
    SHEET_EVALUATION,
    SHEET_GUIDE,
)
#: The keywords of a workbook written by the builder: the readers check
#: such a workbook's sheet names, so a renamed sheet is not skipped unseen.
MARK = "keikaku-sheets"
#: The workbook of the measures and budget links without a department.
UNSET_DEPARTMENT = "未設定"
#: The evaluation sheet's narrative columns, joined into the record's text
#: as 「成果：…」 paragraphs.
NARRATIVE_COLUMNS: tuple[str, ...] = ("成果", "課題", "改善案")

# The fields a department reports for a budget link: the settlement, its
# funding split (財源内訳) and the staff time behind it (full cost), with the
# words the data reader knows.
_PROJECT_FIELDS: tuple[str, ...] = (
    "決算額",
    *(s.label_ja for s in SOURCES),
    "従事人数",
    "延べ業務時間",
)

# Characters no file system accepts in a name (Windows is the strictest),
# and names Windows reserves for devices.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = re.compile(r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?", re.I)


@dataclass(frozen=True)
class SheetSettings:
    """What the layout takes from the build's settings."""

    year: int
    grades: tuple[str, ...]
    stages: tuple[str, ...]
    directions: tuple[str, ...]
    year_style: YearStyle = "western"
    amount_unit: str = "千円"


@dataclass
class SheetLayout:
    """One sheet: its header, its rows, and which cells the department fills."""

    name: str
    header: tuple[str, ...]
    rows: list[tuple[str | Decimal | None, ...]] = field(default_factory=list)
    #: Columns the department fills in (left unlocked); the others are locked.
    inputs: frozenset[int] = frozenset()
    #: Column → the values its drop-down list offers.
    choices: dict[int, tuple[str, ...]] = field(default_factory=dict)
    #: Column widths, in characters.
    widths: tuple[int, ...] = ()


@dataclass
class WorkbookLayout:
    """One department's workbook."""

    department: str
    filename: str
    sheets: list[SheetLayout]
    #: The lines of the 記入要領 sheet.
    guide: list[str]


def file_name(department: str) -> str:
    """A file name for *department* that every file system accepts.

    >>> file_name("危機管理課")
    '危機管理課.xlsx'
    >>> file_name("総務部/総務課")
    '総務部_総務課.xlsx'
    >>> file_name(" .. ")
    '未設定.xlsx'
    >>> file_name("CON")
    '_CON.xlsx'
    """
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", department))
    name = name.strip(" .")
    if not name:
        name = UNSET_DEPARTMENT
    if _RESERVED.fullmatch(name):
        name = "_" + name
    return f"{name}.xlsx"


def layout_workbooks(plan: Plan, settings: SheetSettings) -> list[WorkbookLayout]:
    """The workbook of every department of *plan*, in the order the
    departments first appear; a department's measures, indicators and
    budget links in plan order."""
    measures: dict[str, list[Measure]] = {}
    links: dict[str, list[BudgetLink]] = {}
    for measure in plan.of_kind(Measure):
        measures.setdefault(_department(measure.department), []).append(measure)
    for link in plan.of_kind(BudgetLink):
        links.setdefault(_department(link.department), []).append(link)
    departments = list(dict.fromkeys([*measures, *links]))
    indicators = plan.of_kind(Indicator)
    books: list[WorkbookLayout] = []
    taken: set[str] = set()
    for department in departments:
        name = file_name(department)
        stem, number = name[: -len(".xlsx")], 2
        # Two departments may differ only in characters a file name cannot
        # hold: the second gets a number rather than overwriting the first.
        while name.casefold() in taken:
            name, number = f"{stem}-{number}.xlsx", number + 1
        taken.add(name.casefold())
        own = measures.get(department, [])
        books.append(
            WorkbookLayout(
                department,
                name,
                [
                    _indicator_sheet(own, indicators, settings),
                    _project_sheet(plan, links.get(department, []), settings),
                    _evaluation_sheet(
                        department, own, links.get(department, []), settings
                    ),
                ],
                _guide(department, settings),
            )
        )
    return books


def _department(name: str) -> str:
    return name.strip() or UNSET_DEPARTMENT


def _year(year: int, settings: SheetSettings) -> str:
    return format_fiscal_year(year, style=settings.year_style, language="ja")


def _year_values(
    values: Sequence[tuple[int, Value]], settings: SheetSettings, unit: str
) -> str:
    return "、".join(
        f"{_year(year, settings)} {format_value(value)}{unit}" for year, value in values
    )


def _indicator_sheet(
    measures: Sequence[Measure],
    indicators: Sequence[Indicator],
    settings: SheetSettings,
) -> SheetLayout:
    header = (
        "指標ID",
        "施策",
        "指標名",
        "単位",
        "方向",
        "基準値",
        "目標値",
        "直近の実績",
        "項目",
        _year(settings.year, settings),
    )
    sheet = SheetLayout(
        SHEET_INDICATORS,
        header,
        inputs=frozenset({9}),
        widths=(12, 24, 32, 8, 12, 18, 30, 30, 8, 14),
    )
    seen: set[str] = set()
    for measure in measures:
        for indicator in indicators:
            if measure.id not in indicator.measures or indicator.id in seen:
                continue
            seen.add(indicator.id)
            unit = indicator.unit
            baseline = (
                _year_values([indicator.baseline], settings, unit)
                if indicator.baseline is not None
                else ""
            )
            actuals = sorted(
                (y, v) for y, v in indicator.actual.items() if y < settings.year
            )[-3:]
            sheet.rows.append(
                (
                    indicator.id,
                    f"{measure.id} {measure.title}",
                    indicator.title,
                    unit,
                    "高いほどよい" if indicator.direction == "up" else "低いほどよい",
                    baseline,
                    _year_values(sorted(indicator.target.items()), settings, unit),
                    _year_values(actuals, settings, unit),
                    "実績",
                    None,
                )
            )
    return sheet


def _project_sheet(
    plan: Plan, links: Sequence[BudgetLink], settings: SheetSettings
) -> SheetLayout:
    unit = f"（{settings.amount_unit}）" if settings.amount_unit else ""
    header = (
        "ID",
        "事業名",
        "施策",
        f"計画額{unit}",
        f"予算額{unit}",
        "項目",
        _year(settings.year, settings),
    )
    sheet = SheetLayout(
        SHEET_PROJECTS,
        header,
        inputs=frozenset({6}),
        widths=(12, 32, 24, 14, 14, 12, 14),
    )
    for link in links:
        measure = plan.get(link.measures[0], Measure) if link.measures else None
        for field_word in _PROJECT_FIELDS:
            sheet.rows.append(
                (
                    link.id,
                    link.title,
                    f"{measure.id} {measure.title}" if measure is not None else "",
                    link.plan.get(settings.year),
                    link.budget.get(settings.year),
                    field_word,
                    None,
                )
            )
    return sheet


def _evaluation_sheet(
    department: str,
    measures: Sequence[Measure],
    links: Sequence[BudgetLink],
    settings: SheetSettings,
) -> SheetLayout:
    header = (
        "対象",
        "施策・事業名",
        "年度",
        "評価段階",
        "評価",
        "方向性",
        "評価者",
        *NARRATIVE_COLUMNS,
    )
    sheet = SheetLayout(
        SHEET_EVALUATION,
        header,
        inputs=frozenset(range(3, len(header))),
        choices={3: settings.stages, 4: settings.grades, 5: settings.directions},
        widths=(12, 32, 12, 12, 8, 10, 14, 40, 40, 40),
    )
    evaluator = "" if department == UNSET_DEPARTMENT else department
    year = _year(settings.year, settings)
    for obj in [*measures, *links]:
        kind = "施策" if isinstance(obj, Measure) else "事務事業"
        sheet.rows.append(
            (obj.id, f"{kind}：{obj.title}", year, None, None, None, evaluator)
            + (None,) * len(NARRATIVE_COLUMNS)
        )
    return sheet


#: The 記入要領 sheet; ``{department}``, ``{year}``, ``{unit}`` and the lists
#: are filled in by :func:`_guide`.
GUIDE: tuple[str, ...] = (
    "{department} 記入要領（{year}）",
    "",
    "このブックは、総合計画の進行管理のために企画担当課が作成したものです。",
    "記入後は、ファイル名を変えずに企画担当課へ提出してください。",
    "",
    "■ 記入するセル（白いセル）",
    "・成果指標シート：「{year}」の列に、各指標の{year}の実績値を記入します。"
    "単位は「単位」の列のとおりです。",
    "・事務事業シート：「{year}」の列に、決算額と財源内訳（国庫支出金、県支出金、"
    "地方債、その他、一般財源）を{unit}単位で記入します。"
    "従事人数（正規職員の人数）と延べ業務時間（時間）も記入します。",
    "・評価シート：評価段階・評価・方向性は一覧から選びます。"
    "成果・課題・改善案は文章で記入します。",
    "  評価段階：{stages}",
    "  評価：{grades}",
    "  方向性：{directions}",
    "",
    "■ 変更しないでください",
    "・シート名（成果指標、事務事業、評価、記入要領）",
    "・見出しの行、ID・対象・項目・年度の列（灰色のセル。シートは保護されています）",
    "・シートの保護にパスワードはありません。解除して行を並べ替えても差し支え"
    "ありませんが、ID・対象・項目・年度は書き換えないでください。",
    "",
    "■ 記入しなかったセル",
    "空欄のセルは「値なし」として扱い、計画の内容は変わりません。",
    "評価シートの行は、評価・方向性・成果・課題・改善案のいずれかを記入した行だけが"
    "評価記録になります。",
    "",
    "■ 数式",
    "数式は使わず、値を入力してください（数式は計算されません）。",
)


def _guide(department: str, settings: SheetSettings) -> list[str]:
    values = {
        "department": department,
        "year": _year(settings.year, settings),
        "unit": settings.amount_unit,
        "stages": "、".join(settings.stages),
        "grades": "、".join(settings.grades),
        "directions": "、".join(settings.directions),
    }
    return [line.format(**values) for line in GUIDE]
