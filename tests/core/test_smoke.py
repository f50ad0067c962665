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
