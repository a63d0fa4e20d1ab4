"""Reading a built ``objects.inv``."""

from __future__ import annotations

from pathlib import Path

from sphinx.util.inventory import InventoryFile


def read_inventory(outdir: Path) -> dict[str, dict[str, tuple[str, str]]]:
    """type -> name -> (uri, display name)."""
    inventory = InventoryFile.load(
        (outdir / "objects.inv").open("rb"), "https://sogo.example/", lambda b, u: b + u
    )
    data = getattr(inventory, "data", inventory)
    result: dict[str, dict[str, tuple[str, str]]] = {}
    for kind, items in data.items():
        for name, item in items.items():
            uri = getattr(item, "uri", None) or item[2]
            display = getattr(item, "display_name", None) or item[3]
            result.setdefault(kind, {})[name] = (uri, display)
    return result
