from datetime import UTC, datetime

import pytest

pytestmark = pytest.mark.django_db


def test_language_switch_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/organisations/?kind=ngo"})
    assert response.status_code == 302
    assert response["Location"] == "/en/organisations/?kind=ngo"
    response = client.post("/i18n/setlang/", {"language": "el", "next": "/en/about/"})
    assert response["Location"] == "/about/"


def test_switcher_offers_the_other_language_with_its_own_name(client):
    greek = client.get("/about/").content.decode()
    assert '<a href="/en/about/" hreflang="en" lang="en" rel="alternate">English</a>' in greek
    english = client.get("/en/about/").content.decode()
    assert '<a href="/about/" hreflang="el" lang="el" rel="alternate">Ελληνικά</a>' in english


def test_switcher_link_keeps_the_page_and_its_filters(client):
    page = client.get("/organisations/?kind=ngo&q=%CE%B1").content.decode()
    assert 'href="/en/organisations/?kind=ngo&amp;q=%CE%B1" hreflang="en"' in page
    english = client.get("/en/organisations/?kind=ngo").content.decode()
    assert 'href="/organisations/?kind=ngo" hreflang="el"' in english


def test_switcher_on_a_missing_page_leads_home_in_the_other_language(client):
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert 'href="/en/" hreflang="en"' in page.content.decode()
    assert 'href="/" hreflang="el"' in client.get("/en/no-such-page/").content.decode()


def test_switch_refuses_foreign_next_and_unknown_language(client):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/en/"
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/about/"})
    assert response["Location"] == "/about/"
    assert client.get("/i18n/setlang/").status_code == 405


def test_dates_are_localised_in_athens_time(settings):
    from django.template import Context, Template
    from django.utils import translation

    moment = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)  # 12:30 in Athens (summer)
    template = Template("{{ moment|date:'DATETIME_FORMAT' }}")
    with translation.override("el"):
        greek = template.render(Context({"moment": moment}))
    with translation.override("en"):
        english = template.render(Context({"moment": moment}))
    assert greek.startswith("01/07/2026 12:30")
    assert english.startswith("July 1, 2026")
