"""The public search finds Arabic and Hebrew words however they are spelt (hamza forms, taa
marbuta and haa, alef maqsura and yaa, tatweel, diacritics; niqqud and final letters), and
never finds what is not published."""

from __future__ import annotations

import pytest

from marsad.observatory.tests.world import build_world

pytestmark = pytest.mark.django_db

ARABIC = [
    ("إعلامية", "A"),  # hamza below
    ("اعلامية", "A"),  # without hamza
    ("إعلاميه", "A"),  # taa marbuta written as haa
    ("مؤسسة", "A"),  # hamza on waw
    ("موسسة", "A"),  # hamza left out
    ("مؤسسه", "A"),  # haa for taa marbuta
    ("موسسه", "A"),  # both
    ("مُؤَسَّسَة", "A"),  # with vowel marks and shadda
    ("مؤســـسة", "A"),  # tatweel
    ("الأحداث", "A"),  # hamza above
    ("الاحداث", "A"),
    ("٢٠٢٣", "A"),  # Arabic-Indic digits
    ("2023", "A"),  # the same year in ASCII digits
    ("مؤسسة إعلامية", "A"),  # every word must appear
    ("فيسبوك", "AD"),  # D is on Facebook too (its platform label)
    ("فيــسبوك", "AD"),  # tatweel
    ("إنستغرام", "B"),
    ("انستغرام", "B"),
    ("أنستغرام", "B"),  # hamza above instead of below
    ("على", "ABCE"),  # alef maqsura: B, C in their text, B and E in the hacking label, A in
    # its crisis period ("الحرب على غزة")
    ("علي", "ABCE"),  # written with yaa
    ("صحفي", "BD"),  # B's text and the journalist label of B and D
    ("صَحَفِيّ", "BD"),  # with diacritics
    ("ٱلقدس", "B"),  # alef wasla
    ("القدس", "B"),
    ("منصة", "AC"),
    ("منصه", "AC"),
    ("إكس", "C"),
    ("اكس", "C"),
    ("ناشطة", "C"),
    ("ناشطه", "C"),
    ("تَحْرِيض", "C"),
]

HEBREW = [
    ("שלום", "D"),
    ("שָׁלוֹם", "D"),  # niqqud
    ("הַשָּׁלוֹם", "D"),
    ("שלומ", "D"),  # final mem typed as an ordinary mem
    ("פוסט", "D"),
    ("מעזה", "D"),
    ("עזה", "AD"),  # A and D are in the Gaza Strip (its Hebrew label)
    ("עיתונאי", "BD"),
    ("עִיתּוֹנַאי", "BD"),
]

ENGLISH = [("facebook", "AD"), ("FACEBOOK", "AD"), ("Telegram", "E"), ("nothing-like-it", "")]


@pytest.fixture
def world():
    return build_world()


def found(client, world, query: str) -> str:
    response = client.get("/api/v1/violations", {"q": query, "limit": 100})
    assert response.status_code == 200, response.content
    by_pk = {v.pk: key for key, v in world.cases.items()}
    return "".join(sorted(by_pk[item["id"]] for item in response.json()["items"]))


@pytest.mark.parametrize(("query", "expected"), ARABIC + HEBREW + ENGLISH)
def test_spelling_variants_find_the_intended_records(anonymous, world, query, expected):
    assert found(anonymous, world, query) == expected


def test_the_arabic_fixture_is_large_enough():
    assert len(ARABIC) >= 20
    assert len(HEBREW) >= 4


def test_unpublished_violations_are_never_found(anonymous, world):
    assert found(anonymous, world, "سرية") == ""
    page = anonymous.get("/ar/violations/", {"q": "سرية"})
    assert page.status_code == 200
    assert "لم تنشر قضيتها" not in page.content.decode()


def test_withdrawing_a_publication_removes_it_from_the_search(anonymous, world):
    from marsad.cases.services import violation_set_published

    assert found(anonymous, world, "تشهير") == "C"
    violation_set_published(violation=world.cases["C"], actor=world.staff, published=False)
    assert found(anonymous, world, "تشهير") == ""


def test_the_html_search_uses_the_same_folding(anonymous, world):
    response = anonymous.get("/ar/violations/", {"q": "موسسه اعلاميه"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/ar/violations/{world.cases["A"].pk}/"' in html
    assert f'href="/ar/violations/{world.cases["B"].pk}/"' not in html


def test_reindex_picks_up_a_renamed_label(anonymous, world):
    from io import StringIO

    from django.core.management import call_command

    from marsad.taxonomy.models import Platform

    telegram = Platform.objects.get(slug="telegram")
    telegram.set_current_language("ar")
    telegram.name = "تلغرام الجديد"
    telegram.save()
    assert found(anonymous, world, "تلغرام الجديد") == ""
    out = StringIO()
    call_command("observatory_reindex", stdout=out)
    assert out.getvalue() == "indexed 5 published violations\n"
    assert found(anonymous, world, "تلغرام الجديد") == "E"


@pytest.mark.parametrize("query", ["على", "فيسبوك", "موسسه اعلاميه", "facebook", "لا-شيء"])
@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_common_words_read_in_page_order_find_the_same_violations(world, query, sort):
    """Words matching more than the cap are checked on an expression no index serves (so
    PostgreSQL reads in the page's order): the same violations, in the same order."""
    from django.test import Client

    from marsad.observatory.filters import PublicFilter
    from marsad.observatory.selectors import violation_list_public

    filters = PublicFilter({"q": query, "sort": sort})
    assert filters.is_valid()
    usual = list(violation_list_public(filters=filters).values_list("pk", flat=True))
    common = violation_list_public(filters=filters, common_words=True)
    assert list(common.values_list("pk", flat=True)) == usual
    assert "CONCAT" in str(common.query).upper() or "||" in str(common.query)
    assert len(usual) == len(found(Client(), world, query))  # what the API finds


def test_the_page_of_a_common_word_is_read_in_order(anonymous, world, monkeypatch):
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marsad.observatory import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 2)  # "على" matches four: over the cap
    with CaptureQueriesContext(connection) as queries:
        response = anonymous.get("/ar/violations/", {"q": "على"})
    assert response.status_code == 200
    listed = re.findall(r'href="/ar/violations/(\d+)/"', response.content.decode())
    newest = sorted(
        (world.cases[key] for key in "ABCE"), key=lambda v: (v.documented_at, v.pk), reverse=True
    )
    assert listed == [str(v.pk) for v in newest][: len(listed)]
    assert len(listed) >= 2
    page_query = [q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"]]
    assert any("||" in sql or "CONCAT" in sql.upper() for sql in page_query)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "على"},
        {"q": "على", "platform": "facebook"},
        {"q": "على", "sort": "oldest"},
        {"q": "فيسبوك", "violation_type": "content-removal"},
        {"q": "على", "outcome": "not_escalated"},
        {"q": "على", "from": "2023-01-01", "to": "2023-12-31"},
        {"q": "منصة", "region": "gaza-strip", "sort": "oldest"},
        {"q": "لا-شيء"},
    ],
)
def test_a_search_page_read_in_index_order_holds_the_same_violations(world, monkeypatch, params):
    """The page read in the date index's order (on PostgreSQL, held to that plan) and the page
    the planner chooses: the same violations in the same order, for every page."""
    from marsad.observatory import selectors
    from marsad.observatory.filters import PublicFilter

    filters = PublicFilter(params)
    assert filters.is_valid(), filters.errors
    count = selectors.public_count(filters=filters)
    pages = {}
    for rows in (0, 10**9):  # never, always
        monkeypatch.setattr(selectors, "ORDERED_READ_ROWS", rows)
        pages[rows] = [
            [
                v.pk
                for v in selectors.violation_page_public(
                    filters=filters, offset=offset, limit=2, count=count
                )
            ]
            for offset in (0, 2, 4)
        ]
    assert pages[0] == pages[10**9]
    assert sum(len(page) for page in pages[0]) == min(count, 6)


def _reads_in_order(selectors, filters, *, offset: int, count: int) -> bool:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        selectors.violation_page_public(filters=filters, offset=offset, limit=2, count=count)
    page = [q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"]]
    return any("||" in sql or "CONCAT" in sql.upper() for sql in page)


def test_the_ordered_read_is_chosen_by_the_share_the_count_gives(world, monkeypatch):
    from marsad.observatory import selectors
    from marsad.observatory.filters import PublicFilter

    monkeypatch.setattr(selectors, "_words_alone", lambda text: 0)  # this rule alone
    filters = PublicFilter({"q": "على"})
    assert filters.is_valid()
    published = selectors.published_estimate()
    count = selectors.public_count(filters=filters)  # 4 of the published violations

    def ordered(offset: int, rows: int) -> bool:
        monkeypatch.setattr(selectors, "ORDERED_READ_ROWS", rows)
        return _reads_in_order(selectors, filters, offset=offset, count=count)

    # (offset + limit) * published / count violations to read, against the limit.
    needed = -(-2 * published // count)
    assert ordered(0, needed)
    assert not ordered(0, needed - 1)
    assert not ordered(2, needed)  # a deeper page reads further


@pytest.mark.parametrize("params", [{"q": "على"}, {"q": "على", "platform": "facebook"}])
def test_a_deep_page_of_common_words_is_read_in_order(world, monkeypatch, params):
    """Past ORDERED_READ_ROWS the page is still read in order while that reads at most
    twice what the trigram index would collect: the matches of the words alone (which are,
    for the words alone, their own count beyond the page's cap)."""
    from marsad.observatory import selectors
    from marsad.observatory.filters import PublicFilter

    monkeypatch.setattr(selectors, "ORDERED_READ_ROWS", 0)
    filters = PublicFilter(params)
    assert filters.is_valid()
    published = selectors.published_estimate()
    alone = selectors.public_count(filters=PublicFilter({"q": "على"}))  # 4
    count = selectors.public_count(filters=filters, cap=1)  # capped, as the page counts
    assert alone == 4
    seen = max(count, alone) if "platform" not in params else count
    outcomes = set()
    for offset in (0, 2, 4, 6):
        expected = (offset + 2) * published <= 2 * alone * seen
        assert _reads_in_order(selectors, filters, offset=offset, count=count) == expected
        outcomes.add(expected)
    if "platform" not in params:
        assert outcomes == {True, False}  # both sides of the rule were tried
    # A word found nowhere is never read in order (nothing to find).
    nothing = PublicFilter({"q": "لا-شيء"})
    assert nothing.is_valid()
    assert not _reads_in_order(selectors, nothing, offset=0, count=0)


def test_the_ordered_read_leaves_the_planner_as_it_was(world, monkeypatch):
    """Inside a transaction of the caller's, the planner settings are back afterwards."""
    from django.db import connection, transaction

    from marsad.observatory import selectors
    from marsad.observatory.filters import PublicFilter

    if connection.vendor != "postgresql":
        pytest.skip("planner settings are PostgreSQL's")
    filters = PublicFilter({"q": "على"})
    assert filters.is_valid()
    monkeypatch.setattr(selectors, "ORDERED_READ_ROWS", 10**9)
    names = (*selectors._ORDERED_READ_SETTINGS, "max_parallel_workers_per_gather")

    def shown(cursor) -> list[str]:
        values = []
        for name in names:
            cursor.execute(f"SHOW {name}")
            values.append(cursor.fetchone()[0])
        return values

    with transaction.atomic(), connection.cursor() as cursor:
        before = shown(cursor)
        found = selectors.violation_page_public(filters=filters, offset=0, limit=20, count=4)
        after = shown(cursor)
    assert len(found) == 4
    assert after == before
    assert before[0] == "on"  # enable_sort: the test would prove nothing otherwise
