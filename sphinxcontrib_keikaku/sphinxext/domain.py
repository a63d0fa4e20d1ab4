"""The ``keikaku`` domain: where plan objects live between builds.

Like ``sphinx.ext.todo``, the domain keeps what each document contributed
(its plan objects, whether it shows resolve-time plan content), so that
``clear_doc`` drops a changed or removed document's objects and
``merge_domaindata`` joins the parallel readers' results.

Objects are stored as flat records (:func:`~.model.to_record`), not as
instances: the environment is unpickled at the start of every build, and a
record loads faster and leaves the cycle collector less to walk.  The domain
also notes every document it saw read, with or without plan objects, so
that a saved environment missing some documents' plan data (two builds
writing one environment at once) is noticed and repaired
(:func:`~.hooks.on_env_get_outdated`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import TYPE_CHECKING, Any, ClassVar

from sphinx import addnodes
from sphinx.domains import Domain

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.model import (
    PlanObject,
    Record,
    from_record,
    record_digest,
    record_place,
    to_record,
)
from sphinxcontrib_keikaku.sphinxext import inventory
from sphinxcontrib_keikaku.sphinxext.apps import app_of
from sphinxcontrib_keikaku.sphinxext.programs import PROGRAMS, is_found, needed_by

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.domains import ObjType
    from sphinx.environment import BuildEnvironment
    from sphinx.roles import XRefRole
    from sphinx.util.typing import RoleFunction

    from sphinxcontrib_keikaku.sphinxext.state import KeikakuState

#: The per-document entries of the domain data (``clear_doc``, merging).
_PER_DOC = (
    "objects",
    "plan_pages",
    "tables",
    "read",
    "views",
    "problems",
    "wholes",
    "role_targets",
    "programs",
)


class KeikakuDomain(Domain):
    """Plan objects per document."""

    name = "keikaku"
    label = "keikaku"
    #: Bumped when the stored shapes change, so old environments are re-read.
    data_version = 7
    #: The build's state (:mod:`.state`): an attribute of the domain object,
    #: which Sphinx never pickles, not of the pickled domain data.
    keikaku_state: KeikakuState | None = None
    initial_data: ClassVar[dict[str, Any]] = {
        # docname -> records of the plan objects defined there, in source order
        "objects": {},
        # docnames whose doctrees hold nodes filled in from the whole plan
        "plan_pages": {},
        # docname -> [(lineno, directive, vision ids)] of plan-wide tables
        "tables": {},
        # id -> fingerprint of the object as of the last build (freshness)
        "fingerprints": {},
        # docname -> True for every document read with keikaku loaded
        "read": {},
        # docname -> True for documents holding sphinx-needs views
        "views": {},
        # docname -> findings of presentation directives' options, reported
        # by the check pass on every build like the objects' own problems
        "problems": {},
        # docname -> [(table, options)] of its plan-wide tables (.shown)
        "wholes": {},
        # docname -> digest of what its plan-wide tables showed in the last
        # build, for pages whose tables all say what they show (.shown)
        "shown_digests": {},
        # docname -> ids its keikaku:<kind> roles name: the page is written
        # again when one of them changes, appears or goes (Sphinx writes
        # again only the pages it read)
        "role_targets": {},
        # docname -> names of the programs its diagrams need (.programs)
        "programs": {},
        # program name -> whether it was found in the last build: when that
        # changes, the pages that need it are read and written again
        "programs_found": {},
    }

    @property
    def records(self) -> dict[str, list[Record]]:
        return self.data["objects"]  # type: ignore[no-any-return]

    @property
    def plan_pages(self) -> dict[str, bool]:
        """docname -> whether it shows the whole plan (tables), not just its
        own objects' neighbourhood."""
        return self.data["plan_pages"]  # type: ignore[no-any-return]

    @property
    def fingerprints(self) -> dict[str, str]:
        return self.data["fingerprints"]  # type: ignore[no-any-return]

    @property
    def read_docs(self) -> dict[str, bool]:
        """Every document read with keikaku, plan objects or not."""
        return self.data["read"]  # type: ignore[no-any-return]

    @property
    def view_pages(self) -> dict[str, bool]:
        """Documents with sphinx-needs views (needtable, needflow, …)."""
        return self.data["views"]  # type: ignore[no-any-return]

    #: the inventory by id (:meth:`inventory_index`); None once the records
    #: change
    _index: inventory.Index | None = None

    def add_object(self, obj: PlanObject) -> None:
        self.records.setdefault(obj.docname, []).append(to_record(obj))
        self._index = None

    def note_plan_page(self, docname: str, whole_plan: bool) -> None:
        """Record that *docname* is rendered from plan data at resolve time."""
        self.plan_pages[docname] = self.plan_pages.get(docname, False) or whole_plan

    def note_whole_table(
        self, docname: str, table: str, options: dict[str, Any]
    ) -> None:
        """Record a plan-wide table of *docname* and its options."""
        self.whole_tables.setdefault(docname, []).append((table, options))

    @property
    def whole_tables(self) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        return self.data["wholes"]  # type: ignore[no-any-return]

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
        return self.data["problems"]  # type: ignore[no-any-return]

    def all_objects(self) -> Iterator[PlanObject]:
        """Every stored object, by docname, then in source order."""
        for docname in sorted(self.records):
            for record in self.records[docname]:
                yield from_record(docname, record)

    def objects_of(self, docname: str) -> Iterator[PlanObject]:
        """The objects *docname* defines, in source order."""
        for record in self.records.get(docname, ()):
            yield from_record(docname, record)

    def places(self, docname: str) -> list[tuple[str, int]]:
        """``(id, line)`` of each object *docname* defines ("" for no id)."""
        return [record_place(record) for record in self.records.get(docname, ())]

    def fingerprints_as_written(self) -> dict[tuple[str, int], str]:
        """``(docname, line)`` -> fingerprint of the object its directive
        wrote, before any data file changed it."""
        return {
            (docname, record_place(record)[1]): record_digest(record)
            for docname, records in self.records.items()
            for record in records
        }

    def docs_defining(self, ids: Iterable[str]) -> set[str]:
        wanted = set(ids)
        return {
            docname
            for docname in self.records
            if any(object_id in wanted for object_id, _ in self.places(docname))
        }

    def process_doc(
        self, env: BuildEnvironment, docname: str, document: nodes.document
    ) -> None:
        from sphinxcontrib_keikaku.sphinxext.needs_bridge import has_need_views

        self.read_docs[docname] = True
        if has_need_views(document):
            self.view_pages[docname] = True
        targets = {
            node["reftarget"]
            for node in document.findall(addnodes.pending_xref)
            if node.get("refdomain") == self.name
        }
        if targets:
            self.role_targets[docname] = tuple(sorted(targets))
        programs = needed_by(document)
        if programs:
            self.data["programs"][docname] = programs

    @property
    def role_targets(self) -> dict[str, tuple[str, ...]]:
        """docname -> the ids its ``keikaku:<kind>`` roles name."""
        return self.data["role_targets"]  # type: ignore[no-any-return]

    @property
    def programs_found(self) -> dict[str, bool]:
        """Program name -> whether it was found in the last build."""
        return self.data["programs_found"]  # type: ignore[no-any-return]

    def docs_needing(self, program: str) -> set[str]:
        """The documents whose diagrams need *program*."""
        needs: dict[str, tuple[str, ...]] = self.data["programs"]
        return {docname for docname, names in needs.items() if program in names}

    def clear_doc(self, docname: str) -> None:
        for key in _PER_DOC:
            self.data[key].pop(docname, None)
        self._index = None

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in _PER_DOC:
            mine, theirs = self.data[key], otherdata[key]
            for docname in docnames:
                if docname in theirs:
                    mine[docname] = theirs[docname]
        self._index = None

    # objects.inv and the keikaku:<kind> roles (see .inventory)
    object_types: ClassVar[dict[str, ObjType]] = dict(inventory.OBJECT_TYPES)
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = dict(inventory.ROLES)

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        titled = inventory.titles_in_display_names(app_of(self.env).extensions)
        yield from inventory.inventory_objects(self.records, titled=titled)

    def get_object_synopses(self) -> Iterator[tuple[tuple[str, str], str]]:
        yield from inventory.object_synopses(self.records)

    def resolve_xref(
        self,
        env: Any,
        fromdocname: str,
        builder: Any,
        typ: str,
        target: str,
        node: Any,
        contnode: Any,
    ) -> Any:
        return inventory.resolve(
            self.inventory_index(), builder, fromdocname, typ, target, contnode
        )

    def inventory_index(self) -> inventory.Index:
        """The objects by id, as the roles look them up: made when first
        asked after the records changed, not once per role."""
        if self._index is None:
            self._index = inventory.index(self.records)
        return self._index

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        # plan objects are linked with sphinx-needs' ``need`` role
        return []


def get_domain(env: BuildEnvironment) -> KeikakuDomain:
    domain = env.get_domain(KeikakuDomain.name)
    assert isinstance(domain, KeikakuDomain)
    return domain


def pages_needing_changed_programs(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """The pages to read again because a program their diagrams need
    appeared or went since the last build (``env-get-outdated``); notes what
    is found now. Whether ``dot`` is found is part of what makes a page
    current (:mod:`.programs`)."""
    domain = get_domain(env)
    found_before = domain.programs_found
    stale: set[str] = set()
    for program in PROGRAMS:
        found = is_found(app, program)
        if program.name in found_before and found_before[program.name] != found:
            stale |= domain.docs_needing(program.name)
        found_before[program.name] = found
    return sorted(stale - removed - changed - added)
