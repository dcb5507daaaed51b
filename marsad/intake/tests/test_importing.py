"""``marsad import reports``: a Google-Forms-like export in Arabic, English and Hebrew."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from marsad.intake import importing
from marsad.intake.choices import Channel, TriageState, Trust
from marsad.intake.models import Contact, Report, ReportFile
from marsad.intake.tests.conftest import stored_files
from marsad.taxonomy.models import Platform

pytestmark = pytest.mark.django_db

UTC = dt.UTC
LANGUAGE = "Language / اللغة / שפה"
TYPE = ("ما نوع الانتهاك؟", "What happened?", "מה קרה?")
PLATFORM = ("على أي منصة؟", "Which platform?", "באיזו פלטפורמה?")
DESCRIPTION = ("صف ما حدث", "Describe what happened", "תארו מה קרה")
LINK = "Link / رابط / קישור"
REGION = "Region / المنطقة / אזור"
DATE = "Date / التاريخ / תאריך"
EMAIL = "Email / البريد الإلكتروني / דוא״ל"
CONSENT = "May we contact you? / هل يمكننا التواصل معك؟ / האם נוכל ליצור איתך קשר?"
HEADER = ["Timestamp", LANGUAGE, *TYPE, *PLATFORM, *DESCRIPTION, LINK, REGION, DATE, EMAIL, CONSENT]

MAPPING = {
    "fields": {
        "submitted_at": {"column": "Timestamp", "timezone": "Asia/Jerusalem"},
        "language": {"column": LANGUAGE, "values": {"Français": "other"}},
        "violation_type": {"column": list(TYPE)},
        "platform": {"column": list(PLATFORM), "values": {"Insta": "instagram"}},
        "description": {"column": list(DESCRIPTION)},
        "links": LINK,
        "region": REGION,
        "occurred_on": {"column": DATE, "format": "%d/%m/%Y"},
        "contact_email": EMAIL,
        "consent_contact": CONSENT,
    }
}
FORMULA = '=HYPERLINK("https://evil.example/","click me")'


def row(
    timestamp: str,
    language: str,
    section: int,
    vtype: str,
    platform: str,
    description: str,
    link: str = "",
    region: str = "",
    date: str = "",
    email: str = "",
    consent: str = "",
) -> list[str]:
    """One response: the language's section (0 ar, 1 en, 2 he) holds the answers, the
    other sections are empty, as in a multilingual Google Form."""
    cells = [""] * 9
    for offset, value in enumerate((vtype, platform, description)):
        cells[offset * 3 + section] = value
    return [timestamp, language, *cells, link, region, date, email, consent]


ROWS = [
    row(
        "2023/10/15 9:41:07 PM GMT+3",
        "العربية",
        0,
        "حذف المحتوى",
        "انستغرام",  # spelt without the hamza of the label إنستغرام
        "حذفت إنستغرام منشوري عن غزة",
        "https://www.instagram.com/p/Cx1/?igshid=abc",
        "قطاع غزة",
        "15/10/2023",
        "Reporter@Example.org",
        "نعم",
    ),
    row(
        "2023/11/02 8:05:00 AM GMT+2",
        "English",
        1,
        "Account or page suspension or deletion",
        "FACEBOOK",
        "My news page was disabled.",
        "facebook.com/jenin.news",
        "west bank",
        "01/11/2023",
        "",
        "No",
    ),
    row("2023/12/01 12:30:00 PM GMT+2", "עברית", 2, "הסרת תוכן", "פייסבוק", "הפוסט שלי נמחק"),
    [""] * len(HEADER),
    row("2023/12/02 10:00:00 AM GMT+2", "English", 1, "Content removal", "Myspace", "Gone."),
    row("2023/12/03 10:00:00 AM GMT+2", "العربية", 0, "", "", "نص \u202eمقلوب"),
    row("2023/12/04 10:00:00 AM GMT+2", "Français", 1, "", "Insta", FORMULA),
    row("2023/12/05 10:00:00 AM GMT+2", "English", 1, "", "", "Call me.", email="a@example.org"),
]
CREATED_ROWS = [2, 3, 4, 8]
EXPECTED_REPORT = [
    "row 2: {}",
    "row 3: {}",
    "row 4: {}",
    "row 6: rejected: unknown platform 'Myspace' in row 6: add it in the admin or map it",
    "row 7: rejected: description: The text contains invisible direction-control characters. "
    "We removed them: please check the text and send it again.",
    "row 8: {}",
    "row 9: rejected: consent_contact: Tick this box so that we may use the contact details you "
    "gave, or remove them.",
]


def naive(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC).replace(tzinfo=None)


def write_csv(
    path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


@pytest.fixture
def mapping(tmp_path) -> Path:
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(MAPPING, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def responses(tmp_path) -> Path:
    return write_csv(tmp_path / "responses.csv", [HEADER, *ROWS])


def run_import(path: Path, mapping: Path, **options) -> tuple[list[str], int]:
    out = StringIO()
    try:
        call_command("import", "reports", str(path), mapping=str(mapping), stdout=out, **options)
    except CommandError as exc:
        return out.getvalue().splitlines(), exc.returncode
    return out.getvalue().splitlines(), 0


def test_dry_run_reports_every_row_and_writes_nothing(responses, mapping, media):
    lines, code = run_import(responses, mapping, dry_run=True)
    assert code == 1
    assert lines == [
        "Reading responses.csv: CSV, encoding UTF-8, comma-separated, 16 columns.",
        *(line.format("would create") for line in EXPECTED_REPORT),
        "Dry run, nothing written. 7 rows: 4 would be created, 0 already imported, "
        "3 rejected (rows 6, 7, 9). 1 empty row skipped.",
    ]
    assert (Report.objects.count(), Contact.objects.count(), ReportFile.objects.count()) == (
        0,
        0,
        0,
    )
    assert stored_files(media) == []


def test_import_creates_exactly_the_valid_rows(responses, mapping, media):
    lines, code = run_import(responses, mapping)
    reports = list(Report.objects.order_by("pk"))
    assert code == 1
    assert lines[1:-1] == [
        line.format(
            f"created report #{reports[CREATED_ROWS.index(int(line.split(':')[0][4:]))].pk}"
        )
        if "{}" in line
        else line
        for line in EXPECTED_REPORT
    ]
    assert (
        lines[-1]
        == "7 rows: 4 created, 0 already imported, 3 rejected (rows 6, 7, 9). 1 empty row skipped."
    )
    assert [
        (
            r.language,
            r.violation_type.slug if r.violation_type else None,
            r.platform.slug if r.platform else None,
            r.region.slug if r.region else None,
            r.links,
            r.occurred_on,
            r.submitted_at,
            r.description,
        )
        for r in reports
    ] == [
        (
            "ar",
            "content-removal",
            "instagram",
            "gaza-strip",
            ["https://www.instagram.com/p/Cx1"],
            dt.date(2023, 10, 15),
            dt.datetime(2023, 10, 15, 18, 41, 7, tzinfo=UTC),
            "حذفت إنستغرام منشوري عن غزة",
        ),
        (
            "en",
            "account-suspension",
            "facebook",
            "west-bank",
            ["https://www.facebook.com/jenin.news"],
            dt.date(2023, 11, 1),
            dt.datetime(2023, 11, 2, 6, 5, tzinfo=UTC),
            "My news page was disabled.",
        ),
        (
            "he",
            "content-removal",
            "facebook",
            None,
            [],
            None,
            dt.datetime(2023, 12, 1, 10, 30, tzinfo=UTC),
            "הפוסט שלי נמחק",
        ),
        (
            "other",
            None,
            "instagram",
            None,
            [],
            None,
            dt.datetime(2023, 12, 4, 8, 0, tzinfo=UTC),
            FORMULA,
        ),
    ]
    first = reports[0]
    assert (first.channel, first.trust, first.triage_state) == (
        Channel.WEB_FORM,
        Trust.NORMAL,
        TriageState.NEW,
    )
    assert (first.consent_contact, first.contact.email) == (True, "reporter@example.org")
    assert first.original["import"] == {"file": "responses.csv", "row": 2}
    assert first.original["platform"] == "instagram"
    assert Contact.objects.count() == 1
    assert stored_files(media) == []


def test_a_second_import_creates_nothing(responses, mapping, media):
    run_import(responses, mapping, channel="email", language="en")
    before = list(Report.objects.order_by("pk").values_list("pk", "channel", "submitted_at"))
    lines, code = run_import(responses, mapping, channel="email")
    assert code == 1
    assert (
        list(Report.objects.order_by("pk").values_list("pk", "channel", "submitted_at")) == before
    )
    assert [line for line in lines if "already imported (" in line] == [
        f"row {number}: already imported (report #{pk})"
        for number, (pk, _channel, _at) in zip(CREATED_ROWS, before, strict=True)
    ]
    assert {channel for _pk, channel, _at in before} == {"email"}
    assert (
        lines[-1]
        == "7 rows: 0 created, 4 already imported, 3 rejected (rows 6, 7, 9). 1 empty row skipped."
    )
    dry, _code = run_import(responses, mapping, dry_run=True)
    assert dry[1] == f"row 2: already imported (report #{before[0][0]})"


def test_all_rows_valid_exits_zero(tmp_path, mapping, media):
    path = write_csv(tmp_path / "ok.csv", [HEADER, ROWS[0], ROWS[1]])
    lines, code = run_import(path, mapping)
    assert code == 0
    assert lines[-1] == "2 rows: 2 created, 0 already imported, 0 rejected."


def test_the_same_row_twice_in_a_file_makes_one_report(tmp_path, mapping, media):
    path = write_csv(tmp_path / "twice.csv", [HEADER, ROWS[0], ROWS[0]])
    dry, _code = run_import(path, mapping, dry_run=True)
    assert dry[1:3] == ["row 2: would create", "row 3: already imported (same as row 2)"]
    lines, code = run_import(path, mapping)
    report = Report.objects.get()
    assert (code, lines[1:3]) == (
        0,
        [f"row 2: created report #{report.pk}", f"row 3: already imported (report #{report.pk})"],
    )


def test_external_id_identifies_a_row_even_when_edited(tmp_path, media):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps({"source": "old-form", "fields": {"external_id": "ID", "description": "Text"}})
    )
    write_csv(tmp_path / "a.csv", [["ID", "Text"], ["17", "first words"]])
    write_csv(tmp_path / "b.csv", [["Text", "ID"], ["edited words", "17"]])
    run_import(tmp_path / "a.csv", mapping)
    report = Report.objects.get()
    lines, code = run_import(tmp_path / "b.csv", mapping)
    assert (code, lines[1]) == (
        0,
        f"row 2: already imported (report #{report.pk}; the row or the mapping changed since; "
        "the report was not updated)",
    )
    assert Report.objects.get().description == "first words"
    assert report.original["import"] == {"file": "a.csv", "row": 2, "external_id": "17"}


@pytest.mark.parametrize(
    ("encoding", "delimiter", "described"),
    [
        ("utf-8-sig", ",", "CSV, encoding UTF-8 (with BOM), comma-separated, 3 columns"),
        ("utf-16", "\t", "CSV, encoding UTF-16 (Excel Unicode text), tab-separated, 3 columns"),
        (
            "cp1256",
            ";",
            "CSV, encoding Windows-1256 (Arabic Windows; the file is not UTF-8), "
            "semicolon-separated, 3 columns",
        ),
    ],
)
def test_encodings_are_detected_and_named(tmp_path, media, encoding, delimiter, described):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps({"fields": {"description": "الوصف", "platform": "المنصة", "region": "المنطقة"}})
    )
    path = write_csv(
        tmp_path / "old.csv",
        [["الوصف", "المنصة", "المنطقة"], ["حُذِف حسابي على فيسبوك", "فيسبوك", "الضفة الغربية"]],
        encoding=encoding,
        delimiter=delimiter,
    )
    lines, code = run_import(path, mapping)
    report = Report.objects.get()
    assert (code, lines[0]) == (0, f"Reading old.csv: {described}.")
    assert (report.description, report.platform.slug, report.region.slug) == (
        "حُذِف حسابي على فيسبوك",
        "facebook",
        "west-bank",
    )


def test_xlsx_dates_blank_rows_and_formulas(tmp_path, media):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Form Responses 1"
    sheet.append(["Timestamp", "Platform", "Date", "Description", "Consent"])
    # Spreadsheets hold naive date-times: the mapping's timezone (default TIME_ZONE) applies.
    sheet.append([naive(2022, 5, 1, 10), "إنستغرام", dt.date(2022, 4, 30), "نص", True])
    sheet.append([])
    sheet.append([naive(2022, 12, 1, 10), "Instagram", None, FORMULA, "no"])
    sheet.append([naive(2022, 12, 2, 10), "Myspace", None, "x", None])
    path = tmp_path / "responses.xlsx"
    book.save(path)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "sheet": "Form Responses 1",
                "fields": {
                    "submitted_at": "Timestamp",
                    "platform": "Platform",
                    "occurred_on": "Date",
                    "description": "Description",
                    "consent_publish": "Consent",
                },
            }
        )
    )
    lines, code = run_import(path, mapping, language="he")
    first, second = Report.objects.order_by("submitted_at")
    assert code == 1
    assert lines == [
        "Reading responses.xlsx: XLSX, 5 columns.",
        f"row 2: created report #{first.pk}",
        f"row 4: created report #{second.pk}",
        "row 5: rejected: unknown platform 'Myspace' in row 5: add it in the admin or map it",
        "3 rows: 2 created, 0 already imported, 1 rejected (row 5). 1 empty row skipped.",
    ]
    assert (first.submitted_at, first.occurred_on, first.platform.slug, first.language) == (
        dt.datetime(2022, 5, 1, 7, 0, tzinfo=UTC),  # Asia/Jerusalem, summer time
        dt.date(2022, 4, 30),
        "instagram",
        "he",
    )
    assert (first.consent_publish, second.consent_publish) == (True, False)
    assert second.description == FORMULA


def test_arabic_spelling_variants_match_labels(tmp_path, media):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"fields": {"description": "d", "platform": "p", "region": "r"}}))
    platforms = [
        ("إنستغرام", "instagram"),
        ("انستغرام", "instagram"),
        ("إنـــستغرام", "instagram"),  # tatweel
        ("آبل", "apple"),
        ("ابل", "apple"),
        ("منصه اخرى", "other"),  # label منصة أخرى: taa marbuta as haa, alef maqsura, no hamza
        ("\u200fفيسبوك\u200f", "facebook"),  # right-to-left marks from a spreadsheet
        ("x-twitter", "x-twitter"),  # the slug itself
    ]
    path = write_csv(
        tmp_path / "v.csv",
        [
            ["d", "p", "r"],
            *[[f"#{i}", value, ""] for i, (value, _slug) in enumerate(platforms)],
            ["diacritics", "", "قِطاع غزّة"],
        ],
    )
    lines, code = run_import(path, mapping)
    assert code == 0, lines
    got = {r.description: (r.platform or r.region).slug for r in Report.objects.all()}
    assert got == {
        **{f"#{i}": slug for i, (_value, slug) in enumerate(platforms)},
        "diacritics": "gaza-strip",
    }


def test_retired_and_hostile_values_are_explained(tmp_path, mapping, media):
    Platform.objects.filter(slug="snapchat").update(is_active=False)
    path = write_csv(
        tmp_path / "h.csv",
        [
            HEADER,
            row("2023/10/15 9:41:07 PM GMT+3", "English", 1, "", "Snapchat", "x"),
            row("2023/10/15 9:41:07 PM GMT+3", "English", 1, "", "\x1b[31mred", "x"),
            row(
                "2023/10/15 9:41:07 PM GMT+3",
                "English",
                1,
                "Hacking attack",
                "",
                "x",
                "=HYPERLINK(1)",
            ),
            row("2999/01/01 9:41:07 PM GMT+3", "English", 1, "", "", "x", date="31/02/2023"),
        ],
    )
    lines, code = run_import(path, mapping)
    assert code == 1
    assert lines[1:5] == [
        "row 2: rejected: retired platform 'Snapchat' in row 2: "
        "reactivate it in the admin or map it",
        "row 3: rejected: unknown platform '\\u001b[31mred' in row 3: "
        "add it in the admin or map it",
        "row 4: rejected: unknown violation type 'Hacking attack' in row 4: "
        "add it in the admin or map it; links: “=HYPERLINK(1)” is not a valid web address.",
        "row 5: rejected: submitted_at in row 5 is in the future; occurred_on '31/02/2023' in "
        'row 5 is not a date (expected %d/%m/%Y): give its "format" in the mapping',
    ]
    assert Report.objects.count() == 0


def test_each_row_is_saved_on_its_own(responses, mapping, media, monkeypatch):
    real = importing.report_submit

    def failing(*, data, **kwargs):
        if data.language == "en":
            raise DatabaseError("disk full")
        return real(data=data, **kwargs)

    monkeypatch.setattr(importing, "report_submit", failing)
    lines, code = run_import(responses, mapping)
    assert code == 1
    assert lines[2] == "row 3: rejected: could not be saved: disk full"
    assert sorted(Report.objects.values_list("language", flat=True)) == ["ar", "he", "other"]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            {"fields": {"description": "Describe what happend"}},
            "nothing imported: column(s) 'Describe what happend' not in the file; its columns "
            "are: 'Timestamp', 'Language / اللغة / שפה', ",
        ),
        (
            {"fields": {"description": "d", "platform": {"column": "p", "values": {"FB": "fb"}}}},
            "nothing imported: mapping: platform: 'fb' is not one of airbnb, apple, booking,",
        ),
        ({"fields": {"platfrom": "p"}}, "nothing imported: mapping: unknown field(s) platfrom;"),
        ({"fields": {"platform": "p"}}, "nothing imported: mapping: map 'description'"),
    ],
)
def test_unusable_mapping_stops_before_any_row(responses, tmp_path, media, mapping, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(mapping))
    with pytest.raises(CommandError) as raised:
        call_command("import", "reports", str(responses), mapping=str(path), stdout=StringIO())
    assert raised.value.returncode == 2
    assert str(raised.value).startswith(message)
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023/10/15 9:41:07 PM GMT+3", dt.datetime(2023, 10, 15, 18, 41, 7, tzinfo=UTC)),
        ("2023/10/15 12:05:00 AM GMT", dt.datetime(2023, 10, 15, 0, 5, tzinfo=UTC)),
        ("2023/10/15 21:41:07", dt.datetime(2023, 10, 15, 18, 41, 7, tzinfo=UTC)),
        ("2023-10-15T21:41:07+05:30", dt.datetime(2023, 10, 15, 16, 11, 7, tzinfo=UTC)),
        ("٢٠٢٣-١٠-١٥ ٢١:٤١", dt.datetime(2023, 10, 15, 18, 41, tzinfo=UTC)),
    ],
)
def test_timestamps(text, expected):
    fmap = importing.FieldMap(name="submitted_at")
    assert importing._datetime(fmap, text, 2) == expected


def test_console_script_in_a_fresh_process(tmp_path, mapping, responses):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "MARSAD_", "DATABASE_", "SECRET_"))
    }
    env["MARSAD_DATA_DIR"] = str(tmp_path / "var")
    marsad = str(Path(sys.executable).parent / "marsad")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [marsad, *args], env=env, capture_output=True, text=True, timeout=300, check=False
        )

    assert run("migrate", "-v", "0").returncode == 0
    result = run(
        "import", "reports", str(responses), "--mapping", str(mapping), "--channel", "staff"
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == (
        "7 rows: 4 created, 0 already imported, 3 rejected (rows 6, 7, 9). 1 empty row skipped."
    )
    assert result.stderr == "CommandError: 3 of 7 rows rejected\n"


def test_a_file_unreadable_part_way_stops_with_status_2(tmp_path, media):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"fields": {"description": "d"}}))
    path = tmp_path / "broken.csv"
    path.write_bytes(
        b"d\n" + b"".join(b"row %d %s\n" % (n, b"x" * 200) for n in range(60)) + "ب".encode()
    )
    lines, code = run_import(path, mapping, dry_run=True, encoding="ascii")
    assert code == 2
    assert lines[0] == "Reading broken.csv: CSV, encoding ascii, comma-separated, 1 column."
    assert lines[-2] == f"row {len(lines) - 1}: would create"
    assert lines[-1].startswith(f"Dry run, nothing written. {len(lines) - 2} rows: ")


def test_the_recipe_example_works(tmp_path, media):
    """The six-language Google Forms mapping in docs/recipes.md, on a file with its columns."""
    recipes = (Path(__file__).resolve().parents[3] / "docs" / "recipes.md").read_text()
    example = recipes.split("### Example: a Google Form in six languages", 1)[1]
    mapping = json.loads(example.split("```json\n", 1)[1].split("\n```", 1)[0])
    fields = mapping["fields"]

    def columns(name: str) -> list[str]:
        spec = fields[name]
        spec = spec["column"] if isinstance(spec, dict) else spec
        return spec if isinstance(spec, list) else [spec]

    names = [n for n in fields if n not in {"submitted_at", "language"}]
    header = [
        "Timestamp",
        *columns("language"),
        *[c for n in names for c in columns(n)],
        *mapping["append_to_description"],
    ]

    def answer(timestamp: str, language: str, section: int, **values: str) -> list[str]:
        cells = dict.fromkeys(header, "")
        cells["Timestamp"], cells[columns("language")[0]] = timestamp, language
        for name, value in values.items():
            column = (
                mapping["append_to_description"][section]
                if name == "more"
                else columns(name)[section]
            )
            cells[column] = value
        return list(cells.values())

    path = write_csv(
        tmp_path / "responses.csv",
        [
            header,
            answer(
                "2023/10/15 9:41:07 PM GMT+3",
                "Türkçe",
                5,
                violation_type="Hesap hacklendi",
                platform="Diğer",
                description="Hesabım çalındı.",
                occurred_on="10/14/2023",
                region="Gazze",
                contact_email="a@example.org",
                consent_contact="Evet",
                more="Lütfen yardım edin.",
            ),
            answer(
                "2023/10/16 8:00:00 AM GMT+3",
                "العربية",
                0,
                violation_type="خطاب الكراهية",
                platform="فيسبوك",
                description="تعليقات تحريضية",
                occurred_on="2023-10-15",
                region="الضفة الغربية",
            ),
            answer(
                "2023/10/17 8:00:00 AM GMT+3",
                "עברית",
                2,
                violation_type="אחר",
                platform="טוויטר",
                description="משהו קרה",
                region="בחו״ל",
            ),
        ],
    )
    mapping_path = tmp_path / "mapping.json"
    mapping_path.write_text(json.dumps(mapping))
    lines, code = run_import(path, mapping_path)
    assert (code, lines[0]) == (
        0,
        "Reading responses.csv: CSV, encoding UTF-8, comma-separated, 56 columns.",
    )
    assert [
        (
            r.language,
            r.violation_type and r.violation_type.slug,
            r.platform.slug,
            r.region.slug,
            r.occurred_on,
            r.consent_contact,
            r.description,
        )
        for r in Report.objects.order_by("submitted_at")
    ] == [
        (
            "other",
            "hacking",
            "other",
            "gaza-strip",
            dt.date(2023, 10, 14),
            True,
            "Hesabım çalındı.\n\nBaşka bir şey?: Lütfen yardım edin.",
        ),
        (
            "ar",
            "hate-speech",
            "facebook",
            "west-bank",
            dt.date(2023, 10, 15),
            False,
            "تعليقات تحريضية",
        ),
        ("he", None, "x-twitter", "diaspora", None, False, "משהו קרה"),
    ]
