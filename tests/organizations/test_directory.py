import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DistrictFactory, OrganisationFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db


def names(response):
    return [o.name for o in response.context["page_obj"].object_list]


def test_only_verified_organisations_are_listed(client):
    OrganisationFactory(name_el="Ορατή", name_en="Visible")
    OrganisationFactory(name_el="Εκκρεμής", state="pending")
    OrganisationFactory(name_el="Σε αναστολή", state="suspended")
    assert names(client.get("/organisations/")) == ["Ορατή"]


@pytest.mark.parametrize("query", ["αθηνα", "ΑΘΗΝΑ", "Αθήνα", "athens", "ΑΘΉΝΑ πρασινη"])
def test_search_ignores_accents_and_case(client, query):
    OrganisationFactory(name_el="Πράσινη Αθήνα", name_en="Green Athens")
    OrganisationFactory(name_el="Θεσσαλονίκη Μαζί", name_en="Thessaloniki Together")
    result = names(client.get("/organisations/", {"q": query}))
    if "athens" in query or "αθ" in query.lower() or "ΑΘ" in query:
        assert result == ["Πράσινη Αθήνα"]


def test_filters_by_kind_area_and_district(client):
    area = ThematicAreaFactory(slug="water")
    district = DistrictFactory(slug="kypseli")
    match = OrganisationFactory(
        name_el="Νερό για όλους", kind="informal", tax_number="", district=district
    )
    match.thematic_areas.add(area)
    OrganisationFactory(name_el="Άλλη", kind="ngo", district=district).thematic_areas.add(area)
    OrganisationFactory(name_el="Τρίτη", kind="informal", tax_number="")
    response = client.get(
        "/organisations/", {"kind": "informal", "area": "water", "district": "kypseli"}
    )
    assert names(response) == ["Νερό για όλους"]


@pytest.mark.parametrize(
    "params",
    [{"kind": "nope"}, {"page": "999"}, {"page": "abc"}, {"q": "χ" * 500}, {"area": "<script>"}],
)
def test_junk_parameters_never_break_the_page(client, params):
    OrganisationFactory()
    response = client.get("/organisations/", params)
    assert response.status_code == 200


def test_pagination(client):
    for index in range(30):
        OrganisationFactory(name_el=f"Οργάνωση {index:02d}")
    first = client.get("/organisations/")
    second = client.get("/organisations/", {"page": 2})
    assert len(names(first)) == 24 and len(names(second)) == 6
    assert 'rel="next"' in first.content.decode()


@pytest.mark.parametrize("params", [{}, {"q": "οργανωση", "kind": "ngo"}])
def test_query_count_does_not_grow_with_the_number_of_organisations(client, params):
    area = ThematicAreaFactory()
    district = DistrictFactory()

    def count_queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/organisations/", params).status_code == 200
        return len(context.captured_queries)

    for _ in range(5):
        OrganisationFactory(district=district).thematic_areas.add(area)
    few = count_queries()
    for _ in range(495):
        OrganisationFactory(district=district).thematic_areas.add(area)
    many = count_queries()
    assert many == few
    assert many <= 8
