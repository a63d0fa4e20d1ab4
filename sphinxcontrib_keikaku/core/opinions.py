"""Citizens' voice (市民の声): opinions, the city's answers, what they changed.

An opinion (:class:`Opinion`) is one point raised by citizens in a public
comment (パブリックコメント), a workshop, a district meeting, a survey or a
council, with the number of opinions to the same effect (同趣旨件数), the
city's disposition (取扱い区分, a key of ``keikaku_dispositions``), its
answer (市の考え方) and, for an opinion the plan took up, the objects it
changed. It is a plan object like the others (an id, a block, a need of type
``opinion`` linked by ``about`` and ``changed``), written as an ``opinion``
directive or read from a sheet of ``keikaku_opinion_files``.

This module holds what the core knows about opinions, without Sphinx:

- the settings ``keikaku_opinion_channels`` and ``keikaku_dispositions``
  (defaults and normalisers);
- reading a date (ISO or Japanese era, :func:`parse_date`), a count
  (:func:`parse_count`), a channel, disposition or district against its
  list (:func:`read_choice`, :func:`disposition_code`);
- :func:`opinion_id`, the id an opinion gets when it has none;
- the rules are in :mod:`.opinions_checks`;
- :func:`all_opinions`, :func:`opinions_about`, :func:`opinions_changing`
  and :func:`tally`, which the blocks, the table and the exports read.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar, cast

from sphinxcontrib_keikaku.core.i18n import _
from sphinxcontrib_keikaku.core.i18n import message as _msg
from sphinxcontrib_keikaku.core.model import Kind, Plan, PlanObject
from sphinxcontrib_keikaku.core.texts import PlanValueError, normalize, shorten
from sphinxcontrib_keikaku.core.years import parse_fiscal_year

DEFAULT_CHANNELS: tuple[str, ...] = (
    "パブリックコメント",
    "ワークショップ",
    "地区懇談会",
    "市民アンケート",
    "審議会",
)
#: code -> label; the code is the letter the tables show (洲本市's A–E).
DEFAULT_DISPOSITIONS: tuple[tuple[str, str], ...] = (
    ("A", "反映"),
    ("B", "一部反映"),
    ("C", "記載済"),
    ("D", "参考"),
    ("E", "回答"),
    ("F", "その他"),
)
#: A disposition whose label holds one of these took the opinion up, so the
#: opinion must name what it changed (``:changed:``, rule ``unreflected``).
_REFLECTING_WORDS = ("反映", "reflect")
#: Words that negate the above (未反映, not reflected).
_NOT_REFLECTING_WORDS = ("未反映", "不反映", "not reflect", "unreflect")


@dataclass
class Opinion(PlanObject):
    """市民の声: one opinion (or group of opinions to the same effect) and
    the city's answer. The title is the summary (意見の概要)."""

    TAG: ClassVar[str] = "O"

    #: The channel as written (checked against the setting after reading).
    channel: str = ""
    #: ISO date ``2025-01-15``; empty when not given or unreadable.
    date: str = ""
    #: The district as written (a key or label of the ``district`` axis).
    district: str = ""
    #: Ids of the plan objects the opinion concerns (``:about:``).
    about: tuple[str, ...] = ()
    #: 同趣旨件数: opinions to the same effect, at least 1.
    count: int = 1
    #: The disposition as written (a key or label of keikaku_dispositions).
    disposition: str = ""
    #: Ids of the objects changed in answer (``:changed:``).
    changed: tuple[str, ...] = ()
    #: The city's answer (市の考え方) as plain text.
    text: str = ""
    #: The sheet an opinion read from a file comes from (its row is
    #: ``lineno``); empty for a directive.
    path: str = ""
    sheet: str = ""
    #: The line of each option checked after reading; a sheet's are its row.
    option_lines: tuple[tuple[str, int], ...] = ()
    kind = Kind.OPINION

    def line_of(self, option: str) -> int:
        return dict(self.option_lines).get(option, self.lineno)

    def links(self) -> Iterator[tuple[str, str]]:
        for target in self.about:
            yield "about", target
        for target in self.changed:
            yield "changed", target


# -- settings ------------------------------------------------------------------


def normalise_channels(value: object) -> tuple[str, ...]:
    """``keikaku_opinion_channels`` as a tuple of names, the default first."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ValueError(
            _msg(
                _("write %s as a list of names, such as %s"),
                _("the channels"),
                "['パブリックコメント', 'ワークショップ']",
            )
        )
    names: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(
                _msg(
                    _("%r is not a name: write each of %s as a text"), item, "channels"
                )
            )
        name = " ".join(item.split())
        if name in names:
            raise ValueError(
                _msg(_("%r is given twice in %s"), name, _("the channels"))
            )
        names.append(name)
    if not names:
        raise ValueError(_msg(_("%s needs at least one name"), _("the channels")))
    return tuple(names)


def normalise_dispositions(value: object) -> tuple[tuple[str, str], ...]:
    """``keikaku_dispositions`` as ``(code, label)`` pairs in order: a
    mapping of a short code (the letter tables show) to its label."""
    example = '{"A": "反映", "B": "一部反映", "C": "参考"}'
    if not isinstance(value, Mapping):
        if isinstance(value, tuple) and all(
            isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str)
            for p in value
        ):
            value = dict(value)  # the normalised form, given again
        else:
            raise ValueError(
                _msg(
                    _(
                        "write the dispositions as a mapping of code to label, such as %s"
                    ),
                    example,
                )
            )
    pairs: list[tuple[str, str]] = []
    for code, label in value.items():
        if (
            not isinstance(code, str)
            or not code.strip()
            or not isinstance(label, str)
            or not label.strip()
        ):
            raise ValueError(
                _msg(
                    _(
                        "%r: %r is not a disposition: write a code and a label as texts, such as %s"
                    ),
                    code,
                    label,
                    example,
                )
            )
        pairs.append((code.strip(), " ".join(label.split())))
    if not pairs:
        raise ValueError(_msg(_("%s needs at least one name"), _("the dispositions")))
    # a code or label names one disposition only (a code may be its own
    # label: {"反映": "反映"})
    seen: set[str] = set()
    for code, label in pairs:
        for name in (code, label):
            if normalize(name).casefold() in seen and code != label:
                raise ValueError(
                    _msg(_("%r is given twice in %s"), name, _("the dispositions"))
                )
        seen.update({normalize(code).casefold(), normalize(label).casefold()})
    return tuple(pairs)


def reflects(label: str) -> bool:
    """Whether a disposition labelled *label* took the opinion up (反映,
    一部反映, 加筆修正（計画に反映）, reflected), so that it must name what
    it changed."""
    text = normalize(label).casefold()
    if any(word in text for word in _NOT_REFLECTING_WORDS):
        return False
    return any(word in text for word in _REFLECTING_WORDS)


# -- reading values ------------------------------------------------------------


def _nearest(text: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(text, list(allowed), n=1, cutoff=0.3)
    hint = _msg(_("use one of %s"), ", ".join(allowed))
    return _msg(_("did you mean %s?"), close[0]) + " " + hint if close else hint


def read_choice(text: str, allowed: Sequence[str], what: str) -> str:
    """*text* as one of *allowed* (ignoring width, spaces and case); raises
    :class:`PlanValueError` naming the nearest."""
    written = " ".join(normalize(text).split())
    for choice in allowed:
        if normalize(choice).casefold() == written.casefold():
            return choice
    raise PlanValueError(
        _msg(_("%r is not %s: %s"), shorten(text), what, _nearest(written, allowed))
    )


def split_names(text: str) -> list[str]:
    """The names of a comma-separated filter (``A, B`` or ``反映、一部反映``)."""
    return [n.strip() for n in re.split(r"[,、，]", text) if n.strip()]


def disposition_code(text: str, dispositions: Sequence[tuple[str, str]]) -> str:
    """The code of the disposition *text* names, by code or by label."""
    names = [name for pair in dispositions for name in pair]
    chosen = read_choice(text, names, _("a disposition of keikaku_dispositions"))
    return next(code for code, label in dispositions if chosen in (code, label))


_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_JA_DATE = re.compile(
    r"(?P<year>(?:令和|平成|昭和|[RHS])\s*(?:\d+|元)|\d{4})\s*(?:年|[./-])\s*"
    r"(?P<month>\d{1,2})\s*(?:月|[./-])\s*(?P<day>\d{1,2})\s*日?",
    re.IGNORECASE,
)


def parse_date(text: str) -> str:
    """*text* (``2025-01-15``, ``2025/1/15``, ``2025年1月15日``,
    ``令和7年1月15日``, ``R7.1.15``) as an ISO date.

    >>> parse_date("令和7年1月15日")
    '2025-01-15'
    >>> parse_date("２０２５-１-５")
    '2025-01-05'
    """
    written = normalize(text)
    match = _ISO_DATE.fullmatch(written) or _JA_DATE.fullmatch(written)
    hint = _("write a date such as 2025-01-15 or 令和7年1月15日")
    if match is None:
        raise PlanValueError(
            _msg(_("cannot read %r as a date: %s"), shorten(text), hint)
        )
    year_text, month, day = match.group(1), match.group(2), match.group(3)
    try:
        # an era year is the calendar year of the same number (令和7 = 2025)
        year = parse_fiscal_year(year_text)
        return datetime.date(year, int(month), int(day)).isoformat()
    except (PlanValueError, ValueError) as err:
        raise PlanValueError(
            _msg(_("cannot read %r as a date (%s): %s"), shorten(text), err, hint)
        ) from None


def parse_count(text: str) -> int:
    """同趣旨件数: a whole number of at least 1 (``3``, ``３件``).

    >>> parse_count("３件")
    3
    """
    written = normalize(text).removesuffix("件").strip().replace(",", "")
    if not written.isdigit() or int(written) < 1 or len(written) > 9:
        raise PlanValueError(
            _msg(
                _(
                    "%r is not a count of opinions: write a whole number of at least 1, such as 3"
                ),
                shorten(text),
            )
        )
    return int(written)


def opinion_id(channel: str, order: int) -> str:
    """The id of the *order*-th opinion (from 1) without an id of a page,
    heard in *channel* (as written): ``O-1-3`` (:func:`channel_code`)."""
    return f"O-{channel_code(channel)}-{order}"


#: The id code of each default channel.
CHANNEL_CODES: MappingProxyType[str, str] = MappingProxyType(
    {name: str(number) for number, name in enumerate(DEFAULT_CHANNELS, 1)}
)
_ASCII_CODE = re.compile(r"[a-z0-9][a-z0-9_-]*")


def channel_code(text: str) -> str:
    """The part of a derived id that names the channel written as *text*.

    ``1``–``5`` for the default channels, and ``1`` for none written; a
    channel of a project's own with an ASCII name is that name in lower
    case (``online``); any other, ``c`` and six hex digits of the name's
    digest. It depends on the text alone, not on
    ``keikaku_opinion_channels``: ids are given while the pages are read,
    and no setting is read then (a setting changed rewrites the pages, it
    does not read them again).

    >>> channel_code("ワークショップ"), channel_code(""), channel_code("Online")
    ('2', '1', 'online')
    """
    written = " ".join(normalize(text).split())
    if not written:
        return "1"
    for name, code in CHANNEL_CODES.items():
        if normalize(name) == written:
            return code
    if _ASCII_CODE.fullmatch(written.casefold()):
        return written.casefold()
    return "c" + hashlib.blake2b(written.encode(), digest_size=3).hexdigest()


# -- what the pages and exports read ------------------------------------------


@dataclass(frozen=True)
class OpinionSettings:
    """The settings the rules and tables read opinions against."""

    channels: tuple[str, ...] = DEFAULT_CHANNELS
    dispositions: tuple[tuple[str, str], ...] = DEFAULT_DISPOSITIONS
    #: ``(key, label)`` of the ``district`` axis, when the plan declares one.
    districts: tuple[tuple[str, str], ...] | None = None

    def channel_of(self, opinion: Opinion) -> str:
        """The channel as the setting names it (as written if it is none)."""
        if not opinion.channel:
            return self.channels[0]
        try:
            return read_choice(opinion.channel, self.channels, "")
        except PlanValueError:
            return opinion.channel

    def code_of(self, opinion: Opinion) -> str:
        """The disposition's code, or ``""`` when it names none."""
        try:
            return disposition_code(opinion.disposition, self.dispositions)
        except PlanValueError:
            return ""

    def label_of(self, code: str) -> str:
        return dict(self.dispositions).get(code, "")

    def district_of(self, opinion: Opinion) -> str:
        """The district's key (its label read as its key), else as written."""
        if self.districts is None or not opinion.district:
            return opinion.district
        names = [name for pair in self.districts for name in pair]
        try:
            chosen = read_choice(opinion.district, names, "")
        except PlanValueError:
            return opinion.district
        return next(k for k, label in self.districts if chosen in (k, label))

    def district_label(self, key: str) -> str:
        if self.districts is None:
            return key
        return dict(self.districts).get(key, key)

    def reflecting(self, code: str) -> bool:
        return reflects(self.label_of(code))


def all_opinions(plan: Plan) -> list[Opinion]:
    """Every opinion of the plan: the pages' in document order, then the
    sheets' by file, sheet and row (the plan keeps objects in document
    order, in which every sheet's rows would interleave)."""
    key = ("opinions",)
    found = cast("tuple[Opinion, ...] | None", plan.cache.get(key))
    if found is None:
        found = tuple(
            sorted(
                # an opinion whose id is taken is reported (duplicate-id)
                # and still counted: no row of the published table is lost
                [
                    *plan.of_kind(Opinion),
                    *(o for o in plan.duplicates if isinstance(o, Opinion)),
                ],
                key=lambda o: (bool(o.path), o.path, o.sheet, o.docname, o.lineno),
            )
        )
        plan.cache[key] = found
    return list(found)


def opinions_about(plan: Plan, object_id: str) -> list[Opinion]:
    """The opinions naming *object_id* in ``:about:``."""
    return [
        o
        for o in (plan.get(i, Opinion) for i in plan.linked_from(object_id, "about"))
        if o is not None
    ]


def opinions_changing(plan: Plan, object_id: str) -> list[Opinion]:
    """The opinions naming *object_id* in ``:changed:``."""
    return [
        o
        for o in (plan.get(i, Opinion) for i in plan.linked_from(object_id, "changed"))
        if o is not None
    ]


@dataclass
class Tally:
    """Counts of opinions: points (rows), opinions (同趣旨件数 summed), per
    disposition code and per channel, and how many took the plan up."""

    points: int = 0
    opinions: int = 0
    by_disposition: dict[str, list[int]] = field(default_factory=dict)
    by_channel: dict[str, list[int]] = field(default_factory=dict)
    reflected_points: int = 0
    reflected_opinions: int = 0


def tally(opinions: Sequence[Opinion], settings: OpinionSettings) -> Tally:
    """The counts of *opinions*: ``by_disposition[code] = [points, opinions]``
    for every code of the setting in order (zero rows included, so a reader
    sees that none was 反映), then any channel in the setting's order."""
    result = Tally()
    result.by_disposition = {code: [0, 0] for code, _label in settings.dispositions}
    result.by_channel = {name: [0, 0] for name in settings.channels}
    for opinion in opinions:
        result.points += 1
        result.opinions += opinion.count
        code = settings.code_of(opinion)
        if code:
            result.by_disposition[code][0] += 1
            result.by_disposition[code][1] += opinion.count
            if settings.reflecting(code):
                result.reflected_points += 1
                result.reflected_opinions += opinion.count
        channel = result.by_channel.setdefault(settings.channel_of(opinion), [0, 0])
        channel[0] += 1
        channel[1] += opinion.count
    return result
