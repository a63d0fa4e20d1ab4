"""The ``keikaku`` command: ``keikaku quickstart DIR`` starts a new plan,
``keikaku diff OLD.json NEW.json`` prints what a revision changed.

``diff`` compares two exported ``plan.json`` files with the comparison the
``plan-changes`` directive shows (:mod:`.core.plandiff`). It exits with 0
when it could compare the files (whether or not they differ), and with 1
and a one-line error, never a traceback, when a file is missing, no JSON,
no keikaku export or of a newer ``schema_version``.

``quickstart`` asks no questions.  It renders the template files under
``templates/quickstart/<language>/`` (``string.Template`` placeholders, file
names ending in ``_t``) into *DIR*: a ``conf.py``, a vision page, one measure
with an indicator and a budget link, coverage, evaluation and budget pages,
a data file and a README, a project that builds with ``-W`` at once.

It never overwrites: a *DIR* that exists and is not empty is refused with
exit status 1 before anything is written.  Bad options exit with status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path, PurePosixPath
from string import Template
from types import MappingProxyType
from typing import TYPE_CHECKING

from sphinxcontrib_keikaku import __version__
from sphinxcontrib_keikaku.core.values import PlanValueError, parse_period

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

LANGUAGES = ("ja", "en")
DATA_FILE = "data/actuals.csv"

#: The sample values of the one indicator and budget link.
MID_TARGET, FINAL_TARGET, ACTUAL = 19, 21, 20
BUDGET, NEXT_BUDGET, SETTLEMENT = "12,345", "12,000", "11,980"

_NOTES = MappingProxyType(
    {
        "ja": {
            "supported": "値は `conf.py` の `keikaku_data_files` に指定したファイルから読まれ、"
            "ページに書いた値より優先されます。",
            "unsupported": "お使いの keikaku はまだデータファイルを読めないため、`conf.py` の "
            "`keikaku_data_files` はコメントにしてあり、同じ値を `measures.md` にも書いています。"
            "データファイルを読める版に更新したら、コメントを外してください。",
            "city": "本市",
            "title": "{city}総合計画",
        },
        "en": {
            "supported": "The values are read from the files named in `keikaku_data_files` "
            "in `conf.py` and take precedence over values written in the pages.",
            "unsupported": "This version of keikaku cannot read data files yet, so "
            "`keikaku_data_files` in `conf.py` is commented out and the same values "
            "are also written in `measures.md`. Uncomment it once you upgrade to a "
            "version that reads data files.",
            "city": "the city",
            "title": "{city} Comprehensive Plan",
        },
    }
)


class QuickstartError(Exception):
    """The project cannot be created; the message says why (exit status 1)."""


@dataclass(frozen=True)
class Options:
    """What ``keikaku quickstart`` was asked for."""

    directory: Path
    title: str
    city: str
    language: str
    period: tuple[int, int]


def data_files_supported() -> bool:
    """Whether this keikaku declares the ``keikaku_data_files`` setting."""
    from sphinxcontrib_keikaku.sphinxext.config import SETTINGS

    return any(setting.name == "keikaku_data_files" for setting in SETTINGS)


def default_period(today: datetime.date | None = None) -> tuple[int, int]:
    """Four fiscal years from the current one (a fiscal year starts in April)."""
    today = today or datetime.date.today()
    start = today.year if today.month >= 4 else today.year - 1
    return start, start + 3


def default_title(language: str, city: str) -> str:
    if not city:
        return "総合計画" if language == "ja" else "Comprehensive Plan"
    return _NOTES[language]["title"].format(city=city)


def ascii_name(directory: Path) -> str:
    """An ASCII file name for the PDF, from the directory's name."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", directory.resolve().name).strip("-_")
    return slug or "plan"


def _python(text: str) -> str:
    r"""A Python string literal of *text* (``repr``, so that no title can end
    the string and run as code in conf.py), in double quotes as ruff writes
    them where the text allows it, non-ASCII kept readable.

    >>> print(_python("みずほ台市"), _python(r"x\N"), _python('say "hi"'))
    "みずほ台市" "x\\N" 'say "hi"'
    """
    literal = repr(text)
    if literal.startswith("'") and '"' not in text:
        # repr escapes only the quote it is delimited by: without a " in the
        # text, there is no \' either, and the delimiters can change
        literal = f'"{literal[1:-1]}"'
    return literal


def _docstring(text: str) -> str:
    r"""*text* inside conf.py's docstring: each backslash and quote escaped,
    so that neither ``\N`` nor three quotes can end or break it.

    >>> print(_docstring(r'x\N "q"'))
    x\\N \"q\"
    """
    return text.replace("\\", "\\\\").replace('"', '\\"')


#: What CommonMark lets a backslash escape: every ASCII punctuation mark.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _markdown(text: str) -> str:
    r"""*text* as literal text in a MyST page: every ASCII punctuation mark
    escaped, so that ``<script>``, ``*``, ``{role}`` or ``$`` in a title stay
    text instead of becoming HTML, emphasis, a role or math.

    >>> print(_markdown("<b>A & B</b> 50%"))
    \<b\>A \& B\<\/b\> 50\%
    """
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def placeholders(options: Options, *, data_files: bool) -> dict[str, str]:
    """The values of the template placeholders."""
    start, end = options.period
    notes = _NOTES[options.language]
    mid = start + (end - start) // 2
    targets = [(mid, MID_TARGET)] if mid < end else []
    targets.append((end, FINAL_TARGET))
    budget = [(start, BUDGET)]
    if start + 1 <= end:
        budget.append((start + 1, NEXT_BUDGET))
    slug = ascii_name(options.directory)
    year = datetime.date.today().year
    author = options.city
    return {
        "title": _markdown(options.title),
        "conf_title": _docstring(options.title),
        "project": _python(options.title),
        "author": _python(author),
        "copyright": _python(f"{year}, {author}" if author else str(year)),
        "plan_period": f"({start}, {end})",
        "period": f"{start}-{end}",
        "latex_file": _python(f"{slug}.tex"),
        "pdf_file": f"{slug}.pdf",
        "city_or_we": _markdown(options.city) if options.city else notes["city"],
        "baseline_year": str(max(start - 1, 1900)),
        "targets": ", ".join(f"{y}: {v}" for y, v in targets),
        "budget": ", ".join(f"{y}: {v}" for y, v in budget),
        "actual_year": str(start),
        "actual": str(ACTUAL),
        "settlement_year": str(start),
        "settlement": SETTLEMENT,
        # With data files the yearly values come from the CSV only; without,
        # the pages carry them too (the same values, so enabling the setting
        # later reports no difference).
        "indicator_actual": "" if data_files else f":actual: {start}: {ACTUAL}\n",
        "budget_settlement": (
            "" if data_files else f":settlement: {start}: {SETTLEMENT}\n"
        ),
        "data_files": (
            f"keikaku_data_files = [{_python(DATA_FILE)}]"
            if data_files
            else f"# keikaku_data_files = [{_python(DATA_FILE)}]"
        ),
        "data_note": notes["supported" if data_files else "unsupported"],
    }


def _templates(
    root: Traversable, prefix: PurePosixPath
) -> Iterator[tuple[PurePosixPath, Traversable]]:
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            yield from _templates(entry, prefix / entry.name)
        elif entry.name.endswith("_t"):
            yield prefix / entry.name[: -len("_t")], entry


def render(options: Options, *, data_files: bool | None = None) -> dict[str, str]:
    """The new project's files, relative POSIX path → text."""
    if data_files is None:
        data_files = data_files_supported()
    values = placeholders(options, data_files=data_files)
    root = (
        files("sphinxcontrib_keikaku") / "templates" / "quickstart" / options.language
    )
    return {
        str(path): Template(template.read_text(encoding="utf-8")).substitute(values)
        for path, template in _templates(root, PurePosixPath())
    }


def _check_target(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise QuickstartError(
            f"{directory} exists and is not a directory; nothing was written."
        )
    if directory.is_dir() and any(directory.iterdir()):
        what = (
            "already holds a Sphinx project (conf.py)"
            if (directory / "conf.py").exists()
            else "is not empty"
        )
        raise QuickstartError(
            f"{directory} {what}; keikaku quickstart only creates a new project "
            "in a new or empty directory, and nothing was written. Choose "
            "another directory."
        )


def write_project(options: Options) -> list[str]:
    """Create the project; return the files written. Nothing is overwritten."""
    directory = options.directory
    _check_target(directory)
    rendered = render(options)
    created_dirs: list[Path] = []
    written: list[Path] = []
    try:
        for parent in reversed([directory, *directory.parents]):
            if not parent.exists():
                parent.mkdir()
                created_dirs.append(parent)
        for name, text in rendered.items():
            path = directory / name
            if not path.parent.exists():
                path.parent.mkdir(parents=True)
                created_dirs.append(path.parent)
            csv = path.suffix == ".csv"
            # "x": never replace a file that appeared meanwhile.  A CSV gets a
            # BOM and CRLF so that Excel opens it as UTF-8.
            with path.open(
                "x",
                encoding="utf-8-sig" if csv else "utf-8",
                newline="\r\n" if csv else "\n",
            ) as f:
                written.append(path)
                f.write(text)
    except OSError as err:
        for path in reversed(written):
            path.unlink(missing_ok=True)
        for created in reversed(created_dirs):
            with contextlib.suppress(OSError):
                created.rmdir()
        raise QuickstartError(
            f"cannot write the project into {directory}: {err}"
        ) from None
    return sorted(rendered)


def _period(text: str) -> tuple[int, int]:
    try:
        return parse_period(text)
    except PlanValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _text(text: str) -> str:
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise argparse.ArgumentTypeError(
            "write it on one line, without control characters"
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # bytes of another encoding in the command line (surrogateescape)
        raise argparse.ArgumentTypeError(
            "this is not UTF-8 text: type it again, or set the terminal to UTF-8"
        ) from None
    return text.strip()


def _title(text: str) -> str:
    title = _text(text)
    if not title:
        raise argparse.ArgumentTypeError("the title must not be empty")
    return title


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog or "keikaku",
        description="sphinxcontrib-keikaku: write, check and publish a city's "
        "comprehensive plan (総合計画) with Sphinx.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    quickstart = commands.add_parser(
        "quickstart",
        help="create a new plan project that builds at once",
        description="Create a new plan project in DIR without asking questions: "
        "conf.py, a vision page, one measure with an indicator and a budget "
        "link, coverage, evaluation and budget pages, a data file and a "
        "README. DIR must be new or empty; nothing is ever overwritten.",
    )
    quickstart.add_argument(
        "directory", metavar="DIR", type=Path, help="the new project's directory"
    )
    quickstart.add_argument(
        "--title",
        type=_title,
        help="the plan's title (default: 総合計画, or <city>総合計画 with --city)",
    )
    quickstart.add_argument(
        "--city",
        type=_text,
        default="",
        help="the city's name, e.g. みずほ台市 (the author)",
    )
    quickstart.add_argument(
        "--language",
        choices=LANGUAGES,
        default="ja",
        help="the language of the plan and its pages (default: ja)",
    )
    quickstart.add_argument(
        "--period",
        type=_period,
        metavar="PERIOD",
        help="the plan period in fiscal years, e.g. 2024-2027 "
        "or R6-R9 (default: four years from the current one)",
    )
    diff = commands.add_parser(
        "diff",
        help="print what changed between two editions' plan.json",
        description="Compare two plan.json files exported by keikaku (an "
        "earlier edition and a revision): objects added, removed, retitled "
        "or moved to another parent, and every changed baseline, target, "
        "unit and direction, old -> new, with counts.",
    )
    diff.add_argument("old", metavar="OLD.json", type=Path, help="the earlier edition")
    diff.add_argument("new", metavar="NEW.json", type=Path, help="the revision")
    return parser


def diff(args: argparse.Namespace) -> int:
    """``keikaku diff``: 0 when the files could be compared, 1 otherwise."""
    from sphinxcontrib_keikaku.core.plandiff import compare, format_changes
    from sphinxcontrib_keikaku.core.planfile import PlanFileError, read_plan_file
    from sphinxcontrib_keikaku.core.texts import visible

    try:
        # reading checks every value that compare() and format_changes()
        # use (no NaN, no year "²"), so that they cannot fail on a file
        old = read_plan_file(args.old)
        new = read_plan_file(args.new)
    except PlanFileError as err:
        print(f"keikaku diff: error: {visible(str(err))}", file=sys.stderr)
        return 1
    changes = compare(old.objects, new.objects)
    sys.stdout.write(format_changes(changes, str(args.old), str(args.new)))
    return 0


def quickstart(args: argparse.Namespace) -> int:
    options = Options(
        directory=args.directory,
        title=args.title or default_title(args.language, args.city),
        city=args.city,
        language=args.language,
        period=args.period or default_period(),
    )
    try:
        names = write_project(options)
    except QuickstartError as err:
        print(f"keikaku quickstart: error: {err}", file=sys.stderr)
        return 1
    directory = options.directory
    print(f"Created the plan {options.title!r} in {directory}:")
    for name in names:
        print(f"  {name}")
    print(
        "\nBuild it (see README.md there, also for the PDF):\n"
        f"  cd {directory}\n"
        "  python -m sphinx -b html -W --keep-going . _build/html"
    )
    return 0


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """Run the ``keikaku`` command; return the exit status."""
    parser = build_parser(prog)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, usage errors
        return exit_.code if isinstance(exit_.code, int) else 1
    try:
        if args.command == "quickstart":
            status = quickstart(args)
        elif args.command == "diff":
            status = diff(args)
        else:  # pragma: no cover (argparse accepts only known commands)
            return 2
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (keikaku diff … | head -1): stop quietly, as
        # the Python documentation advises for SIGPIPE, pointing stdout at
        # devnull so that the flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 1
    return status
