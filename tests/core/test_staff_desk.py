"""The staff desk leads staff to every back-office task, and only staff see it."""

import re

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_link_on_the_staff_desk_opens_for_staff(staff_client):
    page = staff_client.get("/staff/")
    assert page.status_code == 200
    links = re.findall(r'<a href="(/[^"]*)"', page.content.decode().split("<main", 1)[1])
    desk_links = [link for link in links if link != "/"]
    assert len(desk_links) >= 14
    for link in desk_links:
        assert staff_client.get(link).status_code == 200, link


def test_the_header_leads_staff_to_the_desk_and_nobody_else(client, staff_client):
    assert 'href="/staff/"' in staff_client.get("/en/about/").content.decode().replace(
        "/en/staff/", "/staff/"
    )
    client.logout()
    person = UserFactory()
    client.force_login(person)
    assert "/staff/" not in client.get("/about/").content.decode()
    assert client.get("/staff/").status_code == 403
