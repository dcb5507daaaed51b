"""Imports: communications figures from a social media export (CSV or XLSX, any of the
usual encodings, headers in ar/en/he) and a training's attendance list; a report per row,
dry runs, a file with a rejected row writes nothing, importing again changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from marsad import cli
from marsad.activities import importing, services
from marsad.activities.importing import ImportFailed
from marsad.activities.models import CommunicationsFigure, Organisation, Training
from marsad.activities.tests import factories

pytestmark = pytest.mark.django_db
D = dt.date


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def figures():
    return {
        (f.month, f.channel): (f.video_views, f.engagement, f.followers, f.source)
        for f in CommunicationsFigure.objects.all()
    }


META_EXPORT = (
    "Date,Video views,Engagement,Page followers\n"
    "2022-03-01T08:00:00,1,200,10\n"
    '2022-03-02T08:00:00,"1,500",300,12\n'
    "2022-03-31T08:00:00,2,0,15\n"
    "\n"
    "2022-04-01T08:00:00,10,,16\n"
)


def test_a_daily_export_is_summed_into_months(tmp_path):
    rows = []
    result = importing.communications_import(
        path=write(tmp_path, "facebook.csv", META_EXPORT), channel="facebook", on_row=rows.append
    )
    assert result.written
    assert [r.text for r in rows] == [
        "2022-03-01 facebook: added to 2022-03",
        "2022-03-02 facebook: added to 2022-03",
        "2022-03-31 facebook: added to 2022-03",
        "2022-04-01 facebook: added to 2022-04",
    ]
    assert result.empty_rows == 1
    assert figures() == {
        (D(2022, 3, 1), "facebook"): (1503, 500, 15, "import"),
        (D(2022, 4, 1), "facebook"): (10, None, 16, "import"),
    }
    again = importing.communications_import(
        path=write(tmp_path, "facebook.csv", META_EXPORT), channel="facebook"
    )
    assert [m.state for m in again.months] == ["unchanged", "unchanged"]


@pytest.mark.parametrize(
    ("encoding", "digits"), [("cp1256", "100;20;300"), ("utf-8", "١٠٠;٢٠;٣٠٠")]
)
def test_arabic_headers_a_channel_column_and_windows_1256(tmp_path, encoding, digits):
    text = (
        "الشهر;المنصة;المشاهدات;التفاعل;المتابعون\n"
        f"2022-05;فيسبوك;{digits}\n"
        "05/2022;انستغرام;50;5;\n"
    )
    result = importing.communications_import(path=write(tmp_path, "x.csv", text, encoding))
    assert result.written
    assert figures() == {
        (D(2022, 5, 1), "facebook"): (100, 20, 300, "import"),
        (D(2022, 5, 1), "instagram"): (50, 5, None, "import"),
    }


def test_an_xlsx_export_with_real_dates(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Month", "Channel", "Views", "Followers"])
    naive = dt.datetime(2022, 7, 1, tzinfo=dt.UTC).replace(tzinfo=None)  # as Excel stores it
    sheet.append([naive, "YouTube", 4200, 900])
    path = tmp_path / "youtube.xlsx"
    book.save(path)
    importing.communications_import(path=path)
    assert figures() == {(D(2022, 7, 1), "youtube"): (4200, None, 900, "import")}


def test_a_rejected_row_means_nothing_is_written(tmp_path):
    text = (
        "Date,Channel,Views\n2022-01-01,facebook,10\n2022-13-01,facebook,5\nsoon,tiktok,1\n"
        "2022-01-02,Myspace,3\n2022-01-03,facebook,-4\n"
    )
    rows = []
    result = importing.communications_import(
        path=write(tmp_path, "x.csv", text), on_row=rows.append
    )
    assert not result.written
    assert result.rejected_rows == [3, 4, 5, 6]
    assert [r.text for r in rows[1:]] == [
        "rejected: date '2022-13-01' is not a day (2022-03-14) or a month (2022-03)",
        "rejected: date 'soon' is not a day (2022-03-14) or a month (2022-03)",
        "rejected: unknown channel 'Myspace'",
        "rejected: video views: '-4' is not a whole number",
    ]
    assert figures() == {}


def test_a_month_already_entered_is_replaced_and_reported(tmp_path):
    services.communications_figure_save(
        figure=None,
        fields={
            "month": D(2022, 3, 1),
            "channel": "facebook",
            "video_views": 7,
            "engagement": 1,
            "followers": 2,
        },
    )
    result = importing.communications_import(
        path=write(tmp_path, "f.csv", META_EXPORT), channel="facebook", dry_run=True
    )
    assert [(m.state, m.before) for m in result.months] == [("changed", (7, 1, 2)), ("new", None)]
    assert figures()[(D(2022, 3, 1), "facebook")] == (7, 1, 2, "staff")  # a dry run
    importing.communications_import(path=write(tmp_path, "f.csv", META_EXPORT), channel="facebook")
    assert figures()[(D(2022, 3, 1), "facebook")] == (1503, 500, 15, "import")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Views,Followers\n1,2\n", "no date or month column"),
        ("Date,Views\n2022-01-01,3\n", "the file has no channel column"),
        ("Date,Channel,Notes\n2022-01-01,x,hi\n", "no figures"),
    ],
)
def test_files_that_cannot_be_used(tmp_path, text, message):
    with pytest.raises(ImportFailed, match=message):
        importing.communications_import(path=write(tmp_path, "x.csv", text))


def test_the_command_reports_each_row_and_month(tmp_path):
    path = write(tmp_path, "facebook.csv", META_EXPORT)
    out = io.StringIO()
    call_command(
        "import_communications", str(path), "--channel", "facebook", "--dry-run", stdout=out
    )
    assert out.getvalue().splitlines() == [
        "Reading facebook.csv: CSV, encoding UTF-8, comma-separated, 4 columns.",
        "row 2: 2022-03-01 facebook: added to 2022-03",
        "row 3: 2022-03-02 facebook: added to 2022-03",
        "row 4: 2022-03-31 facebook: added to 2022-03",
        "row 6: 2022-04-01 facebook: added to 2022-04",
        "2022-03 facebook: video views 1,503, engagement 500, followers 15 (would be created)",
        "2022-04 facebook: video views 10, engagement —, followers 16 (would be created)",
        "Nothing written. 4 rows, 2 months of channels, 0 rejected; 1 empty rows skipped.",
    ]
    assert figures() == {}


@pytest.fixture
def marsad(monkeypatch):
    """Run ``marsad ...`` as the console script does, in this process (the real entry point
    would close the test's database connection when the command ends)."""

    def run(*args: str) -> str:
        seen: list[list[str]] = []
        monkeypatch.setattr("django.core.management.execute_from_command_line", seen.append)
        cli.main(["marsad", *args])
        out = io.StringIO()
        call_command(*seen[0][1:], stdout=out)
        return out.getvalue()

    return run


def test_marsad_import_communications_is_the_same_command(tmp_path, marsad):
    path = write(tmp_path, "facebook.csv", META_EXPORT)
    out = marsad("import", "communications", str(path), "--channel", "facebook")
    assert "2022-03 facebook: video views 1,503" in out
    assert len(figures()) == 2


def test_the_command_exits_1_on_rejected_rows_and_2_on_unusable_files(tmp_path):
    bad_row = write(tmp_path, "x.csv", "Date,Channel,Views\nsoon,facebook,1\n")
    with pytest.raises(CommandError) as rejected:
        call_command("import_communications", str(bad_row), stdout=io.StringIO())
    assert rejected.value.returncode == 1
    unusable = write(tmp_path, "y.csv", "Views\n1\n")
    with pytest.raises(CommandError) as failed:
        call_command("import_communications", str(unusable), stdout=io.StringIO())
    assert failed.value.returncode == 2


# --- Attendance -----------------------------------------------------------------------------


@pytest.fixture
def training():
    return services.training_save(
        training=None,
        fields={
            "title": "Digital security for journalists",
            "starts_on": D(2022, 6, 1),
            "topic": factories.topic(),
            "format": "in_person",
            "women": 1,
        },
        organisations=[factories.organisation("Old organisation")],
        actor=None,
    )


ATTENDANCE = (
    "Name,Gender,Organisation,ToT\n"
    "Amal,Female,Union of Journalists,no\n"
    "Rami,ذكر,نقابة الصحفيين,yes\n"
    "Dana,אישה,union of journalists,\n"
    "Sami,male,,\n"
    "Noor,,Youth Forum,no\n"
    "Lee,non-binary,Youth Forum,no\n"
)


def test_an_attendance_list_replaces_the_counts(tmp_path, training):
    factories.organisation("Union of Journalists")
    rows = []
    result = importing.attendance_import(
        training=training, path=write(tmp_path, "list.csv", ATTENDANCE), on_row=rows.append
    )
    assert result.written
    assert [r.text for r in rows] == [
        "counted: woman, organisation 'Union of Journalists'",
        "counted: man, trainer, organisation 'نقابة الصحفيين'",
        "counted: woman, organisation 'union of journalists'",
        "counted: man",
        "counted: gender not stated, organisation 'Youth Forum'",
        "counted: gender 'non-binary' counted as other or not stated, organisation 'Youth Forum'",
    ]
    training = Training.objects.get()
    assert (training.women, training.men, training.gender_unstated, training.trainers_trained) == (
        2,
        2,
        2,
        1,
    )
    assert sorted(o.name for o in training.organisations.all()) == [
        "Union of Journalists",
        "Youth Forum",
        "نقابة الصحفيين",
    ]
    assert result.new_organisations == ["نقابة الصحفيين", "Youth Forum"]
    assert "Amal" not in repr(Training.objects.values())  # names are never stored
    assert Organisation.objects.filter(name="Old organisation").exists()


def test_a_dry_run_or_a_rejected_row_changes_nothing(tmp_path, training):
    result = importing.attendance_import(
        training=training, path=write(tmp_path, "list.csv", ATTENDANCE), dry_run=True
    )
    assert (result.participants, result.organisation_count, result.written) == (6, 3, False)
    bad = write(tmp_path, "bad.csv", "Gender,Trainer\nf,perhaps\nm,yes\n")
    rejected = importing.attendance_import(training=training, path=bad)
    assert rejected.rejected_rows == [2]
    training.refresh_from_db()
    assert (training.women, training.men) == (1, 0)
    assert [o.name for o in training.organisations.all()] == ["Old organisation"]


def test_marsad_import_attendance(tmp_path, training, marsad):
    path = write(tmp_path, "list.csv", ATTENDANCE)
    out = marsad("import", "attendance", str(path), "--training", str(training.pk)).splitlines()
    assert out[0] == f"Training #{training.pk}: Digital security for journalists"
    assert out[-1] == (
        "6 participants: 2 women, 2 men, 2 other or not stated; 1 trainers; "
        "3 organisations (3 new)."
    )
