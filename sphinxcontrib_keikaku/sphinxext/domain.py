"""The ``keikaku`` domain: where plan objects live between builds.

Like ``sphinx.ext.todo``, the domain keeps what each document contributed
(its plan objects, whether it shows resolve-time plan content), so that
``clear_doc`` drops a changed or removed document's objects and
``merge_domaindata`` joins the parallel readers' results.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.domains import Domain

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.model import PlanObject

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


class KeikakuDomain(Domain):
    """Plan objects per document."""

    name = "keikaku"
    label = "keikaku"
    #: Bumped when the stored shapes change, so old environments are re-read.
    data_version = 2
    initial_data: ClassVar[dict[str, Any]] = {
        # docname -> plan objects defined there, in source order
        "objects": {},
        # docnames whose doctrees hold nodes filled in from the whole plan
        "plan_pages": {},
        # docname -> [(lineno, directive, vision ids)] of plan-wide tables
        "tables": {},
        # id -> fingerprint of the object as of the last build (freshness)
        "fingerprints": {},
        # docname -> findings of presentation directives' options, reported
        # by the check pass on every build like the objects' own problems
        "problems": {},
    }

    @property
    def objects(self) -> dict[str, list[PlanObject]]:
        return self.data["objects"]  # type: ignore[no-any-return]

    @property
    def plan_pages(self) -> dict[str, bool]:
        """docname -> whether it shows the whole plan (tables), not just its
        own objects' neighbourhood."""
        return self.data["plan_pages"]  # type: ignore[no-any-return]

    @property
    def fingerprints(self) -> dict[str, str]:
        return self.data["fingerprints"]  # type: ignore[no-any-return]

    def add_object(self, obj: PlanObject) -> None:
        self.objects.setdefault(obj.docname, []).append(obj)

    def note_plan_page(self, docname: str, whole_plan: bool) -> None:
        """Record that *docname* is rendered from plan data at resolve time."""
        self.plan_pages[docname] = self.plan_pages.get(docname, False) or whole_plan

    def add_table_ref(
        self,
        docname: str,
        lineno: int,
        directive: str,
        ids: list[str],
        kind: str = "vision",
    ) -> None:
        """Record the ids a presentation directive names (a table's vision
        filter, a chart's indicator), checked by the check pass."""
        self.table_refs.setdefault(docname, []).append((lineno, directive, ids, kind))

    @property
    def table_refs(self) -> dict[str, list[tuple[int, str, list[str], str]]]:
        return self.data["tables"]  # type: ignore[no-any-return]

    def add_problem(self, finding: Finding) -> None:
        """Keep a presentation directive's problem for the check pass."""
        assert finding.docname is not None
        self.problems.setdefault(finding.docname, []).append(finding)

    @property
    def problems(self) -> dict[str, list[Finding]]:
        return self.data.setdefault("problems", {})  # type: ignore[no-any-return]

    def all_objects(self) -> Iterator[PlanObject]:
        for docname in sorted(self.objects):
            yield from self.objects[docname]

    def docs_defining(self, ids: Iterable[str]) -> set[str]:
        wanted = set(ids)
        return {
            docname
            for docname, objs in self.objects.items()
            if any(obj.id in wanted for obj in objs)
        }

    def clear_doc(self, docname: str) -> None:
        self.objects.pop(docname, None)
        self.plan_pages.pop(docname, None)
        self.table_refs.pop(docname, None)
        self.problems.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["objects"]:
                self.objects[docname] = otherdata["objects"][docname]
            if docname in otherdata["plan_pages"]:
                self.plan_pages[docname] = otherdata["plan_pages"][docname]
            if docname in otherdata["tables"]:
                self.table_refs[docname] = otherdata["tables"][docname]
            if docname in otherdata.get("problems", {}):
                self.problems[docname] = otherdata["problems"][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        # plan objects are linked with sphinx-needs' ``need`` role
        return []


def get_domain(env: BuildEnvironment) -> KeikakuDomain:
    domain = env.get_domain(KeikakuDomain.name)
    assert isinstance(domain, KeikakuDomain)
    return domain
