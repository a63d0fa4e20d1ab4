"""A generated plan of many measures, for the tests that a large plan
prints whole (issue 29): every plan-wide table runs over several pages, and
one of 20 rows (a policy's history) is taller than a page."""

from __future__ import annotations

from pathlib import Path

__all__ = ["write_large_plan"]

GOALS = 5
POLICIES_PER_GOAL = 2

CONF = """\
project = "大規模計画"
author = "企画政策課"
language = "ja"
extensions = ["myst_parser", "sphinxcontrib_keikaku"]
exclude_patterns = ["_build"]
keikaku_plan_period = (2024, 2027)
keikaku_year_style = "era"
keikaku_charts = False
latex_documents = [("index", "large.tex", project, author, "manual")]
"""

TABLES = """\
# 計画の状況

```{plan-coverage}
```

```{plan-history}
:vision: V1-1
:caption: 政策V1-1の施策評価の推移
```

```{plan-evaluation}
```

```{plan-history}
```

```{plan-budget}
```
"""


def _measure(number: int, policy: str) -> str:
    mid = f"M{number:03d}"
    # long enough to wrap in a table cell: a table of 30 rows or fewer is
    # then taller than a page (what Sphinx's tabular lost)
    title = f"第{number}の施策：地域の多様な主体と連携して暮らしの安心と活力を高める取組の推進"
    grade = "ABCD"[number % 4]
    return f"""
### 施策{number}　{title}

```{{measure}} {title}
:id: {mid}
:vision: {policy}
:department: 企画政策課
```

```{{indicator}} 第{number}の施策の成果指標
:id: I{number:03d}
:measure: {mid}
:unit: 件
:baseline: 2023: {number}
:target: 2027: {number + 40}
:actual: 2024: {number + 10}, 2025: {number + 20}
```

```{{budget-link}} 第{number}の施策の事業
:id: B{number:03d}
:measure: {mid}
:plan: R6: {1000 + number * 7:,}, R7: {1100 + number * 7:,}
:budget: R6: {1000 + number * 7:,}, R7: {1050 + number * 7:,}
```

```{{evaluation}} 第{number}の施策（令和6年度）
:of: {mid}
:year: R6
:grade: {grade}
:direction: 継続
```
"""


def write_large_plan(src: Path, measures: int = 200) -> Path:
    """Write a plan of *measures* measures under five goals into *src*."""
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(CONF, encoding="utf8")
    per_goal = -(-measures // GOALS)
    pages = []
    number = 0
    for goal in range(1, GOALS + 1):
        parts = [
            f"# 基本目標{goal}\n\n```{{vision}} 第{goal}の基本目標\n:id: V{goal}\n```\n"
        ]
        for policy in range(1, POLICIES_PER_GOAL + 1):
            pid = f"V{goal}-{policy}"
            parts.append(
                f"\n## 政策{pid}\n\n```{{vision}} 第{goal}-{policy}の政策\n"
                f":id: {pid}\n:parent: V{goal}\n```\n"
            )
            for _ in range(-(-per_goal // POLICIES_PER_GOAL)):
                if number == measures:
                    break
                number += 1
                parts.append(_measure(number, pid))
        (src / f"goal{goal}.md").write_text("".join(parts), encoding="utf8")
        pages.append(f"goal{goal}")
    (src / "tables.md").write_text(TABLES, encoding="utf8")
    toctree = "\n".join([*pages, "tables"])
    (src / "index.md").write_text(
        f"# 大規模計画\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf8"
    )
    return src
