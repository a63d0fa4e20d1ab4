"""Plan objects as the environment stores them: flat records of plain values."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.model import (
    BudgetLink,
    Indicator,
    Measure,
    PlanObject,
    Vision,
    fingerprint,
    from_record,
    record_digest,
    record_place,
    to_record,
)
from sphinxcontrib_keikaku.core.rules import Rule

OBJECTS: list[PlanObject] = [
    Vision("V1", "安全なまち", "vision", 3, period=(2024, 2027)),
    Measure("M1", "防災", "measures", 8, visions=("V1",), department="危機管理課"),
    Indicator(
        "I1",
        "組織数",
        "measures",
        20,
        measures=("M1",),
        unit="組織",
        baseline=(2023, Decimal(16)),
        target={2027: Decimal(21)},
        actual={2024: "設置"},
        cumulative=True,
        problems=[Finding(Rule.VALUE, "bad", "measures", 20, "I1")],
    ),
    BudgetLink(
        "B1", "事業", "budget", 5, measures=("M1",), budget={2024: Decimal("12345")}
    ),
]


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: type(o).__name__)
def test_record_round_trip(obj: PlanObject) -> None:
    fingerprint(obj)
    record = pickle.loads(pickle.dumps(to_record(obj)))
    back = from_record(obj.docname, record)
    assert back == obj
    assert type(back) is type(obj)
    assert back.problems == obj.problems
    assert fingerprint(back) == fingerprint(obj) == record_digest(record)
    assert record_place(record) == (obj.id, obj.lineno)


def test_records_hold_no_instances_but_findings() -> None:
    """A record is a tuple of strings, numbers, tuples and value dicts: no
    object with an attribute dict of its own."""
    allowed = (str, int, bool, Decimal, tuple, dict, type(None), Finding)

    def walk(value: object) -> None:
        assert isinstance(value, allowed), type(value)
        if isinstance(value, tuple):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)

    for obj in OBJECTS:
        walk(to_record(obj))
