"""Plan objects in ``objects.inv``, and the roles that link to them.

Sphinx writes a domain's :meth:`get_objects` into ``objects.inv``; with
these, another Sphinx project that loads keikaku links to a plan object
of this one through intersphinx, e.g.
``:external+sogo:keikaku:measure:`M1-1-1``` (or, within one project,
``:keikaku:measure:`M1-1-1```). Every plan object is there under its kind
(``keikaku:vision``, ``keikaku:measure``, ``keikaku:indicator``,
``keikaku:budget-link``), anchored at its block.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import MappingProxyType
from typing import TYPE_CHECKING

from sphinx.domains import ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from sphinxcontrib_keikaku.core.model import Kind, record_place

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder

    from sphinxcontrib_keikaku.core.model import Record

#: The object types of the domain: one per kind, linked by a role of its name.
OBJECT_TYPES: MappingProxyType[str, ObjType] = MappingProxyType(
    {kind.value: ObjType(kind.value, kind.value) for kind in Kind}
)
#: warn_dangling: a typo in a target is a warning, as for :ref:
ROLES: MappingProxyType[str, XRefRole] = MappingProxyType(
    {kind.value: XRefRole(warn_dangling=True) for kind in Kind}
)
_KIND_OF_TAG = MappingProxyType(
    {
        "V": "vision",
        "M": "measure",
        "I": "indicator",
        "B": "budget-link",
        "E": "evaluation",
    }
)


def _kind(record: Record) -> str:
    return _KIND_OF_TAG.get(str(record[0]), "vision")


def _title(record: Record) -> str:
    # a record is (tag, id, title, …): see core.model.to_record
    return str(record[2])


def _objects(records: dict[str, list[Record]]) -> Iterator[tuple[str, str, Record]]:
    # of two objects with one id, the first by docname and line (the one
    # the plan keeps)
    seen: set[str] = set()
    for docname in sorted(records):
        for record in records[docname]:
            object_id, _line = record_place(record)
            if object_id and object_id not in seen:
                seen.add(object_id)
                yield object_id, docname, record


def inventory_objects(
    records: dict[str, list[Record]], *, titled: bool = True
) -> Iterator[tuple[str, str, str, str, str, int]]:
    """``(name, dispname, type, docname, anchor, priority)`` of every object
    with an id. The display name is "id title", or the id alone when not
    *titled* (see :func:`titles_in_display_names`)."""
    for object_id, docname, record in _objects(records):
        title = _title(record) if titled else ""
        display = f"{object_id} {title}" if title else object_id
        yield object_id, display, _kind(record), docname, object_id, 1


def object_synopses(
    records: dict[str, list[Record]],
) -> Iterator[tuple[tuple[str, str], str]]:
    """``((docname, anchor), title)`` of every object in the inventory: the
    synopsis a theme's search shows beside a result (sphinx-immaterial)."""
    for object_id, docname, record in _objects(records):
        yield (docname, object_id), _title(record)


def titles_in_display_names(extensions: Iterable[str]) -> bool:
    """Whether the display names may hold the title.

    sphinx-immaterial's search index rebuilds an object's anchor from its
    display name where Sphinx left the anchor out because it equals the
    name (its search_adapt, Sphinx issue 10380), and warns for every plan
    object whose display name is "id title". With that theme the display
    name is the id and the title goes to the synopsis, which its search
    shows beside the result.
    """
    return "sphinx_immaterial" not in extensions


#: name -> (kind, docname, anchor) of every object in the inventory
Index = dict[str, tuple[str, str, str]]


def index(records: dict[str, list[Record]]) -> Index:
    """The inventory by name, for the roles (built once per build: see
    :meth:`~.domain.KeikakuDomain.inventory_index`)."""
    return {
        name: (kind, docname, anchor)
        for name, _display, kind, docname, anchor, _prio in inventory_objects(records)
    }


def resolve(
    objects: Index,
    builder: Builder,
    fromdocname: str,
    typ: str,
    target: str,
    contnode: nodes.Element,
) -> pending_xref | nodes.reference | None:
    """The link a ``keikaku:<kind>`` role makes, or None (then intersphinx
    looks in the other projects' inventories)."""
    found = objects.get(target)
    if found is None or (typ != "any" and found[0] != typ):
        return None
    _kind, docname, anchor = found
    return make_refnode(builder, fromdocname, docname, anchor, contnode, target)
