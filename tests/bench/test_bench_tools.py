"""The bench's own tools: the load generator and the measuring harness (not speed: that is
`make bench`'s business, as ratios in one run)."""

import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from socialdynamo.accounts.models import User
from socialdynamo.organizations.models import Membership, Organisation

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import harness


@pytest.mark.django_db
def test_generator_fills_the_directory_once(client):
    call_command("generate_load_data", orgs=60, people=80, verbosity=0)
    assert User.objects.filter(email__endswith="@load.socialdynamo.invalid").count() == 80
    organisations = Organisation.objects.filter(slug__startswith="load-")
    assert organisations.count() == 60
    assert Membership.objects.filter(organisation__in=organisations, role="owner").count() == 60
    verified = organisations.filter(state="verified")
    assert verified.exists() and not verified.filter(thematic_areas=None).exists()
    # Searchable like any organisation: the accent-free search text was built.
    sample = verified.first()
    word = sample.name_el.split()[0]
    response = client.get("/organisations/", {"q": word.upper()})
    assert sample.name_el in response.content.decode()
    call_command("generate_load_data", orgs=60, people=80, verbosity=0)
    assert organisations.count() == 60
    assert User.objects.filter(email__endswith="@load.socialdynamo.invalid").count() == 80


def test_rounds_merge_into_one_figure():
    parts = [
        harness.Result("p", "/", 10, 0, 10.0, 1, 2, 3, [1.0] * 10, [0.5] * 10, 1.0),
        harness.Result("p", "/", 30, 1, 15.0, 1, 2, 3, [3.0] * 30, [1.5] * 30, 2.0),
    ]
    merged = harness.merge(parts)
    assert merged.requests == 40 and merged.errors == 1
    assert merged.rps == pytest.approx(40 / 3.0)
    assert merged.p95_ms == 3.0 and merged.server_p95_ms == 1.5


def test_server_times_are_read_for_the_page_only(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        "/organisations/?kind=ngo 200 2500\n"
        "/bench/bare/? 200 900\n"
        "/organisations/?page=2 200 4000\n"
        "/organisations/? 500 99000\n"
    )
    times = harness._server_times(log, 0, "/organisations/?kind=ngo")
    assert sorted(times) == [2.5, 4.0]
