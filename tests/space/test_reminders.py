from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from socialdynamo.space import services
from socialdynamo.space.models import Hosting, ProgressReview
from tests.factories import StaffFactory

from .factories import hosted

pytestmark = pytest.mark.django_db


def test_reminders_before_reviews_and_ends_go_once_to_the_group_and_staff():
    staff = StaffFactory()
    today = timezone.localdate()
    ending = hosted(start=today - timedelta(days=170), end=today + timedelta(days=20))
    ProgressReview.objects.filter(hosting=ending, kind="midterm").update(
        submitted_at=timezone.now()
    )
    admin = ending.organisation.memberships.get().user
    mail.outbox.clear()
    call_command("space_reminders", "--now")
    recipients = sorted(address for m in mail.outbox for address in m.to)
    # The final review is due in less than a week and the end is within 30 days.
    assert recipients == sorted([admin.email, staff.email] * 2)
    subjects = " ".join(m.subject for m in mail.outbox)
    assert ending.organisation.name in subjects
    mail.outbox.clear()
    assert services.send_reminders() == 0  # idempotent
    assert mail.outbox == []


def test_hostings_past_their_end_are_marked_ended():
    today = timezone.localdate()
    old = hosted(start=today - timedelta(days=200), end=today - timedelta(days=1))
    services.send_reminders()
    old.refresh_from_db()
    assert old.status == Hosting.Status.ENDED


def test_personal_data_export_and_erasure():
    from socialdynamo.core import personal_data
    from socialdynamo.space.models import Subscriber
    from tests.factories import UserFactory

    person = UserFactory(is_reviewer=True)
    services.subscribe(user=person)
    sections = personal_data.export_sections(person)
    assert sections["space_subscription"] is True and sections["space_reviews"] == []
    personal_data.erase_sections(person)
    assert not Subscriber.objects.filter(user=person).exists()
