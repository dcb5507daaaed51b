"""The typed settings readers reject malformed values with one clear line."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import Env


def test_bool_accepts_the_usual_spellings():
    env = Env({"A": "yes", "B": "Off", "C": "1", "D": " "})
    assert env.get_bool("A", False) is True
    assert env.get_bool("B", True) is False
    assert env.get_bool("C", False) is True
    assert env.get_bool("D", True) is True  # blank means unset


def test_bool_rejects_maybe():
    with pytest.raises(ImproperlyConfigured) as exc:
        Env({"DEBUG": "maybe"}).get_bool("DEBUG", False)
    assert str(exc.value) == (
        "DEBUG: expected a boolean (true/false, yes/no, on/off, 1/0), got 'maybe'"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "PORT: expected a whole number, got 'abc'"),
        ("0", "PORT: must be at least 1, got 0"),
        ("70000", "PORT: must be at most 65535, got 70000"),
    ],
)
def test_int_bounds(value, message):
    with pytest.raises(ImproperlyConfigured) as exc:
        Env({"PORT": value}).get_int("PORT", 8000, minimum=1, maximum=65535)
    assert str(exc.value) == message


def test_choice_names_the_options():
    with pytest.raises(ImproperlyConfigured, match="expected one of development, production"):
        Env({"MARSAD_ENV": "prod"}).choice(
            "MARSAD_ENV", "development", ("development", "production")
        )


@pytest.mark.parametrize("url", ["nonsense", "mysql://u@h/db", "postgres://", "ftp://x/y"])
def test_database_url_rejects_malformed(url):
    with pytest.raises(ImproperlyConfigured) as exc:
        Env({"DATABASE_URL": url}).database("DATABASE_URL", "sqlite:///x.db")
    assert str(exc.value).startswith("DATABASE_URL: ")
    assert "\n" not in str(exc.value)


def test_database_url_error_hides_the_password():
    with pytest.raises(ImproperlyConfigured) as exc:
        Env({"DATABASE_URL": "postgres://marsad:s3cret@db:5432/"}).database("DATABASE_URL", "")
    assert "s3cret" not in str(exc.value)
    assert "marsad:***@db" in str(exc.value)


def test_database_url_parses_postgres_and_sqlite(tmp_path):
    pg = Env({"DATABASE_URL": "postgres://u:p@127.0.0.1:5432/marsad"}).database("DATABASE_URL", "")
    assert (pg["ENGINE"], pg["NAME"], pg["HOST"], pg["PORT"]) == (
        "django.db.backends.postgresql",
        "marsad",
        "127.0.0.1",
        5432,
    )
    lite = Env({}).database("DATABASE_URL", f"sqlite:///{tmp_path}/m.sqlite3")
    assert lite["ENGINE"] == "django.db.backends.sqlite3"
    assert lite["NAME"] == f"{tmp_path}/m.sqlite3"


def test_secret_from_file(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n", encoding="utf-8")
    assert Env({"SECRET_KEY_FILE": str(secret)}).secret("SECRET_KEY") == "from-a-file"


def test_secret_file_missing_is_one_line():
    with pytest.raises(ImproperlyConfigured) as exc:
        Env({"SECRET_KEY_FILE": "/nonexistent/key"}).secret("SECRET_KEY")
    assert (
        str(exc.value)
        == "SECRET_KEY_FILE: cannot read '/nonexistent/key' (No such file or directory)"
    )


def test_secret_and_file_together_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="not both"):
        Env({"SECRET_KEY": "x", "SECRET_KEY_FILE": str(tmp_path)}).secret("SECRET_KEY")


def test_list_splits_and_trims():
    assert Env({"HOSTS": " a.org, b.org ,,"}).get_list("HOSTS") == ["a.org", "b.org"]


@pytest.mark.parametrize(
    "value",
    ["https://www.example.org/", "http://weather.example.com/today?city=gaza", "https://x.org"],
)
def test_url_accepts_web_addresses(value):
    assert Env({"EXIT": value}).url("EXIT") == value


def test_url_unset_is_the_default():
    assert Env({}).url("EXIT", "https://www.example.org/") == "https://www.example.org/"
    assert Env({}).url("EXIT") == ""


@pytest.mark.parametrize(
    "value",
    [
        "www.example.org",
        "javascript:alert(1)",
        "ftp://example.org/",
        "https://",
        "https://user:pw@example.org/",
        "https://exa mple.org/",
        "https://example.org:99999/",
    ],
)
def test_url_rejects_what_is_not_a_web_address(value):
    with pytest.raises(ImproperlyConfigured) as exc:
        Env({"EXIT": value}).url("EXIT")
    assert str(exc.value) == (
        f"EXIT: expected a web address such as https://www.example.org/, got {value!r}"
    )


ONION = "32kzkutnias4wcpvpxgzv7yi4wkyhmxggt6omgojkfv6ltx6hxzqgayd.onion"


@pytest.mark.parametrize(
    ("value", "origin"),
    [
        (f"http://{ONION}", f"http://{ONION}"),
        (f"http://{ONION}/", f"http://{ONION}"),
        (f"https://www.{ONION}/", f"https://www.{ONION}"),
        (f"HTTP://{ONION.upper()}:8080", f"http://{ONION}:8080"),
    ],
)
def test_onion_url_is_the_onion_services_origin(value, origin):
    assert Env({"ONION": value}).onion_url("ONION") == origin


def test_onion_url_unset_is_empty():
    assert Env({}).onion_url("ONION") == ""


@pytest.mark.parametrize(
    "value",
    [
        ONION,  # no scheme
        "http://expyuzz4wqqyqhjn.onion",  # a version 2 address (no longer served by Tor)
        "https://observatory.example.org",  # not an onion service
        f"http://{ONION[:-7]}1.onion",  # "1" is not in the base32 alphabet
        f"http://{ONION}/ar/",  # a path: the header adds each page's own
        f"http://{ONION}/?x=1",
        f"ftp://{ONION}",
        f"http://user@{ONION}",
    ],
)
def test_onion_url_rejects_what_is_not_an_onion_services_address(value):
    with pytest.raises(ImproperlyConfigured) as exc:
        Env({"ONION": value}).onion_url("ONION")
    assert str(exc.value) == (
        "ONION: expected the address of a Tor onion service, such as "
        f"http://<56 letters and digits>.onion, got {value!r}"
    )


def test_email_checks_the_address():
    assert Env({"TO": "help@example.org"}).email("TO") == "help@example.org"
    assert Env({}).email("TO") == ""
    with pytest.raises(ImproperlyConfigured) as exc:
        Env({"TO": "help at example.org"}).email("TO")
    assert str(exc.value) == "TO: expected an email address, got 'help at example.org'"


def test_matching_checks_the_whole_value():
    phone = r"\+?[0-9][0-9 ()-]{4,24}"
    assert Env({"TEL": "+970 59 123 4567"}).matching("TEL", phone, "+970 59 123 4567") == (
        "+970 59 123 4567"
    )
    with pytest.raises(ImproperlyConfigured) as exc:
        Env({"TEL": "+970 59 123 4567; call me"}).matching("TEL", phone, "+970 59 123 4567")
    assert str(exc.value) == (
        "TEL: expected a value such as +970 59 123 4567, got '+970 59 123 4567; call me'"
    )
