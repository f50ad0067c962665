"""`manage.py run_periodic` runs every app's duties; one failure does not stop the others."""

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import BaseCommand

pytestmark = pytest.mark.django_db


def test_every_periodic_duty_runs_and_twice_sends_nothing_twice(mailoutbox):
    call_command("run_periodic")
    sent = len(mailoutbox)
    call_command("run_periodic")
    assert len(mailoutbox) == sent


def test_a_failing_duty_is_reported_after_the_others_ran(settings, monkeypatch):
    ran = []
    real = call_command

    def fake(name, *args, **kwargs):
        if name == "broken":
            raise RuntimeError("boom")
        ran.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr("socialdynamo.core.management.commands.run_periodic.call_command", fake)
    settings.PERIODIC_COMMANDS = ["broken", "space_reminders"]
    with pytest.raises(CommandError, match="broken"):
        call_command("run_periodic")
    assert ran == ["space_reminders"]


def test_every_listed_duty_is_a_command(settings):
    from django.core.management import get_commands, load_command_class

    commands = get_commands()
    for name in settings.PERIODIC_COMMANDS:
        assert isinstance(load_command_class(commands[name], name), BaseCommand)
