import pytest

pytestmark = pytest.mark.django_db


def test_home_is_greek_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<html lang="el">' in response.content


def test_english_home_under_prefix(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert b'<html lang="en">' in response.content


def test_health_check_answers_ok_and_is_never_cached(client):
    response = client.get("/health/")
    assert response.status_code == 200 and response.content == b"ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_health_check_says_when_the_database_is_down(client, monkeypatch):
    from django.db import DatabaseError
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    assert client.get("/health/").status_code == 503
