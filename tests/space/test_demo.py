import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from socialdynamo.space import selectors
from socialdynamo.space.models import Application, Call, Hosting, Space

pytestmark = pytest.mark.django_db


def test_demo_space_is_seeded_once_and_its_pages_work(client):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Call.objects.count(), Application.objects.count(), Hosting.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Call.objects.count(), Application.objects.count(), Hosting.objects.count()) == counts
    assert counts[0] == 2 and counts[2] >= 6
    assert Space.get().house_rules_en
    assert selectors.hosted_organisations().count() >= 5
    past = Call.objects.get(slug="spring-2026")
    assert len(selectors.ranking(past)) >= 8
    page = client.get(reverse("space:home")).content.decode()
    assert "Πρόσκληση φιλοξενίας, φθινόπωρο" in page
    assert client.get(reverse("space:call-results", args=[past.slug])).status_code == 200
    assert selectors.occupancy()["columns"][0]["hosted"] >= 6


def test_the_bench_generator_and_timing(capsys):
    import importlib.util
    import sys
    from pathlib import Path

    call_command("generate_space_load_data", applications=60, reviewers=5, stdout=io.StringIO())
    call_command("generate_space_load_data", applications=60, reviewers=5, stdout=io.StringIO())
    call = Call.objects.get(slug="bench-space")
    assert call.applications.count() == 60
    rows = selectors.ranking(call)
    assert all(r.total is not None and r.done == 2 for r in rows)
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_space.py"
    spec = importlib.util.spec_from_file_location("bench_space", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    run_extra = module.extra
    run_extra(sys.stdout)
    out = capsys.readouterr().out
    assert "ranking" in out and "queries" in out
