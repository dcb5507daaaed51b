"""Imports for the organisation's record, from CSV or XLSX (``marsad.core.spreadsheets``):

- **communications figures** from a social media export: one row per day or per month, of one
  channel or with a channel column; rows are summed into months (video views, engagement)
  and each month keeps the last follower count it has. Importing the same file again
  changes nothing; a month already entered is replaced by what the file says.
- **a training's attendance** from its attendance list: one row per participant (gender,
  organisation, whether trained as a trainer). The list replaces the training's counts and
  organisations. Names in the list are never stored.

Both report every row and then a summary, like ``marsad import reports``; a dry run writes
nothing, and neither does a file with a rejected row (a figure made from part of a file would
be wrong: fix the row and import again). Messages are for staff, in plain English (like the
reports import).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from marsad.activities import services
from marsad.activities.choices import Channel
from marsad.activities.models import CommunicationsFigure, Organisation, Training
from marsad.core.errors import DomainError
from marsad.core.spreadsheets import Cell, SpreadsheetError, Table, cell_text, quoted, table_open
from marsad.core.text import match_key, western_digits


class ImportFailed(DomainError):
    """The file cannot be used (nothing was imported)."""

    code = "activities.import_failed"
    http_status = 400


class Outcome(enum.StrEnum):
    READ = "read"
    SKIPPED = "skipped"
    REJECTED = "rejected"


@dataclass(frozen=True)
class RowResult:
    row: int
    outcome: Outcome
    text: str


def _keys(*labels: str) -> frozenset[str]:
    return frozenset(match_key(label) for label in labels)


def _find(header: list[str], names: frozenset[str]) -> int | None:
    for index, title in enumerate(header):
        if match_key(title) in names:
            return index
    return None


def _cell(cells: Sequence[Cell], index: int | None) -> Cell:
    return cells[index] if index is not None and index < len(cells) else None


_NUMBER = re.compile(r"^\d+$")


def _number(value: Cell, what: str) -> int | None:
    """A count from a cell: ``1,234``, ``1 234``, Arabic digits; empty is None."""
    if isinstance(value, bool):
        raise ValueError(f"{what}: {quoted(cell_text(value))} is not a number")
    if isinstance(value, int | float):
        if value < 0 or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(f"{what}: {value} is not a whole number of zero or more")
        return int(value)
    text = western_digits(cell_text(value))
    text = re.sub(r"[\s,\u066c\u00a0\u202f'’]", "", text)
    if not text:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if not _NUMBER.match(text):
        raise ValueError(f"{what}: {quoted(cell_text(value))} is not a whole number")
    return int(text)


# --- Communications figures -------------------------------------------------------------------

DATE_COLUMNS = _keys(
    "month",
    "date",
    "day",
    "period",
    "reporting period",
    "الشهر",
    "التاريخ",
    "اليوم",
    "חודש",
    "תאריך",
    "יום",
)
CHANNEL_COLUMNS = _keys(
    "channel", "platform", "network", "account", "القناة", "المنصة", "ערוץ", "פלטפורמה"
)
VIEWS_COLUMNS = _keys(
    "video views",
    "views",
    "video plays",
    "plays",
    "3-second video views",
    "مشاهدات الفيديو",
    "المشاهدات",
    "צפיות בסרטונים",
    "צפיות",
)
ENGAGEMENT_COLUMNS = _keys(
    "engagement",
    "engagements",
    "interactions",
    "post engagements",
    "content interactions",
    "التفاعل",
    "التفاعلات",
    "מעורבות",
    "אינטראקציות",
)
FOLLOWERS_COLUMNS = _keys(
    "followers",
    "page followers",
    "total followers",
    "fans",
    "subscribers",
    "المتابعون",
    "المتابعين",
    "عدد المتابعين",
    "المشتركون",
    "עוקבים",
    "מנויים",
)

_CHANNEL_NAMES: dict[str, str] = {}
for _value, _names in {
    Channel.FACEBOOK: ("facebook", "fb", "meta", "فيسبوك", "فيس بوك", "פייסבוק"),
    Channel.INSTAGRAM: ("instagram", "ig", "إنستغرام", "انستغرام", "انستجرام", "אינסטגרם"),
    Channel.X: ("x", "twitter", "x (twitter)", "تويتر", "إكس", "טוויטר"),
    Channel.TIKTOK: ("tiktok", "tik tok", "تيك توك", "טיקטוק"),
    Channel.YOUTUBE: ("youtube", "يوتيوب", "יוטיוב"),
    Channel.TELEGRAM: ("telegram", "تيليغرام", "تلغرام", "טלגרם"),
    Channel.LINKEDIN: ("linkedin", "لينكد إن", "לינקדאין"),
    Channel.WEBSITE: ("website", "site", "web", "الموقع", "موقع", "אתר"),
    Channel.OTHER: ("other", "أخرى", "אחר"),
}.items():
    for _name in _names:
        _CHANNEL_NAMES[match_key(_name)] = _value

_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_MONTH = re.compile(r"^(\d{4})[-/](\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")


def _day(value: Cell) -> dt.date:
    """A day or a month from a cell: an XLSX date, ``2022-03-14`` (a time may follow, as in
    exports' ``2022-03-14T07:00:00``), ``2022-03`` or ``03/2022``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = western_digits(cell_text(value))
    for pattern, order in (
        (_ISO_DAY, (1, 2, 3)),
        (_ISO_MONTH, (1, 2, 0)),
        (_MONTH_YEAR, (2, 1, 0)),
    ):
        match = pattern.match(text)
        if match:
            year, month = int(match.group(order[0])), int(match.group(order[1]))
            day = int(match.group(order[2])) if order[2] else 1
            try:
                return dt.date(year, month, day)
            except ValueError:
                break
    raise ValueError(f"date {quoted(text)} is not a day (2022-03-14) or a month (2022-03)")


@dataclass
class MonthTotals:
    video_views: int | None = None
    engagement: int | None = None
    followers: int | None = None
    followers_day: dt.date | None = None
    rows: int = 0

    def add(
        self, day: dt.date, views: int | None, engagement: int | None, followers: int | None
    ) -> None:
        self.rows += 1
        if views is not None:
            self.video_views = (self.video_views or 0) + views
        if engagement is not None:
            self.engagement = (self.engagement or 0) + engagement
        if followers is not None and (self.followers_day is None or day >= self.followers_day):
            self.followers, self.followers_day = followers, day


@dataclass(frozen=True)
class MonthResult:
    month: dt.date
    channel: str
    totals: MonthTotals
    state: str  # "new", "changed" or "unchanged" (against what was recorded before)
    before: tuple[int | None, int | None, int | None] | None = None


@dataclass
class CommunicationsResult:
    dry_run: bool
    written: bool = False
    rows: int = 0
    empty_rows: int = 0
    rejected_rows: list[int] = field(default_factory=list)
    months: list[MonthResult] = field(default_factory=list)


def communications_import(
    *,
    path: Path,
    channel: str | None = None,
    dry_run: bool = False,
    encoding: str | None = None,
    on_source: Callable[[Table], None] | None = None,
    on_row: Callable[[RowResult], None] | None = None,
) -> CommunicationsResult:
    """Read a communications export and (unless ``dry_run``) set its months' figures."""
    if channel is not None and channel not in Channel.values:
        raise ImportFailed(f"unknown channel {channel!r}; channels: {', '.join(Channel.values)}")
    result = CommunicationsResult(dry_run=dry_run)
    months: dict[tuple[dt.date, str], MonthTotals] = {}
    try:
        with table_open(path, encoding=encoding) as table:
            columns = {
                "date": _find(table.header, DATE_COLUMNS),
                "channel": _find(table.header, CHANNEL_COLUMNS),
                "views": _find(table.header, VIEWS_COLUMNS),
                "engagement": _find(table.header, ENGAGEMENT_COLUMNS),
                "followers": _find(table.header, FOLLOWERS_COLUMNS),
            }
            if columns["date"] is None:
                raise ImportFailed("no date or month column (e.g. 'Date', 'Month', 'التاريخ')")
            if columns["channel"] is None and channel is None:
                raise ImportFailed("the file has no channel column: say which channel it is")
            if all(columns[k] is None for k in ("views", "engagement", "followers")):
                raise ImportFailed(
                    "no figures: expected columns such as 'Video views', 'Engagement', 'Followers'"
                )
            if on_source:
                on_source(table)
            for number, cells in table.rows:
                if not any(cell_text(c) for c in cells):
                    result.empty_rows += 1
                    continue
                result.rows += 1
                row = _communications_row(number, cells, columns, channel, months)
                if row.outcome == Outcome.REJECTED:
                    result.rejected_rows.append(number)
                if on_row:
                    on_row(row)
    except SpreadsheetError as exc:
        raise ImportFailed(str(exc)) from None
    recorded = {
        (f.month, f.channel): (f.video_views, f.engagement, f.followers)
        for f in CommunicationsFigure.objects.filter(month__in={m for m, _c in months})
    }
    result.written = not dry_run and not result.rejected_rows
    with transaction.atomic():
        for (month, row_channel), totals in sorted(months.items()):
            new = (totals.video_views, totals.engagement, totals.followers)
            before = recorded.get((month, row_channel))
            state = "new" if before is None else ("unchanged" if before == new else "changed")
            if result.written and state != "unchanged":
                services.communications_figure_set(
                    month=month,
                    channel=row_channel,
                    video_views=totals.video_views,
                    engagement=totals.engagement,
                    followers=totals.followers,
                )
            result.months.append(MonthResult(month, row_channel, totals, state, before))
    return result


def _communications_row(
    number: int,
    cells: Sequence[Cell],
    columns: dict[str, int | None],
    default_channel: str | None,
    months: dict[tuple[dt.date, str], MonthTotals],
) -> RowResult:
    try:
        day = _day(_cell(cells, columns["date"]))
        raw_channel = cell_text(_cell(cells, columns["channel"]))
        if raw_channel:
            row_channel = _CHANNEL_NAMES.get(match_key(raw_channel))
            if row_channel is None:
                raise ValueError(f"unknown channel {quoted(raw_channel)}")
        elif default_channel:
            row_channel = default_channel
        else:
            raise ValueError("no channel in this row")
        views = _number(_cell(cells, columns["views"]), "video views")
        engagement = _number(_cell(cells, columns["engagement"]), "engagement")
        followers = _number(_cell(cells, columns["followers"]), "followers")
    except ValueError as exc:
        return RowResult(number, Outcome.REJECTED, f"rejected: {exc}")
    if views is None and engagement is None and followers is None:
        return RowResult(number, Outcome.SKIPPED, "skipped: no figures in this row")
    month = day.replace(day=1)
    months.setdefault((month, row_channel), MonthTotals()).add(day, views, engagement, followers)
    return RowResult(
        number, Outcome.READ, f"{day.isoformat()} {row_channel}: added to {month:%Y-%m}"
    )


# --- Training attendance ----------------------------------------------------------------------

GENDER_COLUMNS = _keys("gender", "sex", "الجنس", "النوع الاجتماعي", "الجندر", "מגדר", "מין")
ORGANISATION_COLUMNS = _keys(
    "organisation",
    "organization",
    "organisation name",
    "organization name",
    "institution",
    "المؤسسة",
    "المنظمة",
    "الجمعية",
    "اسم المؤسسة",
    "ארגון",
    "שם הארגון",
    "מוסד",
)
TRAINER_COLUMNS = _keys(
    "trainer",
    "trainers",
    "tot",
    "training of trainers",
    "trained as trainer",
    "مدرب",
    "مدربين",
    "تدريب مدربين",
    "מדריך",
    "הכשרת מדריכים",
)

WOMAN = _keys(
    "woman",
    "women",
    "female",
    "f",
    "w",
    "girl",
    "امرأة",
    "أنثى",
    "انثى",
    "إناث",
    "سيدة",
    "فتاة",
    "אישה",
    "נקבה",
    "אשה",
    "בת",
)
MAN = _keys("man", "men", "male", "m", "boy", "رجل", "ذكر", "ذكور", "شاب", "גבר", "זכר", "בן")
UNSTATED = _keys(
    "",
    "other",
    "not stated",
    "prefer not to say",
    "unknown",
    "-",
    "أخرى",
    "غير ذلك",
    "أفضل عدم القول",
    "אחר",
    "לא צוין",
    "מעדיף/ה לא לומר",
)
YES = _keys("yes", "y", "true", "1", "x", "✓", "✔", "trainer", "نعم", "مدرب", "כן", "מדריך")
NO = _keys("", "no", "n", "false", "0", "لا", "לא")


@dataclass
class AttendanceResult:
    dry_run: bool
    written: bool = False
    rows: int = 0
    empty_rows: int = 0
    women: int = 0
    men: int = 0
    gender_unstated: int = 0
    trainers: int = 0
    organisations: list[Organisation] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    rejected_rows: list[int] = field(default_factory=list)

    @property
    def participants(self) -> int:
        return self.women + self.men + self.gender_unstated

    @property
    def organisation_count(self) -> int:
        """Organisations in the list (a dry run has not made the new ones yet)."""
        return len(self.organisations) + (0 if self.written else len(self.new_organisations))


def attendance_import(
    *,
    training: Training,
    path: Path,
    dry_run: bool = False,
    encoding: str | None = None,
    on_source: Callable[[Table], None] | None = None,
    on_row: Callable[[RowResult], None] | None = None,
) -> AttendanceResult:
    """Count a training's attendance list and (unless ``dry_run``) record it."""
    result = AttendanceResult(dry_run=dry_run)
    names: dict[str, str] = {}
    try:
        with table_open(path, encoding=encoding) as table:
            gender = _find(table.header, GENDER_COLUMNS)
            organisation = _find(table.header, ORGANISATION_COLUMNS)
            trainer = _find(table.header, TRAINER_COLUMNS)
            if gender is None and organisation is None:
                raise ImportFailed(
                    "no gender or organisation column (e.g. 'Gender', 'Organisation', 'الجنس')"
                )
            if on_source:
                on_source(table)
            for number, cells in table.rows:
                if not any(cell_text(c) for c in cells):
                    result.empty_rows += 1
                    continue
                result.rows += 1
                row = _attendance_row(number, cells, gender, organisation, trainer, result, names)
                if row.outcome == Outcome.REJECTED:
                    result.rejected_rows.append(number)
                if on_row:
                    on_row(row)
    except SpreadsheetError as exc:
        raise ImportFailed(str(exc)) from None
    if result.trainers > result.participants:
        raise ImportFailed("more trainers than participants in the list")
    existing = {o.name_key: o for o in Organisation.objects.filter(name_key__in=list(names))}
    result.new_organisations = [name for key, name in names.items() if key not in existing]
    if dry_run or result.rejected_rows:
        result.organisations = list(existing.values())
        return result
    with transaction.atomic():
        organisations = [
            existing.get(key) or services.organisation_find_or_create(name=name)[0]
            for key, name in names.items()
        ]
        services.training_set_attendance(
            training=training,
            women=result.women,
            men=result.men,
            gender_unstated=result.gender_unstated,
            trainers_trained=result.trainers,
            organisations=organisations,
        )
    result.organisations = organisations
    result.written = True
    return result


def _attendance_row(
    number: int,
    cells: Sequence[Cell],
    gender_column: int | None,
    organisation_column: int | None,
    trainer_column: int | None,
    result: AttendanceResult,
    names: dict[str, str],
) -> RowResult:
    gender = match_key(cell_text(_cell(cells, gender_column)))
    trainer = match_key(cell_text(_cell(cells, trainer_column)))
    if trainer not in YES and trainer not in NO:
        return RowResult(
            number,
            Outcome.REJECTED,
            f"rejected: trainer {quoted(cell_text(_cell(cells, trainer_column)))} is not yes or no",
        )
    parts = []
    if gender in WOMAN:
        result.women += 1
        parts.append("woman")
    elif gender in MAN:
        result.men += 1
        parts.append("man")
    else:
        result.gender_unstated += 1
        shown = cell_text(_cell(cells, gender_column))
        parts.append(
            "gender not stated"
            if gender in UNSTATED
            else f"gender {quoted(shown)} counted as other or not stated"
        )
    if trainer in YES:
        result.trainers += 1
        parts.append("trainer")
    name = " ".join(cell_text(_cell(cells, organisation_column)).split())[:300]
    if name:
        names.setdefault(match_key(name), name)
        parts.append(f"organisation {quoted(name)}")
    return RowResult(number, Outcome.READ, "counted: " + ", ".join(parts))
