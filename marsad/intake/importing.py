"""Import historical reports from a spreadsheet (CSV or XLSX), for example a Google Forms export.

A mapping file says which column holds which report field and how cell values become
vocabulary slugs (docs/recipes.md, "Import historical reports"). Every row goes through the
report form's validation (``ReportForm``) and is saved with ``report_submit``, so imported
reports obey the same rules as the form and the partner API. Each row is saved in its own
transaction: a bad row is reported and the others go on.

Re-running an import creates nothing new: each row's submission material is
``import:id:<source>:<external id>`` when the mapping names an id column, otherwise
``import:row:<SHA-256 of the row>``, and ``report_submit`` finds the report already made for it.

Files are read by ``marsad.core.spreadsheets``: streamed, in the encoding they were written
in, formulas kept as text.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone, translation

from marsad.core import crypto
from marsad.core.errors import DomainError
from marsad.core.spreadsheets import Cell, SpreadsheetError, Table, cell_text, table_open
from marsad.core.spreadsheets import quoted as _quote
from marsad.core.text import match_key
from marsad.intake import validators
from marsad.intake.choices import (
    AppealResult,
    Channel,
    ContactMethod,
    ReportLanguage,
    Target,
    Trust,
    YesNoUnsure,
)
from marsad.intake.errors import IdempotencyConflict
from marsad.intake.forms import ReportForm
from marsad.intake.models import Report
from marsad.intake.services import report_submit
from marsad.taxonomy.models import (
    PerpetratorType,
    Platform,
    Region,
    Term,
    VictimType,
    ViolationType,
)

# Messages here are for staff at a terminal and stay in plain English (the form's own
# messages are rendered in English by the command too); nothing here reaches reporters.

TEXT_FIELDS = frozenset(
    {
        "description",
        "links",
        "account_handle",
        "victim_name",
        "perpetrator_details",
        "platform_rule",
        "contact_email",
        "contact_phone",
        "contact_signal",
        "external_id",
    }
)
TERM_FIELDS: dict[str, tuple[type[Term], str]] = {
    "violation_type": (ViolationType, "violation type"),
    "platform": (Platform, "platform"),
    "victim_type": (VictimType, "victim type"),
    "region": (Region, "region"),
    "perpetrator_type": (PerpetratorType, "perpetrator type"),
}
CHOICE_FIELDS: dict[str, type[models.TextChoices]] = {
    "language": ReportLanguage,
    "target": Target,
    "platform_notified": YesNoUnsure,
    "appealed": YesNoUnsure,
    "appeal_result": AppealResult,
    "contact_method": ContactMethod,
    "contact_language": ReportLanguage,
}
BOOL_FIELDS = frozenset(
    {"occurred_on_approximate", "consent_contact", "consent_share_with_platform", "consent_publish"}
)
DATE_FIELDS = frozenset({"occurred_on", "submitted_at"})
FIELDS = TEXT_FIELDS | TERM_FIELDS.keys() | CHOICE_FIELDS.keys() | BOOL_FIELDS | DATE_FIELDS

_SPEC_KEYS = frozenset({"column", "value", "values", "format", "timezone"})
_TOP_KEYS = frozenset({"fields", "append_to_description", "source", "sheet"})
_YES = frozenset({"yes", "y", "true", "1", "x", "✓", "✔", "on", "نعم", "כן"})
_NO = frozenset({"no", "n", "false", "0", "off", "لا", "לא"})
# Google Forms' own CSV download: "2023/05/14 1:23:45 PM GMT+3".
_GOOGLE_TIMESTAMP = re.compile(
    r"^(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp])\.?[Mm]\.?)?"
    r"(?: ?(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?)?$"
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_UNSET = object()


class ImportFailed(DomainError):
    """The file or the mapping cannot be used."""

    code = "intake.import_failed"
    http_status = 400


class Outcome(enum.StrEnum):
    CREATED = "created"
    WOULD_CREATE = "would create"
    ALREADY_IMPORTED = "already imported"
    REJECTED = "rejected"


@dataclass(frozen=True)
class RowResult:
    row: int
    outcome: Outcome
    reasons: tuple[str, ...] = ()
    report_id: int | None = None
    note: str = ""


@dataclass
class ImportResult:
    dry_run: bool
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    rejected_rows: list[int] = field(default_factory=list)
    empty_rows: int = 0
    stopped: str = ""

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


# --- the mapping ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldMap:
    name: str
    columns: tuple[str, ...] = ()
    value: Any = _UNSET
    values: dict[str, Any] = field(default_factory=dict)  # keyed by match_key
    fallback: Any = _UNSET  # the "*" entry of "values"
    formats: tuple[str, ...] = ()
    tz: dt.tzinfo | None = None


@dataclass(frozen=True)
class Mapping:
    fields: dict[str, FieldMap]
    append_to_description: tuple[str, ...] = ()
    source: str = ""
    sheet: str = ""


def mapping_load(path: Path) -> Mapping:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ImportFailed(f"cannot read the mapping file: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(f"the mapping file is not valid UTF-8 JSON: {exc}") from None
    return mapping_parse(raw)


def _columns(name: str, value: Any) -> tuple[str, ...]:
    columns = [value] if isinstance(value, str) else value
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
        raise ImportFailed(f"mapping: {name}: 'column' must be a header or a list of headers")
    return tuple(" ".join(c.split()) for c in columns)


def _field_map(name: str, spec: Any) -> FieldMap:
    if isinstance(spec, str | list):
        spec = {"column": spec}
    if not isinstance(spec, dict):
        raise ImportFailed(f"mapping: {name}: give a header or an object with 'column'")
    unknown = sorted(k for k in spec if k not in _SPEC_KEYS and not k.startswith("_"))
    if unknown:
        raise ImportFailed(f"mapping: {name}: unknown key(s) {', '.join(unknown)}")
    if ("column" in spec) == ("value" in spec):
        raise ImportFailed(f"mapping: {name}: give either 'column' or 'value'")
    values: dict[str, Any] = {}
    fallback: Any = _UNSET
    raw_values = spec.get("values", {})
    if raw_values and name not in TERM_FIELDS.keys() | CHOICE_FIELDS.keys() | BOOL_FIELDS:
        raise ImportFailed(f"mapping: {name}: 'values' is only for vocabulary, choice and yes/no")
    if not isinstance(raw_values, dict):
        raise ImportFailed(f"mapping: {name}: 'values' must be an object")
    for cell, target in raw_values.items():
        _check_target(name, target)
        if cell == "*":
            fallback = target
        elif values.setdefault(match_key(cell), target) != target:
            raise ImportFailed(f"mapping: {name}: {cell!r} is mapped twice")
    if "value" in spec:
        _check_target(name, spec["value"])
    formats = spec.get("format", [])
    formats = [formats] if isinstance(formats, str) else formats
    if name not in DATE_FIELDS and (formats or "timezone" in spec):
        raise ImportFailed(f"mapping: {name}: 'format' and 'timezone' are only for dates")
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        raise ImportFailed(f"mapping: {name}: 'format' must be a strptime format or a list")
    try:
        tz = ZoneInfo(spec["timezone"]) if "timezone" in spec else None
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ImportFailed(f"mapping: {name}: unknown timezone {spec['timezone']!r}") from None
    return FieldMap(
        name=name,
        columns=_columns(name, spec["column"]) if "column" in spec else (),
        value=spec.get("value", _UNSET),
        values=values,
        fallback=fallback,
        formats=tuple(formats),
        tz=tz,
    )


def _check_target(name: str, target: Any) -> None:
    """Mapped values have the field's type; slugs and choices are checked against the
    database when the import starts."""
    if name in BOOL_FIELDS:
        ok = isinstance(target, bool)
    elif name in TERM_FIELDS or name in CHOICE_FIELDS:
        ok = target is None or isinstance(target, str)
    else:
        ok = isinstance(target, str)
    if not ok:
        raise ImportFailed(f"mapping: {name}: {target!r} is not a valid value for this field")


def mapping_parse(raw: Any) -> Mapping:
    if not isinstance(raw, dict) or not isinstance(raw.get("fields"), dict):
        raise ImportFailed("mapping: expected an object with a 'fields' object")
    unknown = sorted(k for k in raw if k not in _TOP_KEYS and not k.startswith("_"))
    if unknown:
        raise ImportFailed(f"mapping: unknown key(s) {', '.join(unknown)}")
    bad = sorted(name for name in raw["fields"] if name not in FIELDS and not name.startswith("_"))
    if bad:
        raise ImportFailed(
            f"mapping: unknown field(s) {', '.join(bad)}; "
            f"the fields are {', '.join(sorted(FIELDS))}"
        )
    fields = {
        name: _field_map(name, spec) for name, spec in raw["fields"].items() if name in FIELDS
    }
    append = raw.get("append_to_description", [])
    if "description" not in fields and not append:
        raise ImportFailed("mapping: map 'description' (or 'append_to_description') to a column")
    for key in ("source", "sheet"):
        if not isinstance(raw.get(key, ""), str):
            raise ImportFailed(f"mapping: '{key}' must be a string")
    return Mapping(
        fields=fields,
        append_to_description=_columns("append_to_description", append) if append else (),
        source=raw.get("source", ""),
        sheet=raw.get("sheet", ""),
    )


# --- cells ---------------------------------------------------------------------------------


def _row_digest(header: list[str], cells: Sequence[Cell]) -> str:
    """SHA-256 of the row's non-empty cells by header: the same row gives the same digest
    whatever the column order or the empty columns around it."""
    pairs = sorted(
        [header[i] if i < len(header) else f"#{i}", cell_text(c)] for i, c in enumerate(cells)
    )
    payload = json.dumps([p for p in pairs if p[1]], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


class _Problem(Exception):
    pass


class _Vocabularies:
    """Cell values to slugs and choice values: the mapping's "values" first, then the terms'
    slugs and their ar/en/he labels (Arabic spelling variants and case folded)."""

    def __init__(self, mapping: Mapping) -> None:
        self.terms: dict[str, dict[str, set[str]]] = {}
        self.active: dict[str, dict[str, bool]] = {}
        for name, (model, _label) in TERM_FIELDS.items():
            keys: dict[str, set[str]] = {}
            terms = list(model.objects.prefetch_related("translations"))
            for term in terms:
                labels = {term.slug, term.slug.replace("-", " ")}
                labels |= {t.name for t in term.translations.all()}
                for label in labels:
                    keys.setdefault(match_key(label), set()).add(term.slug)
            self.terms[name] = keys
            self.active[name] = {term.slug: term.is_active for term in terms}
        self.choices: dict[str, dict[str, str]] = {}
        for name, choices in CHOICE_FIELDS.items():
            index: dict[str, str] = {}
            for language in ("en", "ar", "he"):
                with translation.override(language):
                    for value, label in choices.choices:
                        index.setdefault(match_key(str(label)), value)
            index.update({match_key(v): v for v in choices.values})
            self.choices[name] = index
        self._check(mapping)

    def _check(self, mapping: Mapping) -> None:
        """Every slug or choice the mapping names exists (and is active)."""
        for name, fmap in mapping.fields.items():
            if name in self.active:
                allowed = {slug for slug, active in self.active[name].items() if active}
            elif name in CHOICE_FIELDS:
                allowed = set(CHOICE_FIELDS[name].values)
            else:
                continue
            for target in [*fmap.values.values(), fmap.fallback, fmap.value]:
                if target is not _UNSET and target is not None and target not in allowed:
                    raise ImportFailed(
                        f"mapping: {name}: {target!r} is not one of {', '.join(sorted(allowed))}"
                    )

    def term(self, fmap: FieldMap, raw: str, row: int) -> str:
        label = TERM_FIELDS[fmap.name][1]
        key = match_key(raw)
        if key in fmap.values:
            return fmap.values[key] or ""
        slugs = self.terms[fmap.name].get(key, set())
        if len(slugs) == 1:
            slug = next(iter(slugs))
            if self.active[fmap.name][slug]:
                return slug
            if fmap.fallback is _UNSET:
                raise _Problem(
                    f"retired {label} {_quote(raw)} in row {row}: "
                    "reactivate it in the admin or map it"
                )
        elif len(slugs) > 1:
            raise _Problem(
                f"{label} {_quote(raw)} in row {row} matches {', '.join(sorted(slugs))}: map it"
            )
        if fmap.fallback is not _UNSET:
            return fmap.fallback or ""
        raise _Problem(f"unknown {label} {_quote(raw)} in row {row}: add it in the admin or map it")

    def choice(self, fmap: FieldMap, raw: str, row: int) -> str:
        key = match_key(raw)
        if key in fmap.values:
            return fmap.values[key] or ""
        if key in self.choices[fmap.name]:
            return self.choices[fmap.name][key]
        if fmap.fallback is not _UNSET:
            return fmap.fallback or ""
        allowed = ", ".join(CHOICE_FIELDS[fmap.name].values)
        raise _Problem(
            f"unknown {fmap.name} {_quote(raw)} in row {row}: map it to one of {allowed}"
        )


def _boolean(fmap: FieldMap, raw: Cell, row: int) -> bool:
    if isinstance(raw, bool):
        return raw
    key = match_key(cell_text(raw))
    if key in fmap.values:
        return bool(fmap.values[key])
    if key in _YES:
        return True
    if not key or key in _NO:
        return False
    if fmap.fallback is not _UNSET:
        return bool(fmap.fallback)
    raise _Problem(f"{fmap.name} {_quote(cell_text(raw))} in row {row} is not yes or no: map it")


def _datetime(fmap: FieldMap, raw: Cell, row: int) -> dt.datetime:
    """An aware datetime: naive values are in the mapping's timezone (default TIME_ZONE)."""
    tz = fmap.tz or timezone.get_default_timezone()
    if isinstance(raw, dt.datetime):
        return raw if raw.tzinfo else raw.replace(tzinfo=tz)
    if isinstance(raw, dt.date):
        return dt.datetime.combine(raw, dt.time(), tzinfo=tz)
    text = cell_text(raw).translate(_DIGITS)
    for fmt in fmap.formats:
        try:
            parsed = dt.datetime.strptime(text, fmt)  # noqa: DTZ007 - tz added below
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    if not fmap.formats:
        try:
            parsed = dt.datetime.fromisoformat(text)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
        except ValueError:
            pass
        if match := _GOOGLE_TIMESTAMP.match(text):
            year, month, day, hour, minute, second, half, sign, oh, om = match.groups()
            hours = int(hour)
            if half:
                hours = hours % 12 + (12 if half.lower() == "p" else 0)
            zone = tz
            if sign:
                offset = dt.timedelta(hours=int(oh), minutes=int(om or 0))
                zone = dt.timezone(offset if sign == "+" else -offset)
            elif "GMT" in text or "UTC" in text:
                zone = dt.UTC
            try:
                return dt.datetime(
                    int(year),
                    int(month),
                    int(day),
                    hours,
                    int(minute),
                    int(second or 0),
                    tzinfo=zone,
                )
            except ValueError:
                pass
    expected = " or ".join(fmap.formats) if fmap.formats else "YYYY-MM-DD"
    raise _Problem(
        f"{fmap.name} {_quote(text)} in row {row} is not a date (expected {expected}): "
        'give its "format" in the mapping'
    )


def _date(fmap: FieldMap, raw: Cell, row: int) -> str:
    if isinstance(raw, dt.date | dt.datetime):
        return (raw.date() if isinstance(raw, dt.datetime) else raw).isoformat()
    text = cell_text(raw).translate(_DIGITS)
    if not fmap.formats and re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2}", text):
        text = "-".join(f"{int(p):02d}" for p in text.split("/"))
    return _datetime(fmap, text, row).date().isoformat()


# --- one row -------------------------------------------------------------------------------


@dataclass
class _Row:
    form: ReportForm
    reasons: list[str]
    submitted_at: dt.datetime | None
    external_id: str


class _Importer:
    def __init__(self, mapping: Mapping, header: list[str], language: str) -> None:
        self.mapping = mapping
        self.header = header
        self.language = language
        self.vocabularies = _Vocabularies(mapping)
        positions: dict[str, list[int]] = {}
        for i, name in enumerate(header):
            positions.setdefault(name, []).append(i)
        missing = []
        self.indices: dict[str, list[int]] = {}
        for column in {c for f in mapping.fields.values() for c in f.columns} | set(
            mapping.append_to_description
        ):
            if column not in positions:
                missing.append(column)
            self.indices[column] = positions.get(column, [])
        if missing:
            raise ImportFailed(
                f"column(s) {', '.join(map(repr, sorted(missing)))} not in the file; its columns "
                f"are: {', '.join(map(repr, header))}"
            )

    def cell(self, cells: Sequence[Cell], column: str) -> Cell:
        """The first non-empty cell under this header (a header may appear more than once)."""
        for i in self.indices[column]:
            if i < len(cells) and cell_text(cells[i]):
                return cells[i]
        return None

    def value(self, fmap: FieldMap, cells: Sequence[Cell]) -> Cell:
        if fmap.value is not _UNSET:
            return fmap.value
        for column in fmap.columns:
            found = self.cell(cells, column)
            if found is not None:
                return found
        return None

    def parse(self, number: int, cells: Sequence[Cell]) -> _Row:
        """The row as the report form's data, checked by the form; reasons if it is not valid."""
        data: dict[str, Any] = {}
        reasons: list[str] = []
        refused: set[str] = set()  # fields already explained (no second message from the form)
        submitted_at: dt.datetime | None = None
        language = self.language
        for name, fmap in self.mapping.fields.items():
            raw = self.value(fmap, cells)
            text = cell_text(raw)
            if not text:
                continue
            try:
                if name not in TEXT_FIELDS or name == "external_id":
                    # What the form does not see: no bidi controls, NUL or unreadable bytes.
                    validators.check_text(text)
                if name in TERM_FIELDS:
                    data[name] = self.vocabularies.term(fmap, text, number)
                elif name in CHOICE_FIELDS:
                    data[name] = self.vocabularies.choice(fmap, text, number)
                elif name in BOOL_FIELDS:
                    data[name] = _boolean(fmap, raw, number)
                elif name == "occurred_on":
                    data[name] = _date(fmap, raw, number)
                elif name == "submitted_at":
                    submitted_at = _datetime(fmap, raw, number)
                    if submitted_at > timezone.now() + dt.timedelta(days=1):
                        raise _Problem(f"submitted_at in row {number} is in the future")
                else:
                    data[name] = text
            except _Problem as exc:
                reasons.append(str(exc))
                refused.add(name)
            except ValidationError as exc:
                reasons.extend(f"{name}: {m}" for m in exc.messages)
                refused.add(name)
        language = data.pop("language", "") or language
        extra = [
            f"{column}: {text}"
            for column in self.mapping.append_to_description
            if (text := cell_text(self.cell(cells, column)))
        ]
        if extra:
            data["description"] = "\n\n".join([data.get("description", ""), *extra]).strip()
        external_id = data.pop("external_id", "")
        data["send_receipt_by_email"] = False  # never email people about old reports
        form = ReportForm(data=data, language=language)
        if not form.is_valid():
            for name, errors in form.errors.items():
                if name not in refused:
                    prefix = "" if name == "__all__" else f"{name}: "
                    reasons.extend(prefix + _safe(str(m)) for m in errors)
        return _Row(form=form, reasons=reasons, submitted_at=submitted_at, external_id=external_id)

    def material(self, row: _Row, cells: Sequence[Cell]) -> str:
        if row.external_id:
            return f"import:id:{self.mapping.source}:{row.external_id}"
        return f"import:row:{_row_digest(self.header, cells)}"


def _safe(message: str) -> str:
    return "".join(ch if unicodedata.category(ch)[0] != "C" else "?" for ch in message)


def _existing(material: str) -> tuple[int, str] | None:
    found = (
        Report.objects.filter(submission_hash=crypto.keyed_hash("submission", material))
        .values_list("pk", "submission_fingerprint")
        .first()
    )
    return (found[0], found[1]) if found else None


_CHANGED = "the row or the mapping changed since; the report was not updated"


def reports_import(
    *,
    path: Path,
    mapping: Mapping,
    channel: Channel = Channel.WEB_FORM,
    language: str = "ar",
    dry_run: bool = False,
    encoding: str | None = None,
    on_source: Callable[[Table], None] | None = None,
    on_row: Callable[[RowResult], None] | None = None,
) -> ImportResult:
    """Import (or, with ``dry_run``, only check) every row of a CSV or XLSX file.

    Raises ``ImportFailed`` when the file or the mapping cannot be used at all; a file that
    becomes unreadable part-way stops the import and says so in ``ImportResult.stopped``.
    """
    result = ImportResult(dry_run=dry_run)
    # Dry run only: material → (row, fingerprint), to see repeats within the file.
    seen: dict[str, tuple[int, str]] = {}
    try:
        with table_open(path, encoding=encoding, sheet=mapping.sheet) as table:
            importer = _Importer(mapping, table.header, language)
            if on_source:
                on_source(table)
            try:
                for number, cells in table.rows:
                    if not any(cell_text(c) for c in cells):
                        result.empty_rows += 1
                        continue
                    one = _one_row(importer, number, cells, channel, dry_run, seen, path.name)
                    result.counts[one.outcome] += 1
                    if one.outcome == Outcome.REJECTED:
                        result.rejected_rows.append(number)
                    if on_row:
                        on_row(one)
            except SpreadsheetError as exc:
                result.stopped = str(exc)
    except SpreadsheetError as exc:
        raise ImportFailed(str(exc)) from None
    return result


def _one_row(
    importer: _Importer,
    number: int,
    cells: Sequence[Cell],
    channel: Channel,
    dry_run: bool,
    seen: dict[str, tuple[int, str]],
    file_name: str,
) -> RowResult:
    row = importer.parse(number, cells)
    if row.reasons:
        return RowResult(number, Outcome.REJECTED, tuple(row.reasons))
    form = row.form
    material = importer.material(row, cells)
    fingerprint = form.fingerprint()
    if dry_run:
        if material in seen:
            first, before = seen[material]
            note = f"same as row {first}" + (f"; {_CHANGED}" if before != fingerprint else "")
            return RowResult(number, Outcome.ALREADY_IMPORTED, note=note)
        seen[material] = (number, fingerprint)
        if existing := _existing(material):
            note = _CHANGED if existing[1] != fingerprint else ""
            return RowResult(number, Outcome.ALREADY_IMPORTED, report_id=existing[0], note=note)
        return RowResult(number, Outcome.WOULD_CREATE)
    try:
        with transaction.atomic():
            submitted = report_submit(
                data=form.report_data(),
                files=[],
                channel=channel,
                trust=Trust.NORMAL,
                submission_material=material,
                fingerprint=fingerprint,
            )
            report = submitted.report
            if submitted.created:
                # report_submit stamps "now"; an imported report keeps its original date and
                # says where it came from.
                provenance = {"file": file_name, "row": number}
                if row.external_id:
                    provenance["external_id"] = row.external_id
                Report.objects.filter(pk=report.pk).update(
                    submitted_at=row.submitted_at or report.submitted_at,
                    original={**report.original, "import": provenance},
                )
    except IdempotencyConflict:
        existing = _existing(material)
        return RowResult(
            number, Outcome.ALREADY_IMPORTED, report_id=existing and existing[0], note=_CHANGED
        )
    except DatabaseError as exc:
        return RowResult(number, Outcome.REJECTED, (f"could not be saved: {_safe(str(exc))}",))
    if submitted.created:
        return RowResult(number, Outcome.CREATED, report_id=report.pk)
    return RowResult(number, Outcome.ALREADY_IMPORTED, report_id=report.pk)
