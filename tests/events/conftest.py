import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Service errors are read in English in these tests (pages set their own language)."""
    with translation.override("en"):
        yield
