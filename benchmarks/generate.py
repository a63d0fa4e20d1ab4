#!/usr/bin/env python3
"""Generate synthetic comprehensive plans (総合計画) for the benchmark.

One plan model, written five ways into ``<out>/s<scale>/``:

``keikaku/``         the plan in the authoring contract's MyST syntax,
                     ``keikaku_charts = False``
``keikaku-charts/``  the same pages, ``keikaku_charts = True``
``plain/``           the baseline: the same pages as plain MyST with no
                     keikaku. Every plan object becomes a heading-less block
                     with what keikaku renders for it (title line, link lines,
                     facts paragraph, value tables as pipe tables, link lists),
                     and the tables page holds the coverage, evaluation and
                     budget tables as large static tables.
``notes/``           the second baseline, the plan as plain notes: the keikaku
                     pages with every plan object as a heading with its
                     options as a bullet list and its body, no keikaku; the
                     tables page holds pipe tables with the rows and columns
                     keikaku's tables have (numbers computed here).
``needs/``           a reference, not a baseline: the keikaku pages with every
                     plan object as a generic sphinx-needs ``need`` (no
                     keikaku), hidden (``:hide:``: data and links, no
                     rendering); the links up (``:parent:``, ``:vision:``,
                     ``:measure:``) become ``:links:``, the other options
                     needs fields. The tables page holds one ``needtable``.

At ``--scale 1`` (the reference scale of issue 8) the plan has 10 visions,
300 measures, 1,200 indicators and 3,000 budget links on 60 pages, plus
``tables.md`` and ``index.md``. Everything scales with the factor (5 measures
a page, 4 indicators and 10 budget links a measure). The output depends only
on ``--scale`` and ``--seed``.

Usage::

    python benchmarks/generate.py --scale 1 [--out benchmarks/_work/plans]
                                  [--seed 8] [--no-tables]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "_work" / "plans"
DEFAULT_SEED = 8

#: the reference scale (issue 8)
REF_PAGES = 60
REF_VISIONS = 10
MEASURES_PER_PAGE = 5
INDICATORS_PER_MEASURE = 4
BUDGET_LINKS_PER_MEASURE = 10

PLAN_PERIOD = (2024, 2027)
VARIANTS = ("keikaku", "keikaku-charts", "plain", "notes", "needs")
CITY = "さくら野市"
PLAN_TITLE = f"{CITY}第6次総合計画 前期基本計画"

# -- realistic Japanese vocabulary ------------------------------------------

GOALS: list[tuple[str, list[str], list[str], list[str]]] = [
    (
        "子どもが健やかに育ち、学びが広がるまち",
        [
            "安心して子どもを産み育てられる環境をつくる",
            "確かな学力と豊かな心を育む",
            "家庭と地域の教育力を高める",
            "生涯にわたる学びを支える",
        ],
        [
            "保育サービス",
            "一時預かり",
            "子育て相談",
            "児童虐待の防止",
            "ひとり親家庭への支援",
            "放課後児童クラブ",
            "妊産婦健診",
            "乳幼児健診",
            "学力向上",
            "英語教育",
            "ICT教育",
            "いじめ・不登校対策",
            "特別支援教育",
            "学校給食",
            "学校施設の長寿命化",
            "通学路の安全",
            "青少年の健全育成",
            "家庭教育",
            "公民館活動",
            "図書館サービス",
        ],
        [
            "子育て支援課",
            "こども家庭課",
            "保育課",
            "学校教育課",
            "教育総務課",
            "生涯学習課",
            "中央図書館",
        ],
    ),
    (
        "誰もが健康で生きがいを持って暮らせるまち",
        [
            "健康づくりと医療体制を充実する",
            "高齢者が住み慣れた地域で暮らせるよう支える",
            "障害のある人の自立と社会参加を進める",
            "地域で支え合う福祉を推進する",
        ],
        [
            "特定健診",
            "がん検診",
            "予防接種",
            "食育",
            "地域医療",
            "救急医療",
            "介護予防",
            "地域包括ケア",
            "認知症施策",
            "高齢者の見守り",
            "介護人材の確保",
            "障害者の就労",
            "障害福祉サービス",
            "相談支援体制",
            "生活困窮者の自立",
            "地域福祉活動",
            "民生委員活動",
            "成年後見制度",
            "健康マイレージ",
            "スポーツ活動",
        ],
        [
            "健康推進課",
            "保険年金課",
            "高齢福祉課",
            "介護保険課",
            "障害福祉課",
            "福祉総務課",
            "スポーツ振興課",
        ],
    ),
    (
        "安全・安心に暮らせるまち",
        [
            "災害に強い地域をつくる",
            "消防・救急体制を充実する",
            "防犯・交通安全を推進する",
            "安心できる消費生活を守る",
        ],
        [
            "自主防災組織",
            "防災訓練",
            "避難所の機能強化",
            "備蓄物資",
            "防災情報の伝達",
            "河川の治水対策",
            "住宅の耐震化",
            "消防団活動",
            "救急救命体制",
            "火災予防",
            "防犯カメラの設置",
            "防犯パトロール",
            "交通安全教室",
            "自転車の安全利用",
            "空き家対策",
            "消費者相談",
            "特殊詐欺の防止",
            "危険箇所の点検",
            "橋りょうの耐震化",
            "土砂災害対策",
        ],
        [
            "危機管理課",
            "消防本部",
            "警防課",
            "市民安全課",
            "建築指導課",
            "道路河川課",
            "消費生活センター",
        ],
    ),
    (
        "活力ある産業と働く場を育むまち",
        [
            "商工業を振興する",
            "農林業を振興し農地と森林を守る",
            "観光と交流を推進する",
            "働く場をつくり就労を支える",
        ],
        [
            "中小企業の経営支援",
            "創業支援",
            "企業誘致",
            "商店街の活性化",
            "地場産品の販路拡大",
            "新規就農者の育成",
            "農地の集積",
            "有害鳥獣対策",
            "地産地消",
            "森林の整備",
            "観光プロモーション",
            "観光案内所の運営",
            "地域イベント",
            "インバウンド誘客",
            "ふるさと納税",
            "就労相談",
            "若者の地元就職",
            "女性の就業支援",
            "シルバー人材の活用",
            "産業人材の育成",
        ],
        ["商工振興課", "農政課", "林務課", "観光交流課", "産業政策課", "労働政策課"],
    ),
    (
        "自然と調和した快適で住みよいまち",
        [
            "環境を守り脱炭素社会をつくる",
            "ごみを減らし資源を循環させる",
            "道路と公共交通を充実する",
            "上下水道を安定して運営する",
        ],
        [
            "温室効果ガスの削減",
            "再生可能エネルギーの導入",
            "省エネルギー",
            "緑地の保全",
            "公園の整備",
            "ごみの減量",
            "資源の分別回収",
            "不法投棄の防止",
            "水質の保全",
            "市道の舗装",
            "歩道の整備",
            "生活交通バス",
            "駅前広場の整備",
            "市営住宅の管理",
            "景観の形成",
            "上水道の耐震化",
            "下水道の整備",
            "浄化槽の普及",
            "都市計画道路",
            "空き地の活用",
        ],
        [
            "環境政策課",
            "ごみ対策課",
            "公園緑地課",
            "道路河川課",
            "都市計画課",
            "交通政策課",
            "住宅課",
            "上下水道局",
        ],
    ),
    (
        "市民とともに歩む持続可能な行財政",
        [
            "市民参加と協働を進める",
            "人権を尊重し多様性を認め合う",
            "健全な財政を運営する",
            "デジタル化で行政サービスを変える",
        ],
        [
            "市民参加",
            "協働のまちづくり",
            "自治会活動",
            "NPOとの連携",
            "広報の充実",
            "広聴の充実",
            "人権啓発",
            "男女共同参画",
            "多文化共生",
            "行政評価",
            "公共施設の適正配置",
            "市税の収納率向上",
            "財源の確保",
            "職員の人材育成",
            "窓口サービス",
            "行政手続のオンライン化",
            "情報セキュリティ",
            "オープンデータ",
            "広域連携",
            "文書管理",
        ],
        [
            "市民協働課",
            "広報課",
            "人権推進課",
            "企画政策課",
            "財政課",
            "税務課",
            "収納課",
            "人事課",
            "情報政策課",
            "総務課",
        ],
    ),
]

ACTIONS = [
    "の充実",
    "の推進",
    "の強化",
    "の向上",
    "の確保",
    "の支援",
    "の促進",
    "の拡充",
]
AREAS = [
    "",
    "（中央地区）",
    "（北部地区）",
    "（南部地区）",
    "（東部地区）",
    "（西部地区）",
    "（市全域）",
    "（重点地区）",
]

#: (title template, unit, direction, kind, value type)
INDICATOR_TEMPLATES = [
    ("{t}に関する市民満足度", "%", "up", "outcome", "pct"),
    ("{t}の利用者数", "人", "up", "outcome", "count"),
    ("{t}の実施件数", "件", "up", "output", "count"),
    ("{t}の参加者数", "人", "up", "output", "count"),
    ("{t}に関する相談件数", "件", "up", "output", "count"),
    ("{t}に関する苦情件数", "件", "down", "outcome", "count"),
    ("{t}の待機者数", "人", "down", "outcome", "count"),
    ("{t}の実施率", "%", "up", "outcome", "pct"),
    ("{t}の認知度", "%", "keep", "outcome", "pct"),
]

BUDGET_SUFFIXES = [
    "事業",
    "推進事業",
    "支援事業",
    "運営事業",
    "整備事業",
    "補助金",
    "委託事業",
    "管理事業",
    "啓発事業",
    "調査事業",
]
ACCOUNTS = ["一般会計"] * 8 + ["国民健康保険特別会計", "介護保険特別会計"]

MEASURE_SENTENCES = [
    "関係機関や地域団体と連携し、必要な人に必要な支援が届く体制を整えます。",
    "これまでの取組の成果と課題を検証し、事業の重点化と見直しを進めます。",
    "デジタル技術を活用して手続や情報提供を分かりやすくします。",
    "市民・事業者・行政がそれぞれの役割を担い、協働して取り組みます。",
    "国や県の制度を活用し、財源の確保に努めながら着実に実施します。",
    "地域ごとの実情に応じて、きめ細かな取組を展開します。",
]

# -- the plan model -----------------------------------------------------------


@dataclass
class Vision:
    id: str
    title: str
    parent: str | None
    period: str | None
    body: str
    children: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)


@dataclass
class Indicator:
    id: str
    title: str
    measure: str
    unit: str
    direction: str
    kind: str
    vtype: str
    baseline: tuple[int, Decimal]
    target: dict[int, Decimal]
    actual: dict[int, Decimal]
    source: str
    body: str

    @property
    def years(self) -> list[int]:
        return sorted({self.baseline[0], *self.target, *self.actual})


@dataclass
class BudgetLink:
    id: str
    title: str
    measure: str
    code: str
    account: str
    department: str
    budget: dict[int, Decimal]
    settlement: dict[int, Decimal]


@dataclass
class Measure:
    id: str
    title: str
    vision: str
    department: str
    period: str
    body: str
    indicators: list[Indicator] = field(default_factory=list)
    budget_links: list[BudgetLink] = field(default_factory=list)


@dataclass
class Page:
    name: str
    heading: str
    policy: str
    visions: list[str] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


@dataclass
class Plan:
    scale: float
    seed: int
    visions: dict[str, Vision]
    goals: list[str]
    measures: dict[str, Measure]
    indicators: dict[str, Indicator]
    budget_links: dict[str, BudgetLink]
    pages: list[Page]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "visions": len(self.visions),
            "measures": len(self.measures),
            "indicators": len(self.indicators),
            "budget_links": len(self.budget_links),
            "pages": len(self.pages),
            "objects": len(self.visions)
            + len(self.measures)
            + len(self.indicators)
            + len(self.budget_links),
        }

    def edit_target(self) -> Indicator:
        """The indicator the one-page-edit benchmark changes: the first
        indicator on the middle page."""
        page = self.pages[len(self.pages) // 2]
        return page.measures[0].indicators[0]

    def page_of(self, indicator_id: str) -> Page:
        measure = self.measures[self.indicators[indicator_id].measure]
        for page in self.pages:
            if measure in page.measures:
                return page
        raise KeyError(indicator_id)


def scale_label(scale: float) -> str:
    return f"s{scale:g}"


def _dec(value: float, decimals: int = 0) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def _indicator_values(
    rng: random.Random, vtype: str, direction: str
) -> tuple[tuple[int, Decimal], dict[int, Decimal], dict[int, Decimal]]:
    years_actual = [2024, 2025] + ([2026] if rng.random() < 0.3 else [])
    if vtype == "pct":
        base = rng.uniform(25, 80)
        if direction == "keep":
            steps = {2025: base, 2027: base}
        else:
            steps = {
                2025: min(base + rng.uniform(2, 8), 99),
                2027: min(base + rng.uniform(8, 18), 100),
            }
        baseline = (2023, _dec(base, 1))
        target = {y: _dec(v, 1) for y, v in steps.items()}
        actual = {}
        for y in years_actual:
            progress = (y - 2023) / 4
            value = base + (steps[2027] - base) * progress + rng.uniform(-4, 4)
            actual[y] = _dec(max(0.0, min(100.0, value)), 1)
        return baseline, target, actual
    magnitude = 10 ** rng.uniform(1.3, 5.4)
    base = round(magnitude)
    sign = -1 if direction == "down" else 1
    t25 = round(base * (1 + sign * rng.uniform(0.03, 0.15)))
    t27 = round(base * (1 + sign * rng.uniform(0.15, 0.4)))
    baseline = (2023, Decimal(base))
    target = {2025: Decimal(t25), 2027: Decimal(t27)}
    actual = {}
    for y in years_actual:
        progress = (y - 2023) / 4
        value = base + (t27 - base) * progress * rng.uniform(0.4, 1.5)
        actual[y] = Decimal(max(0, round(value)))
    return baseline, target, actual


def build_plan(scale: float, seed: int = DEFAULT_SEED) -> Plan:
    """The plan model at *scale* (deterministic for a given scale and seed)."""
    rng = random.Random(f"keikaku-bench-{seed}-{scale:g}")
    n_pages = max(1, round(REF_PAGES * scale))
    n_visions = max(2, round(REF_VISIONS * scale))
    n_goals = max(1, round(n_visions / 5))
    n_policies = min(n_visions - n_goals, n_pages)

    visions: dict[str, Vision] = {}
    goals: list[str] = []
    for g in range(n_goals):
        gtitle = GOALS[g % len(GOALS)][0]
        if g >= len(GOALS):
            gtitle += f"（{g // len(GOALS) + 1}）"
        vid = f"V{g + 1}"
        visions[vid] = Vision(
            vid,
            gtitle,
            None,
            "2024-2027",
            f"基本目標{g + 1}として、{gtitle}の実現を目指します。",
        )
        goals.append(vid)
    policies: list[tuple[str, int, int]] = []  # (id, goal index, k in goal)
    per_goal: dict[int, int] = {}
    for j in range(n_policies):
        g = j * n_goals // n_policies
        k = per_goal.get(g, 0)
        per_goal[g] = k + 1
        names = GOALS[g % len(GOALS)][1]
        ptitle = names[k % len(names)]
        if k >= len(names):
            ptitle += f"（その{k // len(names) + 1}）"
        vid = f"V{g + 1}-{k + 1}"
        visions[vid] = Vision(
            vid,
            ptitle,
            goals[g],
            None,
            f"{ptitle}ため、分野横断で施策を展開します。",
        )
        visions[goals[g]].children.append(vid)
        policies.append((vid, g, k))

    measures: dict[str, Measure] = {}
    indicators: dict[str, Indicator] = {}
    budget_links: dict[str, BudgetLink] = {}
    pages: list[Page] = []
    used_titles: set[str] = set()
    measure_no: dict[str, int] = {}
    budget_seq = 0
    seen_policy: set[str] = set()
    seen_goal: set[str] = set()
    for p in range(n_pages):
        j = p * n_policies // n_pages
        pid, g, k = policies[j]
        policy = visions[pid]
        _gtitle, _names, topics, departments = GOALS[g % len(GOALS)]
        part = sum(1 for q in pages if q.policy == pid) + 1
        page = Page(
            name=f"p{p + 1:03d}",
            heading=f"政策{g + 1}-{k + 1}　{policy.title}（{part}）",
            policy=pid,
        )
        if goals[g] not in seen_goal:
            page.visions.append(goals[g])
            seen_goal.add(goals[g])
        if pid not in seen_policy:
            page.visions.append(pid)
            seen_policy.add(pid)
        for _ in range(MEASURES_PER_PAGE):
            n = measure_no.get(pid, 0) + 1
            measure_no[pid] = n
            topic = topics[(k * 5 + n - 1) % len(topics)]
            title = ""
            for area in AREAS + [f"（第{i}期）" for i in range(2, 99)]:
                title = f"{topic}{rng.choice(ACTIONS)}{area}"
                if title not in used_titles:
                    break
            used_titles.add(title)
            mid = f"M{g + 1}-{k + 1}-{n}"
            department = rng.choice(departments)
            measure = Measure(
                mid,
                title,
                pid,
                department,
                "2024-2027",
                f"{topic}について、現状と課題を踏まえて取組を進めます。"
                + rng.choice(MEASURE_SENTENCES),
            )
            templates = rng.sample(INDICATOR_TEMPLATES, INDICATORS_PER_MEASURE)
            for a, (tmpl, unit, direction, kind, vtype) in enumerate(templates):
                iid = f"I{g + 1}-{k + 1}-{n}-{chr(ord('a') + a)}"
                baseline, target, actual = _indicator_values(rng, vtype, direction)
                ititle = tmpl.format(t=topic)
                source = (
                    "市民意識調査"
                    if "満足度" in ititle or "認知度" in ititle
                    else f"{department}調べ"
                )
                indicator = Indicator(
                    iid,
                    ititle,
                    mid,
                    unit,
                    direction,
                    kind,
                    vtype,
                    baseline,
                    target,
                    actual,
                    source,
                    f"{ititle}の各年度末時点の値です。",
                )
                measure.indicators.append(indicator)
                indicators[iid] = indicator
            for suffix in BUDGET_SUFFIXES[:BUDGET_LINKS_PER_MEASURE]:
                budget_seq += 1
                bid = f"B-{budget_seq:05d}"
                amount = round(10 ** rng.uniform(3, 6.2))
                b24 = Decimal(amount)
                b25 = Decimal(round(amount * rng.uniform(0.9, 1.12)))
                s24 = Decimal(round(amount * rng.uniform(0.85, 1.0)))
                s25 = Decimal(round(float(b25) * rng.uniform(0.85, 1.0)))
                link = BudgetLink(
                    bid,
                    f"{topic}{suffix}",
                    mid,
                    f"{rng.randint(1, 13):02d}-{rng.randint(1, 9):02d}-"
                    f"{rng.randint(1, 9):02d}-{budget_seq % 10000:04d}",
                    rng.choice(ACCOUNTS),
                    department,
                    {2024: b24, 2025: b25},
                    {2024: s24, 2025: s25},
                )
                measure.budget_links.append(link)
                budget_links[bid] = link
            measures[mid] = measure
            policy.measures.append(mid)
            page.measures.append(measure)
        pages.append(page)
    return Plan(scale, seed, visions, goals, measures, indicators, budget_links, pages)


# -- formatting shared by both writers ---------------------------------------


def num(value: Decimal) -> str:
    """As keikaku shows a number: thousands separators, decimals as given."""
    return format(value, ",f")


def pairs(values: dict[int, Decimal]) -> str:
    return ", ".join(f"{year}: {num(v)}" for year, v in sorted(values.items()))


def fy(year: int) -> str:
    return f"{year}年度"


def vision_heading(v: Vision) -> str:
    label = "基本目標" if v.parent is None else "政策"
    return f"{label}{v.id[1:]}　{v.title}"


def fence(
    name: str, argument: str, options: list[tuple[str, str]], body: str = ""
) -> str:
    lines = [f"```{{{name}}} {argument}".rstrip()]
    lines += [f":{key}: {value}".rstrip() for key, value in options]
    if body:
        lines += ["", body]
    lines.append("```")
    return "\n".join(lines)


# -- the keikaku pages ---------------------------------------------------------


#: writes one plan object: (directive name, title, options, body) → MyST
Directive = Callable[[str, str, list[tuple[str, str]], str], str]


def keikaku_vision(v: Vision, directive: Directive = fence) -> str:
    options = [("id", v.id)]
    if v.parent:
        options.append(("parent", v.parent))
    if v.period:
        options.append(("period", v.period))
    return directive("vision", v.title, options, v.body)


def keikaku_page(plan: Plan, page: Page, directive: Directive = fence) -> str:
    """A page in the authoring contract's syntax; with another *directive*
    writer, the same page with the plan objects written differently."""
    out = [f"# {page.heading}", ""]
    for vid in page.visions:
        vision = plan.visions[vid]
        out += [
            f"## {vision_heading(vision)}",
            "",
            keikaku_vision(vision, directive),
            "",
        ]
    for m in page.measures:
        out += [f"## 施策{m.id[1:]}　{m.title}", ""]
        out += [
            directive(
                "measure",
                m.title,
                [
                    ("id", m.id),
                    ("vision", m.vision),
                    ("department", m.department),
                    ("period", m.period),
                ],
                m.body,
            ),
            "",
        ]
        out += ["### 成果指標", ""]
        for i in m.indicators:
            out += [
                directive(
                    "indicator",
                    i.title,
                    [
                        ("id", i.id),
                        ("measure", i.measure),
                        ("unit", i.unit),
                        ("direction", i.direction),
                        ("kind", i.kind),
                        ("baseline", f"{i.baseline[0]}: {num(i.baseline[1])}"),
                        ("target", pairs(i.target)),
                        ("actual", pairs(i.actual)),
                        ("source", i.source),
                    ],
                    i.body,
                ),
                "",
            ]
        out += ["### 関連する予算事業", ""]
        for b in m.budget_links:
            out += [
                directive(
                    "budget-link",
                    b.title,
                    [
                        ("id", b.id),
                        ("measure", b.measure),
                        ("code", b.code),
                        ("account", b.account),
                        ("department", b.department),
                        ("budget", pairs(b.budget)),
                        ("settlement", pairs(b.settlement)),
                    ],
                    "",
                ),
                "",
            ]
        out += evaluation_records(m, directive)
    return "\n".join(out)


#: The yearly records (issue 14): one per measure and fiscal year, 600 at
#: the reference scale, in every variant (as notes, as needs, as plain text)
#: so that every variant holds the same content.
RECORD_YEARS = ((2024, "二次評価"), (2025, "一次評価"))
RECORD_GRADES = ("A", "B", "C", "D")
RECORD_DIRECTIONS = ("拡充", "継続", "改善", "縮小", "休止", "廃止", "完了", "統合")
RECORD_TEXT = "成果：指標はおおむね計画どおりに推移した。課題：担い手の確保。"


def records_of(m: Measure) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(id, title, options) of the measure's 施策評価 records."""
    seed = sum(map(ord, m.id))
    return [
        (
            f"EV-{m.id}-{year}",
            f"{fy(year)} 施策評価（{stage}）",
            [
                ("id", f"EV-{m.id}-{year}"),
                ("of", m.id),
                ("year", str(year)),
                ("stage", stage),
                ("grade", RECORD_GRADES[(seed + year) % len(RECORD_GRADES)]),
                (
                    "direction",
                    RECORD_DIRECTIONS[(seed + year) % len(RECORD_DIRECTIONS)],
                ),
                ("evaluator", m.department),
            ],
        )
        for year, stage in RECORD_YEARS
    ]


def evaluation_records(m: Measure, directive: Directive = fence) -> list[str]:
    """The measure's 施策評価 records, written by *directive*."""
    out = ["### 施策評価", ""]
    for _id, title, options in records_of(m):
        out += [directive("evaluation", title, options, RECORD_TEXT), ""]
    return out


def keikaku_tables() -> str:
    return "\n".join(
        [
            "# 計画の進捗状況",
            "",
            "計画全体の体系、成果指標の達成状況、予算と決算の状況です。",
            "",
            "## 施策体系の網羅状況",
            "",
            "```{plan-coverage}",
            "```",
            "",
            "## 施策の評価",
            "",
            "```{plan-evaluation}",
            "```",
            "",
            "## 予算と決算",
            "",
            "```{plan-budget}",
            "```",
            "",
        ]
    )


# -- the sphinx-needs pages (reference) ------------------------------------------

#: keikaku options that link a plan object up; in the ``needs`` variant their
#: ids go into ``:links:``
NEEDS_LINK_OPTIONS = ("parent", "vision", "measure", "of")
#: every other keikaku option of the generated pages, as a needs field ('-' →
#: '_'); declared in the ``needs`` variant's ``needs_fields``
NEEDS_FIELDS = (
    "period",
    "department",
    "unit",
    "direction",
    "kind",
    "baseline",
    "target",
    "actual",
    "source",
    "code",
    "account",
    "budget",
    "settlement",
    "year",
    "stage",
    "grade",
    "evaluator",
)


def need_fence(
    name: str, argument: str, options: list[tuple[str, str]], body: str = ""
) -> str:
    """A keikaku directive (*name*) as a hidden generic sphinx-needs ``need``."""
    ident, links, fields = "", [], []
    for key, value in options:
        if key == "id":
            ident = value
        elif key in NEEDS_LINK_OPTIONS:
            links += [x.strip() for x in value.split(",") if x.strip()]
        else:
            field_name = key.replace("-", "_")
            if field_name not in NEEDS_FIELDS:
                raise ValueError(
                    f"{name} option {key!r} is not declared in NEEDS_FIELDS"
                )
            fields.append((field_name, value))
    need_options = [("id", ident)] if ident else []
    if links:
        need_options.append(("links", ", ".join(links)))
    need_options += [*fields, ("hide", "")]
    return fence("need", argument, need_options, body)


def needs_page(plan: Plan, page: Page) -> str:
    return keikaku_page(plan, page, need_fence)


def needs_tables() -> str:
    return "\n".join(
        [
            "# 計画の進捗状況",
            "",
            "計画全体の体系、成果指標の達成状況、予算と決算の状況です。",
            "",
            "## 計画の一覧",
            "",
            "```{needtable}",
            ":columns: id, title",
            "```",
            "",
        ]
    )


# -- the plain MyST pages (baseline) ---------------------------------------------


def ref(obj_id: str, title: str) -> str:
    return f"{{ref}}`{obj_id} {title} <{obj_id.lower()}>`"


def pipe_table(headers: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    aligns = ["---" if i < numeric_from else "---:" for i in range(len(headers))]
    lines = [
        "| " + " | ".join(h or " " for h in headers) + " |",
        "| " + " | ".join(aligns) + " |",
    ]
    lines += ["| " + " | ".join(c or " " for c in row) + " |" for row in rows]
    return "\n".join(lines)


def facts(pairs_: list[tuple[str, str]]) -> str:
    return " ／ ".join(f"{label} {value}" for label, value in pairs_ if value)


def title_line(kind: str, obj_id: str, title: str) -> list[str]:
    return [f"({obj_id.lower()})=", f"{kind} {obj_id} **{title}**", ""]


class PlainWriter:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def vref(self, vid: str) -> str:
        return ref(vid, self.plan.visions[vid].title)

    def up_path(self, vid: str) -> str:
        path = []
        while vid:
            path.insert(0, vid)
            vid = self.plan.visions[vid].parent or ""
        return " › ".join(self.vref(v) for v in path)

    def vision(self, v: Vision) -> list[str]:
        out = title_line("ビジョン", v.id, v.title)
        if v.parent:
            out += [f"上位ビジョン： {self.up_path(v.parent)}", ""]
        if v.period:
            out += [facts([("計画期間：", "2024年度～2027年度")]), ""]
        out += [v.body, ""]
        if v.children:
            out += ["下位ビジョン：", ""]
            out += [f"- {self.vref(c)}" for c in v.children] + [""]
        if v.measures:
            out += ["施策：", ""]
            for mid in v.measures:
                m = self.plan.measures[mid]
                out.append(f"- {ref(m.id, m.title)}（{m.department}）")
            out.append("")
        return out

    def indicator_summary(self, i: Indicator) -> str:
        ty = max(i.target)
        ay = max(i.actual)
        return (
            f"目標値 {num(i.target[ty])}{i.unit}（{fy(ty)}）, "
            f"実績値 {num(i.actual[ay])}{i.unit}（{fy(ay)}）"
        )

    def measure(self, m: Measure) -> list[str]:
        out = title_line("施策", m.id, m.title)
        out += [f"位置づけ： {self.up_path(m.vision)}", ""]
        out += [
            facts([("担当課：", m.department), ("計画期間：", "2024年度～2027年度")]),
            "",
        ]
        out += [m.body, ""]
        out += ["成果指標：", ""]
        out += [
            f"- {ref(i.id, i.title)} — {self.indicator_summary(i)}"
            for i in m.indicators
        ] + [""]
        out += ["予算事業：", ""]
        years = sorted({y for b in m.budget_links for y in b.budget})
        rows = []
        totals = {y: Decimal(0) for y in years}
        for b in m.budget_links:
            rows.append(
                [
                    ref(b.id, b.title),
                    *(num(b.budget[y]) for y in years),
                    num(sum(b.budget.values(), Decimal(0))),
                ]
            )
            for y in years:
                totals[y] += b.budget[y]
        rows.append(
            [
                "合計（千円）",
                *(num(totals[y]) for y in years),
                num(sum(totals.values(), Decimal(0))),
            ]
        )
        out += [pipe_table(["予算事業", *(fy(y) for y in years), "合計"], rows), ""]
        out += ["施策評価：", ""]
        for _id, title, options in records_of(m):
            out += [f"- {title}: " + " / ".join(f"{k} {v}" for k, v in options[2:])]
            out += [f"  {RECORD_TEXT}"]
        out += [""]
        return out

    def indicator(self, i: Indicator) -> list[str]:
        m = self.plan.measures[i.measure]
        out = title_line("成果指標", i.id, i.title)
        out += [f"施策： {ref(m.id, m.title)}", ""]
        out += [
            facts(
                [
                    ("単位：", i.unit),
                    (
                        "方向：",
                        {
                            "up": "増加が望ましい",
                            "down": "減少が望ましい",
                            "keep": "維持",
                        }[i.direction],
                    ),
                    ("種別：", "活動指標" if i.kind == "output" else "成果指標"),
                    ("出典：", i.source),
                ]
            ),
            "",
        ]
        out += [i.body, ""]
        years = i.years
        unit = f"（{i.unit}）"
        series = [
            ("基準値", dict([i.baseline])),
            ("目標値", i.target),
            ("実績値", i.actual),
        ]
        rows = [
            [label + unit, *(num(vals[y]) if y in vals else "" for y in years)]
            for label, vals in series
        ]
        out += [pipe_table(["", *(fy(y) for y in years)], rows), ""]
        return out

    def budget_link(self, b: BudgetLink) -> list[str]:
        m = self.plan.measures[b.measure]
        out = title_line("予算事業", b.id, b.title)
        out += [f"施策： {ref(m.id, m.title)}", ""]
        out += [
            facts(
                [
                    ("事業コード：", b.code),
                    ("会計：", b.account),
                    ("担当課：", b.department),
                ]
            ),
            "",
        ]
        rows = [
            [fy(y), num(b.budget[y]), num(b.settlement[y])] for y in sorted(b.budget)
        ]
        rows.append(
            [
                "合計",
                num(sum(b.budget.values(), Decimal(0))),
                num(sum(b.settlement.values(), Decimal(0))),
            ]
        )
        out += [pipe_table(["年度", "当初予算（千円）", "決算（千円）"], rows), ""]
        return out

    def page(self, page: Page) -> str:
        out = [f"# {page.heading}", ""]
        for vid in page.visions:
            vision = self.plan.visions[vid]
            out += [f"## {vision_heading(vision)}", "", *self.vision(vision)]
        for m in page.measures:
            out += [f"## 施策{m.id[1:]}\u3000{m.title}", "", *self.measure(m)]
            out += ["### 成果指標", ""]
            for i in m.indicators:
                out += self.indicator(i)
            out += ["### 関連する予算事業", ""]
            for b in m.budget_links:
                out += self.budget_link(b)
        return "\n".join(out)

    # the tables page, as static tables of the same size as keikaku's

    def descendants(self, vid: str) -> list[Measure]:
        v = self.plan.visions[vid]
        result = [self.plan.measures[m] for m in v.measures]
        for child in v.children:
            result += self.descendants(child)
        return result

    def vision_order(self) -> list[str]:
        order = []
        for gid in self.plan.goals:
            order.append(gid)
            order += self.plan.visions[gid].children
        return order

    @staticmethod
    def rate(i: Indicator) -> Decimal | None:
        actual = i.actual[max(i.actual)]
        target = i.target[max(i.target)]
        base = i.baseline[1]
        if i.direction == "keep" or target == base:
            return Decimal(100) if actual >= target else actual / target * 100
        return (actual - base) / (target - base) * 100

    @staticmethod
    def grade(rate: Decimal | None) -> str:
        if rate is None:
            return "−"
        return "A" if rate >= 100 else "B" if rate >= 80 else "C" if rate >= 50 else "D"

    @staticmethod
    def pct(part: Decimal | int, whole: Decimal | int) -> str:
        if not whole:
            return "−"
        return (
            num(
                (Decimal(part) / Decimal(whole) * 100).quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP
                )
            )
            + "%"
        )

    def tables(self) -> str:
        out = [
            "# 計画の進捗状況",
            "",
            "計画全体の体系、成果指標の達成状況、予算と決算の状況です。",
            "",
            "## 施策体系の網羅状況",
            "",
        ]
        rows = []
        for vid in self.vision_order():
            ms = self.descendants(vid)
            n = len(ms)
            ni = sum(len(m.indicators) for m in ms)
            nb = sum(len(m.budget_links) for m in ms)
            money = sum(
                (b.budget[y] for m in ms for b in m.budget_links for y in b.budget),
                Decimal(0),
            )
            rows.append(
                [
                    self.vref(vid),
                    str(n),
                    str(n),
                    self.pct(n, n),
                    str(n),
                    self.pct(n, n),
                    str(n),
                    self.pct(n, n),
                    str(n),
                    self.pct(n, n),
                    num(Decimal(ni)),
                    num(Decimal(nb)),
                    num(money),
                ]
            )
        allm = list(self.plan.measures.values())
        n = len(allm)
        money = sum(
            (b.budget[y] for b in self.plan.budget_links.values() for y in b.budget),
            Decimal(0),
        )
        rows.append(
            [
                "ビジョンに結びつかない施策",
                "0",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
        rows.append(
            [
                "施策に結びつかない指標・予算事業",
                "0",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "0",
                "0",
                "0",
            ]
        )
        rows.append(
            [
                "合計",
                str(n),
                str(n),
                self.pct(n, n),
                str(n),
                self.pct(n, n),
                str(n),
                self.pct(n, n),
                str(n),
                self.pct(n, n),
                num(Decimal(len(self.plan.indicators))),
                num(Decimal(len(self.plan.budget_links))),
                num(money),
            ]
        )
        out += [
            pipe_table(
                [
                    "ビジョン",
                    "施策数",
                    "体系付け",
                    "割合",
                    "指標あり",
                    "割合",
                    "予算あり",
                    "割合",
                    "充足",
                    "割合",
                    "成果指標数",
                    "予算事業数",
                    "当初予算（千円）",
                ],
                rows,
            ),
            "",
        ]

        out += ["## 施策の評価", ""]
        rows = []
        for m in allm:
            rates = [self.rate(i) for i in m.indicators]
            known = [r for r in rates if r is not None]
            mean = sum(known, Decimal(0)) / len(known) if known else None
            rows.append(
                [
                    ref(m.id, m.title),
                    "",
                    "",
                    "",
                    "",
                    self.pct(mean, 100) if mean is not None else "−",
                    self.grade(mean),
                ]
            )
            for i, r in zip(m.indicators, rates, strict=False):
                rows.append(
                    [
                        "",
                        ref(i.id, i.title),
                        num(i.baseline[1]) + i.unit,
                        num(i.target[max(i.target)]) + i.unit,
                        num(i.actual[max(i.actual)]) + i.unit,
                        self.pct(r, 100) if r is not None else "−",
                        self.grade(r),
                    ]
                )
        out += [
            pipe_table(
                ["施策", "成果指標", "基準値", "目標値", "実績値", "達成率", "評価"],
                rows,
                numeric_from=2,
            ),
            "",
        ]

        out += ["## 予算と決算", ""]
        years = [2024, 2025]
        rows = []

        def money_row(label: str, links: list[BudgetLink]) -> list[str]:
            row = [label]
            tb = ts = Decimal(0)
            for y in years:
                b = sum((x.budget.get(y, Decimal(0)) for x in links), Decimal(0))
                s = sum((x.settlement.get(y, Decimal(0)) for x in links), Decimal(0))
                tb += b
                ts += s
                row += [num(b), num(s), self.pct(s, b)]
            return [*row, num(tb), num(ts), self.pct(ts, tb)]

        for vid in self.vision_order():
            links = [b for m in self.descendants(vid) for b in m.budget_links]
            rows.append(money_row(self.vref(vid), links))
        rows.append(money_row("合計", list(self.plan.budget_links.values())))
        headers = ["ビジョン"]
        for y in years:
            headers += [f"{fy(y)} 当初予算", f"{fy(y)} 決算", f"{fy(y)} 執行率"]
        headers += ["合計 当初予算", "合計 決算", "執行率"]
        out += [
            pipe_table(headers, rows),
            "",
            f"ビジョンに結びついた予算の割合： {self.pct(money, money)}（金額の単位：千円）",
            "",
        ]
        return "\n".join(out)


# -- the plan as plain notes (second baseline) ---------------------------------


def note_heading(
    name: str, argument: str, options: list[tuple[str, str]], body: str = ""
) -> str:
    """A keikaku directive (*name*) as a plain note: a labelled heading, its
    options as a bullet list, its body. Visions and measures sit under a
    ``##`` heading of the page, indicators and budget links under ``###``."""
    level = "###" if name in ("vision", "measure") else "####"
    ident = dict(options).get("id", "")
    lines = [f"({ident.lower()})=", f"{level} {ident} {argument}".rstrip(), ""]
    lines += [f"- {key}: {value}".rstrip() for key, value in options]
    if body:
        lines += ["", body]
    return "\n".join(lines)


def notes_page(plan: Plan, page: Page) -> str:
    return keikaku_page(plan, page, note_heading)


def table_block(caption: str, headers: list[str], rows: list[list[str]]) -> str:
    """A pipe table with a caption, as keikaku's tables have one."""
    return "\n".join(["```{table} " + caption, pipe_table(headers, rows), "```"])


class NotesWriter(PlainWriter):
    """The tables page of the ``notes`` variant: static pipe tables with the
    rows and columns that ``plan-coverage``, ``plan-evaluation`` and
    ``plan-budget`` make for this plan (numbers computed here, not by
    keikaku; the rates follow the default ``gap`` method closely enough for a
    benchmark)."""

    KEEP_NOTE = "方向が維持：100% から、目標値に対する実績値の乖離（%）を差し引いた値"

    @staticmethod
    def rate(i: Indicator) -> Decimal | None:
        actual = i.actual[max(i.actual)]
        target = i.target[max(i.target)]
        base = i.baseline[1]
        if i.direction == "keep":
            if not target:
                return Decimal(100) if actual == target else Decimal(0)
            return Decimal(100) - abs(actual - target) / target * 100
        if target == base:
            return Decimal(100) if actual >= target else Decimal(0)
        return (actual - base) / (target - base) * 100

    @staticmethod
    def rate_text(rate: Decimal | None) -> str:
        if rate is None:
            return "−"
        return num(rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) + "%"

    def count_share(self, part: int, whole: int) -> str:
        return f"{part} ({self.pct(part, whole)})"

    @staticmethod
    def value_at(value: Decimal, year: int, unit: str) -> str:
        return f"{num(value)}{unit} ({fy(year)})"

    @staticmethod
    def open_data(name: str) -> str:
        return f"オープンデータ（計画全体）： {name} · plan.json"

    def coverage_row(self, label: str, ms: list[Measure]) -> list[str]:
        n = len(ms)
        money = sum(
            (b.budget[y] for m in ms for b in m.budget_links for y in b.budget),
            Decimal(0),
        )
        return [
            label,
            str(n),
            *(self.count_share(n, n) for _ in range(4)),
            str(sum(len(m.indicators) for m in ms)),
            str(sum(len(m.budget_links) for m in ms)),
            num(money),
        ]

    def budget_rows(self) -> tuple[list[list[str]], list[list[str]]]:
        years = sorted({y for b in self.plan.budget_links.values() for y in b.budget})
        groups = [
            (self.vref(g), [b for m in self.descendants(g) for b in m.budget_links])
            for g in self.plan.goals
        ]
        groups.append(("**合計**", list(self.plan.budget_links.values())))
        budget, settlement = [], []
        for label, links in groups:
            per_year = [
                sum((b.budget.get(y, Decimal(0)) for b in links), Decimal(0))
                for y in years
            ]
            budget.append([label, *map(num, per_year), num(sum(per_year, Decimal(0)))])
            row = [label]
            for y, spent in zip(years, per_year, strict=True):
                s = sum((b.settlement.get(y, Decimal(0)) for b in links), Decimal(0))
                row += [num(s), self.pct(s, spent)]
            settlement.append(row)
        return budget, settlement

    def tables(self) -> str:
        out = [
            "# 計画の進捗状況",
            "",
            "計画全体の体系、成果指標の達成状況、予算と決算の状況です。",
            "",
            "## 施策体系の網羅状況",
            "",
        ]
        rows = [
            self.coverage_row(self.vref(g), self.descendants(g))
            for g in self.plan.goals
        ]
        rows.append(self.coverage_row("**合計**", list(self.plan.measures.values())))
        headers = [
            "ビジョン",
            "施策",
            "ビジョン紐づけあり",
            "成果指標あり",
            "予算事業あり",
            "すべて充足",
            "成果指標",
            "予算事業",
            "当初予算（千円）",
        ]
        out += [table_block("計画の網羅状況", headers, rows), ""]
        out += [self.open_data("coverage.csv"), "", "## 施策の評価", ""]
        rows = []
        counts = {g: [0, 0] for g in ("A", "B", "C", "D", "−")}
        keep = False
        for m in self.plan.measures.values():
            rates = [self.rate(i) for i in m.indicators]
            known = [r for r in rates if r is not None]
            grade = self.grade(sum(known, Decimal(0)) / len(known) if known else None)
            counts[grade][1] += 1
            rows.append([f"**{ref(m.id, m.title)}**", "", "", "", "", f"**{grade}**"])
            for i, r in zip(m.indicators, rates, strict=True):
                counts[self.grade(r)][0] += 1
                keep = keep or i.direction == "keep"
                mark = "<sup>*1</sup>" if i.direction == "keep" else ""
                rows.append(
                    [
                        "\u3000" + ref(i.id, i.title) + mark,
                        self.value_at(i.baseline[1], i.baseline[0], i.unit),
                        self.value_at(i.target[max(i.target)], max(i.target), i.unit),
                        self.value_at(i.actual[max(i.actual)], max(i.actual), i.unit),
                        self.rate_text(r),
                        self.grade(r),
                    ]
                )
        headers = ["施策／成果指標", "基準値", "目標値", "実績値", "達成率", "評価"]
        out += [table_block("施策評価", headers, rows), ""]
        if keep:
            out += [f"\\*1 {self.KEEP_NOTE}", ""]
        rows = [[g, str(i), str(m)] for g, (i, m) in counts.items()]
        rows.append(
            [
                "**合計**",
                str(sum(i for i, _m in counts.values())),
                str(sum(m for _i, m in counts.values())),
            ]
        )
        out += [table_block("評価の分布", ["評価", "成果指標", "施策"], rows), ""]
        out += [self.open_data("evaluation.csv"), "", "## 予算と決算", ""]
        years = sorted({y for b in self.plan.budget_links.values() for y in b.budget})
        budget, settlement = self.budget_rows()
        headers = ["ビジョン", *(fy(y) for y in years), "合計"]
        out += [table_block("年度別予算（千円）", headers, budget), ""]
        headers = ["ビジョン"]
        for y in years:
            headers += [f"{fy(y)}決算", "執行率"]
        out += [table_block("決算・執行率（千円）", headers, settlement), ""]
        out += ["ビジョンに結びつく予算の割合： 100.0%", ""]
        out += [self.open_data("budget.csv"), ""]
        return "\n".join(out)


# -- writing -------------------------------------------------------------------


def conf_py(variant: str, scale: float) -> str:
    lines = [
        f'"""Benchmark plan ({variant}, scale {scale:g}): generated by '
        'benchmarks/generate.py."""',
        "",
        f'project = "{PLAN_TITLE}"',
        'author = "さくら野市 企画政策課"',
        'language = "ja"',
        'exclude_patterns = ["_build"]',
    ]
    if variant in ("plain", "notes"):
        lines.append('extensions = ["myst_parser"]')
    elif variant == "needs":
        lines += [
            'extensions = ["myst_parser", "sphinx_needs"]',
            "# plan ids (V1, M1-1-1, B-00001) do not match the default id regex",
            'needs_id_regex = ".*"',
            "needs_fields = {",
            *(f'    "{name}": {{"nullable": True}},' for name in NEEDS_FIELDS),
            "}",
        ]
    else:
        lines += [
            'extensions = ["myst_parser", "sphinxcontrib_keikaku"]',
            "keikaku_plan_period = (2024, 2027)",
            f"keikaku_charts = {variant == 'keikaku-charts'}",
        ]
    return "\n".join(lines) + "\n"


def index_md(plan: Plan, tables: bool, variant: str = "plain") -> str:
    entries = [p.name for p in plan.pages] + (["tables"] if tables else [])
    if tables and variant in HISTORY_VARIANTS:
        entries.append("history")
    counts = plan.counts
    return "\n".join(
        [
            f"# {PLAN_TITLE}",
            "",
            f"ベンチマーク用の架空の計画です（ビジョン {counts['visions']:,}、"
            f"施策 {counts['measures']:,}、成果指標 {counts['indicators']:,}、"
            f"予算事業 {counts['budget_links']:,}）。",
            "",
            "```{toctree}",
            ":maxdepth: 1",
            "",
            *entries,
            "```",
            "",
        ]
    )


def page_text(plan: Plan, page: Page, variant: str) -> str:
    if variant == "plain":
        return PlainWriter(plan).page(page)
    if variant == "notes":
        return notes_page(plan, page)
    if variant == "needs":
        return needs_page(plan, page)
    return keikaku_page(plan, page)


#: The variants with the history page (issue 14): keikaku's as
#: ``plan-history``; ``plain`` and ``notes`` as static pipe tables with the
#: rows and columns keikaku's history tables have (:class:`HistoryWriter`),
#: so that every compared build has the same pages. ``needs`` has none: its
#: tables page is needtables, and sphinx-needs has no evaluation by year.
HISTORY_VARIANTS = ("keikaku", "keikaku-charts", "plain", "notes")

TRENDS = {1: "↑ 改善", 0: "→ 横ばい", -1: "↓ 悪化"}


class HistoryWriter(NotesWriter):
    """The history page of ``plain`` and ``notes``: the grade of each measure
    (and each indicator) as of each fiscal year of the plan period, the
    recorded grade and direction, the trend of the last two evaluated years,
    and the yearly grade and direction summaries, as pipe tables."""

    def rate_as_of(self, i: Indicator, year: int) -> Decimal | None:
        years = [y for y in i.actual if y <= year]
        if not years:
            return None
        actual = i.actual[max(years)]
        target = i.target[max(i.target)]
        base = i.baseline[1]
        if target == base:
            return Decimal(100) if actual >= target else Decimal(0)
        return (actual - base) / (target - base) * 100

    def grades(self, m: Measure, year: int) -> tuple[str, list[str]]:
        rates = [self.rate_as_of(i, year) for i in m.indicators]
        known = [r for r in rates if r is not None]
        measure = self.grade(sum(known, Decimal(0)) / len(known) if known else None)
        return measure, [self.grade(r) for r in rates]

    @staticmethod
    def trend(years: list[int], grades: list[str]) -> str:
        shown = [(y, g) for y, g in zip(years, grades, strict=False) if g in "ABCD"]
        if len(shown) < 2:
            return "—"
        (first, before), (last, after) = shown[-2:]
        step = (before > after) - (before < after)
        return TRENDS[step] + f" ({fy(first)} → {fy(last)})"

    def history(self) -> str:
        years = list(range(PLAN_PERIOD[0], PLAN_PERIOD[1] + 1))
        up_to = max(y for i in self.plan.indicators.values() for y in i.actual)
        recorded: dict[tuple[str, int], str] = {}
        directions: dict[int, dict[str, int]] = {}
        for m in self.plan.measures.values():
            for _id, _title, options in records_of(m):
                o = dict(options)
                year = int(o["year"])
                recorded[m.id, year] = f"記録 {o['grade']} · {o['direction']}"
                count = directions.setdefault(year, {})
                count[o["direction"]] = count.get(o["direction"], 0) + 1
        measure_rows: list[list[str]] = []
        indicator_rows: list[list[str]] = []
        distribution = {y: dict.fromkeys(("A", "B", "C", "D", "−"), 0) for y in years}
        for m in self.plan.measures.values():
            cells, icells = [], [[] for _ in m.indicators]
            for year in years:
                if year > up_to:
                    cells.append("未評価")
                    for ic in icells:
                        ic.append("未評価")
                    continue
                grade, igrades = self.grades(m, year)
                distribution[year][grade] += 1
                record = recorded.get((m.id, year))
                cells.append(f"**{grade}**" + (f" {record}" if record else ""))
                for ic, g in zip(icells, igrades, strict=True):
                    ic.append(g)
            label = f"**{ref(m.id, m.title)}**"
            row = [label, *cells, self.trend(years, [c[2:3] for c in cells])]
            measure_rows.append(row)
            indicator_rows.append(row)
            for i, ic in zip(m.indicators, icells, strict=True):
                indicator_rows.append(
                    ["\u3000" + ref(i.id, i.title), *ic, self.trend(years, ic)]
                )
        headers = ["施策／成果指標", *(fy(y) for y in years), "傾向"]
        caption = f"年度別の評価（{fy(up_to)}時点）"
        out = [
            "# 施策評価の推移",
            "",
            "各年度時点の施策の評価と、直近2か年度の傾向です。",
            "",
            table_block(caption, headers, measure_rows),
            "",
            "傾向：自らの実績で評価した直近の2か年度の比較。",
            "",
        ]
        rows = [
            [g, *(str(distribution[y][g]) for y in years if y <= up_to)]
            for g in ("A", "B", "C", "D", "−")
        ]
        head = ["評価", *(fy(y) for y in years if y <= up_to)]
        out += [table_block("年度別の評価の分布", head, rows), ""]
        rows = [
            [d, *(str(directions.get(y, {}).get(d, 0)) for y in sorted(directions))]
            for d in RECORD_DIRECTIONS
        ]
        head = ["方向性", *(fy(y) for y in sorted(directions))]
        out += [table_block("年度別の方向性", head, rows), ""]
        out += [
            "## 成果指標ごとの推移",
            "",
            table_block(caption, headers, indicator_rows),
        ]
        out += [""]
        return "\n".join(out)


def keikaku_history() -> str:
    return "\n".join(
        [
            "# 施策評価の推移",
            "",
            "各年度時点の施策の評価と、直近2か年度の傾向です。",
            "",
            "```{plan-history}",
            "```",
            "",
            "## 成果指標ごとの推移",
            "",
            "```{plan-history}",
            ":indicators:",
            ":no-chart:",
            "```",
            "",
        ]
    )


def tables_text(plan: Plan, variant: str) -> str:
    if variant == "plain":
        return PlainWriter(plan).tables()
    if variant == "notes":
        return NotesWriter(plan).tables()
    if variant == "needs":
        return needs_tables()
    return keikaku_tables()


def write_page(
    root: Path, plan: Plan, page: Page, variants: tuple[str, ...] = VARIANTS
) -> None:
    for variant in variants:
        path = root / variant / f"{page.name}.md"
        path.write_text(page_text(plan, page, variant) + "\n", encoding="utf-8")


def generate(
    scale: float, out: Path = DEFAULT_OUT, seed: int = DEFAULT_SEED, tables: bool = True
) -> tuple[Path, Plan]:
    """Write the variants of the plan at *scale*; return their root."""
    plan = build_plan(scale, seed)
    root = out / scale_label(scale)
    for variant in VARIANTS:
        src = root / variant
        if src.exists():
            shutil.rmtree(src)
        src.mkdir(parents=True)
        (src / "conf.py").write_text(conf_py(variant, scale), encoding="utf-8")
        (src / "index.md").write_text(index_md(plan, tables, variant), encoding="utf-8")
        if tables:
            text = tables_text(plan, variant)
            (src / "tables.md").write_text(text + "\n", encoding="utf-8")
        if tables and variant in HISTORY_VARIANTS:
            text = (
                HistoryWriter(plan).history()
                if variant in ("plain", "notes")
                else keikaku_history()
            )
            (src / "history.md").write_text(text + "\n", encoding="utf-8")
    for page in plan.pages:
        write_page(root, plan, page)
    target = plan.edit_target()
    manifest = {
        "scale": scale,
        "seed": seed,
        "tables": tables,
        **plan.counts,
        "edit": {
            "page": plan.page_of(target.id).name,
            "indicator": target.id,
            "year": max(target.actual),
            "value": num(target.actual[max(target.actual)]),
        },
    }
    (root / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return root, plan


def edit_one_page(
    root: Path, plan: Plan, step: int, variants: tuple[str, ...] = VARIANTS
) -> tuple[str, str]:
    """Change the latest actual of the edit-target indicator (its page only).

    *step* 0 writes the original value back; each other step a different one.
    Returns (page name, new value as written)."""
    indicator = plan.edit_target()
    year = max(indicator.actual)
    if not hasattr(indicator, "_original"):
        indicator._original = indicator.actual[year]  # type: ignore[attr-defined]
    original: Decimal = indicator._original  # type: ignore[attr-defined]
    delta = Decimal(step) if indicator.vtype == "count" else Decimal(step) / 10
    indicator.actual[year] = original + delta
    page = plan.page_of(indicator.id)
    write_page(root, plan, page, variants)
    return page.name, num(indicator.actual[year])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--no-tables",
        action="store_true",
        help="leave out tables.md (plan-coverage, plan-evaluation, "
        "plan-budget) until those directives exist",
    )
    args = parser.parse_args()
    root, plan = generate(args.scale, args.out, args.seed, tables=not args.no_tables)
    print(f"{root}: {json.dumps(plan.counts)}")


if __name__ == "__main__":
    main()
