#!/usr/bin/env python3
"""Keep the message catalogs in step with the code.

    python tools/catalog.py           extract messages, update every .po, compile .mo
    python tools/catalog.py --check   fail if a message is missing or untranslated,
                                      or a .mo is out of date (run by the tests)

Messages are the ``_("…")`` calls in the package (English source text). The
Japanese catalog lives in ``sphinxcontrib_keikaku/locale/ja/LC_MESSAGES``.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sphinxcontrib_keikaku"
DOMAIN = "sphinxcontrib-keikaku"
LANGUAGES = ("ja",)


def extract() -> Catalog:
    template = Catalog(project="sphinxcontrib-keikaku", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords={"_": None}
    ):
        template.add(
            message, None, [(filename, lineno)], auto_comments=comments, context=context
        )
    return template


def po_path(language: str) -> Path:
    return PACKAGE / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, charset="utf-8")
    with path.open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def check() -> int:
    template = extract()
    problems: list[str] = []
    for language in LANGUAGES:
        catalog = load(language)
        for message in template:
            if not message.id:
                continue
            translated = catalog.get(message.id)
            if translated is None or not translated.string or translated.fuzzy:
                problems.append(f"{language}: untranslated: {message.id!r}")
        mo = po_path(language).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            problems.append(f"{language}: {mo.name} is out of date")
    for problem in problems:
        print(problem)
    if problems:
        print("run: python tools/catalog.py, translate, run it again")
    return 1 if problems else 0


def update() -> int:
    template = extract()
    for language in LANGUAGES:
        catalog = load(language)
        catalog.update(template, no_fuzzy_matching=True)
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(
                f,
                catalog,
                width=88,
                omit_header=False,
                sort_output=True,
                include_lineno=False,
            )
        path.with_suffix(".mo").write_bytes(mo_bytes(catalog))
        missing = sum(1 for m in catalog if m.id and not m.string)
        print(
            f"{path.relative_to(ROOT)}: {len(catalog)} messages, {missing} untranslated"
        )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    sys.exit(check() if parser.parse_args().check else update())
