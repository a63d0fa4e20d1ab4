"""The typed plan model.

While reading, each object directive parses its options once into a
:class:`PlanObject` (stored per document in the domain).  After all documents
are read, :func:`build_plan` joins them into one :class:`Plan`: objects by id,
links in both directions, and the findings of the checks.  Later phases
(rendering, tables, exports) read only this API.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import Enum
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

if TYPE_CHECKING:
    from sphinxcontrib_keikaku.core.axisvalues import AxisValues
    from sphinxcontrib_keikaku.core.evaluation import Evaluation
    from sphinxcontrib_keikaku.core.findings import Finding
    from sphinxcontrib_keikaku.core.values import Direction, Value


class Kind(Enum):
    """The kinds of plan object; the value is the directive name."""

    VISION = "vision"
    MEASURE = "measure"
    INDICATOR = "indicator"
    BUDGET_LINK = "budget-link"
    EVALUATION = "evaluation"
    OPINION = "opinion"


@dataclass
class PlanObject:
    """What every plan object has: identity, title, source location."""

    #: The class's tag in a stored :data:`Record` (empty: no stored kind).
    TAG: ClassVar[str] = ""

    id: str
    title: str
    docname: str
    lineno: int
    #: ``:parent:`` ids (visions and measures only).
    parents: tuple[str, ...] = ()
    period: tuple[int, int] | None = None
    department: str = ""
    #: Problems found while reading this object's options.
    problems: list[Finding] = field(default_factory=list)
    #: Cache of :func:`fingerprint`; empty until computed.
    digest: str = field(default="", compare=False, repr=False)
    #: Values on each axis of ``keikaku_axes``, by axis name (issue 16).
    axes: dict[str, AxisValues] = field(default_factory=dict)

    kind = Kind.VISION  # overridden per subclass; a class attribute, not a field

    def links(self) -> Iterator[tuple[str, str]]:
        """``(option, id)`` for every id this object names."""
        for target in self.parents:
            yield "parent", target


#: The fields of plan objects whose text the author writes in the plan's
#: language and a translator translates (an English edition, issue 18).
TRANSLATED_FIELDS = ("title", "department", "unit", "source", "account", "evaluator")


@dataclass
class Vision(PlanObject):
    """基本構想: a future picture, goal or policy; visions nest by ``:parent:``."""

    TAG: ClassVar[str] = "V"

    #: ``name:ID`` of the external plans' objects this serves (``:serves:``).
    serves: tuple[str, ...] = ()
    kind = Kind.VISION


@dataclass
class Measure(PlanObject):
    """施策: what the city does toward one or more visions."""

    TAG: ClassVar[str] = "M"

    visions: tuple[str, ...] = ()
    #: ``name:ID`` of the external plans' objects this serves (``:serves:``).
    serves: tuple[str, ...] = ()
    kind = Kind.MEASURE

    def links(self) -> Iterator[tuple[str, str]]:
        for target in self.visions:
            yield "vision", target
        yield from PlanObject.links(self)


@dataclass
class Indicator(PlanObject):
    """成果指標: how progress on a measure is judged."""

    TAG: ClassVar[str] = "I"

    measures: tuple[str, ...] = ()
    unit: str = ""
    direction: Direction = "up"
    baseline: tuple[int, Value] | None = None
    target: dict[int, Value] = field(default_factory=dict)
    actual: dict[int, Value] = field(default_factory=dict)
    estimate: dict[int, Value] = field(default_factory=dict)
    source: str = ""
    #: ``outcome`` (成果指標) or ``output`` (活動指標).
    indicator_kind: str = "outcome"
    cumulative: bool = False
    #: ``:measured:``: the fiscal years a survey measures it (empty: every year).
    measured: tuple[int, ...] = ()
    kind = Kind.INDICATOR

    def links(self) -> Iterator[tuple[str, str]]:
        for target in self.measures:
            yield "measure", target

    @property
    def years(self) -> list[int]:
        """Every fiscal year with a value, in order."""
        years = set(self.target) | set(self.actual) | set(self.estimate)
        if self.baseline is not None:
            years.add(self.baseline[0])
        return sorted(years)


@dataclass
class BudgetLink(PlanObject):
    """予算事業: a budgeted project that carries out measures."""

    TAG: ClassVar[str] = "B"

    measures: tuple[str, ...] = ()
    code: str = ""
    account: str = ""
    budget: dict[int, Decimal] = field(default_factory=dict)
    settlement: dict[int, Decimal] = field(default_factory=dict)
    #: 計画額 of the implementation plan, and the funding sources (財源内訳)
    #: per fiscal year; see :mod:`.funding`.
    plan: dict[int, Decimal] = field(default_factory=dict)
    funding_national: dict[int, Decimal] = field(default_factory=dict)
    funding_prefectural: dict[int, Decimal] = field(default_factory=dict)
    funding_bonds: dict[int, Decimal] = field(default_factory=dict)
    funding_other: dict[int, Decimal] = field(default_factory=dict)
    funding_general: dict[int, Decimal] = field(default_factory=dict)
    #: Staff time per fiscal year: persons (正規職員従事人数) and hours
    #: (延べ業務時間); priced by :mod:`.staffcost`.
    staff: dict[int, Decimal] = field(default_factory=dict)
    hours: dict[int, Decimal] = field(default_factory=dict)
    kind = Kind.BUDGET_LINK

    def links(self) -> Iterator[tuple[str, str]]:
        for target in self.measures:
            yield "measure", target

    @property
    def years(self) -> list[int]:
        return sorted(
            set(self.budget)
            | set(self.settlement)
            | set(self.plan)
            | set(self.staff)
            | set(self.hours)
        )


@dataclass
class EvaluationRecord(PlanObject):
    """施策評価・事務事業評価: one stage of one year's evaluation of a measure
    or a budget link (see :mod:`.evaluation_records`)."""

    TAG: ClassVar[str] = "E"

    #: The id evaluated (``:of:``); empty when not given.
    of: str = ""
    #: The fiscal year evaluated; ``None`` when unreadable.
    year: int | None = None
    #: The stage as written; in the plan, the name of
    #: ``keikaku_evaluation_stages`` it means (see ``sphinxext.records``).
    stage: str = ""
    #: The grade and direction as written (checked against the settings
    #: after reading, since those settings may change without a re-read).
    grade: str = ""
    direction: str = ""
    evaluator: str = ""
    #: The narrative as plain text (exports, data-file records).
    text: str = ""
    #: The data file and sheet a record read from a file comes from (its
    #: row is ``lineno``); empty for a directive.
    path: str = ""
    sheet: str = ""
    #: The line of each option the rules check after reading (``of``,
    #: ``stage``, ``grade``, ``direction``); a sheet's cells are at the row,
    #: ``lineno``.
    option_lines: tuple[tuple[str, int], ...] = ()
    kind = Kind.EVALUATION

    def line_of(self, option: str) -> int:
        """The line of *option*, or of the directive (the sheet's row)."""
        return dict(self.option_lines).get(option, self.lineno)

    def links(self) -> Iterator[tuple[str, str]]:
        if self.of:
            yield "evaluates", self.of


#: Which kind each link option must point to.
LINK_TARGET_KIND: MappingProxyType[tuple[Kind, str], Kind] = MappingProxyType(
    {
        (Kind.VISION, "parent"): Kind.VISION,
        (Kind.MEASURE, "parent"): Kind.MEASURE,
        (Kind.MEASURE, "vision"): Kind.VISION,
        (Kind.INDICATOR, "measure"): Kind.MEASURE,
        (Kind.BUDGET_LINK, "measure"): Kind.MEASURE,
        # or a budget link: checked by evaluation_records.check_records
        (Kind.EVALUATION, "evaluates"): Kind.MEASURE,
    }
)

T = TypeVar("T", bound=PlanObject)


@dataclass
class Plan:
    """The whole plan after reading: the one API later phases use."""

    #: Every object by id; for a duplicated id, the first in document order.
    objects: dict[str, PlanObject] = field(default_factory=dict)
    #: Objects whose id was already taken (reported as ``duplicate-id``).
    duplicates: list[PlanObject] = field(default_factory=list)
    #: Objects without a usable id: rendered, not linked, problems reported.
    unidentified: list[PlanObject] = field(default_factory=list)
    #: id -> ids of objects whose links name it, per option: the back links.
    children: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: Findings of reading and of the checks, in report order.
    findings: list[Finding] = field(default_factory=list)
    #: Indicator id -> its evaluation under the project's settings.
    evaluations: dict[str, Evaluation] = field(default_factory=dict)
    #: Measure id / vision id -> grade rolled up from below.
    measure_grades: dict[str, str] = field(default_factory=dict)
    vision_grades: dict[str, str] = field(default_factory=dict)
    #: Indicator id -> its progress against the schedule, measure id -> the
    #: rolled-up level (:mod:`.progress`); empty from the plan's final year.
    progress: dict[str, Evaluation] = field(default_factory=dict)
    measure_progress: dict[str, str] = field(default_factory=dict)
    #: id -> digest of everything a page may show of the object.
    fingerprints: dict[str, str] = field(default_factory=dict)
    #: Results of plan-wide computations (:mod:`.analysis`), by arguments: a
    #: table, its export and the coverage page ask the same question.
    cache: dict[tuple[object, ...], object] = field(default_factory=dict)

    def get(self, object_id: str, kind: type[T]) -> T | None:
        """The object *object_id* if it exists and is a *kind*."""
        obj = self.objects.get(object_id)
        return obj if isinstance(obj, kind) else None

    def of_kind(self, kind: type[T]) -> list[T]:
        """Every object of *kind*, in document order."""
        # a plan is not changed once built (build_plan), and every table
        # asks for the measures and indicators again
        key = ("of_kind", kind)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = tuple(
                obj for obj in self.objects.values() if isinstance(obj, kind)
            )
        return list(cast("tuple[T, ...]", found))

    def linked_from(self, object_id: str, option: str) -> list[str]:
        """Ids of objects naming *object_id* in *option* (``parent``, …)."""
        return self.children.get(object_id, {}).get(option, [])

    def child_visions(self, vision_id: str) -> list[Vision]:
        return self._linked(vision_id, "parent", Vision)

    def vision_measures(self, vision_id: str) -> list[Measure]:
        return self._linked(vision_id, "vision", Measure)

    def sub_measures(self, measure_id: str) -> list[Measure]:
        return self._linked(measure_id, "parent", Measure)

    def indicators_of(self, measure_id: str) -> list[Indicator]:
        return self._linked(measure_id, "measure", Indicator)

    def budget_links_of(self, measure_id: str) -> list[BudgetLink]:
        return self._linked(measure_id, "measure", BudgetLink)

    def vision_path(self, vision_id: str) -> list[Vision]:
        """The vision and its ancestors, root first; stops at a cycle."""
        path: list[Vision] = []
        seen: set[str] = set()
        current: str | None = vision_id
        while current is not None and current not in seen:
            seen.add(current)
            vision = self.get(current, Vision)
            if vision is None:
                break
            path.append(vision)
            current = vision.parents[0] if vision.parents else None
        path.reverse()
        return path

    def _resolve(self, ids: Iterable[str], kind: type[T]) -> list[T]:
        return [obj for obj in (self.get(i, kind) for i in ids) if obj is not None]

    def _linked(self, object_id: str, option: str, kind: type[T]) -> list[T]:
        """The objects of *kind* naming *object_id* in *option*, kept for the
        next question (the plan does not change once built)."""
        key = ("linked", option, kind)
        table = cast("dict[str, tuple[T, ...]] | None", self.cache.get(key))
        if table is None:
            table = {}
            self.cache[key] = table
        found = table.get(object_id)
        if found is None:
            found = table[object_id] = tuple(
                self._resolve(self.linked_from(object_id, option), kind)
            )
        return list(found)

    def neighbourhood(self, obj: PlanObject) -> set[str]:
        """Ids whose data the rendering of *obj* shows (for freshness)."""
        ids = {obj.id}
        ids.update(target for _, target in obj.links())
        if isinstance(obj, Vision):
            # a vision's grade rolls up every measure and indicator below it
            pending_visions = [obj.id]
            seen = {obj.id}
            while pending_visions:
                current_id = pending_visions.pop()
                for child in self.child_visions(current_id):
                    if child.id not in seen:
                        seen.add(child.id)
                        pending_visions.append(child.id)
                for measure in self.vision_measures(current_id):
                    ids.add(measure.id)
                    ids.update(self.linked_from(measure.id, "measure"))
            ids |= seen
        for option_children in self.children.get(obj.id, {}).values():
            ids.update(option_children)
        if isinstance(obj, EvaluationRecord) and obj.of in self.objects:
            # a record shows the computed grade of what it evaluates
            evaluated = self.objects[obj.of]
            for measure_id in [evaluated.id, *(t for _, t in evaluated.links())]:
                ids.update(self.linked_from(measure_id, "measure"))
        # the path up to the root vision is shown on measures
        pending = [target for _, target in obj.links()]
        while pending:
            current = pending.pop()
            parent = self.objects.get(current)
            if parent is None:
                continue
            for _, up in parent.links():
                if up not in ids:
                    ids.add(up)
                    pending.append(up)
        return ids


def fingerprint(obj: PlanObject) -> str:
    """A digest of everything about *obj* that any page may show.

    Computed once, when the directive is read (in the reader's process), and
    kept in ``obj.digest``; a copy with data-file values gets a new one.
    """
    if not obj.digest:
        data = pickle.dumps(
            (type(obj).__name__, *(getattr(obj, name) for name in _fields(type(obj)))),
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        obj.digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return obj.digest


def _fields(kind: type[PlanObject]) -> tuple[str, ...]:
    """The fields a fingerprint covers (computed once per class:
    ``dataclasses.fields`` is slow)."""
    return _fields_of(kind.TAG)


@functools.cache
def _fields_of(tag: str) -> tuple[str, ...]:
    names = (f.name for f in fields(_class_of(tag)))
    return tuple(name for name in names if name not in ("problems", "digest"))


#: A plan object as the environment stores it between builds: a flat tuple
#: of plain values (its class's tag, then its fields but ``docname`` in
#: declaration order). The pickled environment is unpickled at the start of
#: every build; flat tuples of strings, numbers and value dicts load faster
#: than instances with their attribute dicts and give Python's cycle
#: collector far fewer containers to walk.
Record = tuple[object, ...]


def _record_fields(kind: type[PlanObject]) -> tuple[str, ...]:
    return _record_fields_of(kind.TAG)


@functools.cache
def _record_fields_of(tag: str) -> tuple[str, ...]:
    return tuple(f.name for f in fields(_class_of(tag)) if f.name != "docname")


@functools.cache
def _class_of(tag: str) -> type[PlanObject]:
    """The class of plan object whose :attr:`~PlanObject.TAG` is *tag* (each
    class has its own; ``""`` is :class:`PlanObject`): a kind defined in a
    module of its own (an opinion) is found once that module is imported,
    with no registry to fill."""
    found = [PlanObject]
    while found:
        kind = found.pop()
        if tag == kind.TAG:
            return kind
        found.extend(kind.__subclasses__())
    raise KeyError(tag)


def to_record(obj: PlanObject) -> Record:
    """*obj* as a :data:`Record` (its docname is where it is stored)."""
    kind = type(obj)
    values = [getattr(obj, name) for name in _record_fields(kind)]
    return (kind.TAG, *(tuple(v) if isinstance(v, list) else v for v in values))


def from_record(docname: str, record: Record) -> PlanObject:
    """The object *record* (from :func:`to_record`) stands for."""
    kind = _class_of(str(record[0]))
    values = dict(zip(_record_fields(kind), record[1:], strict=True))
    values["problems"] = list(values["problems"])  # type: ignore[call-overload]
    return kind(docname=docname, **values)  # type: ignore[arg-type]


def record_place(record: Record) -> tuple[str, int]:
    """The id and line of a stored object, without rebuilding it."""
    return str(record[_ID]), int(record[_LINENO])  # type: ignore[call-overload]


def record_digest(record: Record) -> str:
    """The :func:`fingerprint` of a stored object as its directive wrote it."""
    return str(record[_DIGEST])


_ID, _LINENO, _DIGEST = (
    1 + _record_fields(PlanObject).index(name) for name in ("id", "lineno", "digest")
)


def build_plan(objects: Iterable[PlanObject]) -> Plan:
    """Join *objects* (in document order) into a :class:`Plan`; no checks."""
    plan = Plan()
    for obj in sorted(objects, key=lambda o: (o.docname, o.lineno)):
        if not obj.id:
            plan.unidentified.append(obj)
        elif obj.id in plan.objects:
            plan.duplicates.append(obj)
        else:
            plan.objects[obj.id] = obj
    for obj in plan.objects.values():
        for option, target in obj.links():
            plan.children.setdefault(target, {}).setdefault(option, []).append(obj.id)
    return plan
