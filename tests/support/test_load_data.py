"""The bench generator of the support app adds its data once."""

import pytest
from django.core.management import call_command

from socialdynamo.support.models import SupportRequest

pytestmark = pytest.mark.django_db


def test_generator_adds_its_data_once():
    call_command("generate_support_load_data", requests=30, experts=6, organisations=4)
    made = SupportRequest.objects.count()
    assert made == 30
    call_command("generate_support_load_data", requests=30, experts=6, organisations=4)
    assert SupportRequest.objects.count() == made
