from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .services import athens

REPEAT_CHOICES = [
    ("", _("Does not repeat")),
    ("weekly", _("Repeats every week or every few weeks")),
]


class TimesMixin:
    """Date, start time and end time, read as Athens local time."""

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            zone = athens()
            cleaned["start"] = datetime.combine(day, start, zone)
            end_day = day + timedelta(days=1) if end.hour == 0 and end.minute == 0 else day
            cleaned["end"] = datetime.combine(end_day, end, zone)
            if cleaned["end"] <= cleaned["start"]:
                self.add_error("end_time", _("The end must be after the start."))
        return cleaned


class BookingForm(TimesMixin, forms.Form):
    organisation = forms.ChoiceField(label=_("On behalf of"))
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time", "step": 900})
    )
    end_time = forms.TimeField(
        label=_("Until"), widget=forms.TimeInput(attrs={"type": "time", "step": 900})
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        help_text=_(
            "For example: workshop on fundraising. Only staff and your organisation see it."
        ),
    )
    expected_people = forms.IntegerField(label=_("Expected people"), min_value=1, max_value=2000)
    repeat = forms.ChoiceField(label=_("Repeat"), choices=REPEAT_CHOICES, required=False)
    interval_weeks = forms.IntegerField(
        label=_("Every how many weeks"), min_value=1, max_value=8, initial=1, required=False
    )
    until = forms.DateField(
        label=_("Until (date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Give a last date or a number of times."),
    )
    count = forms.IntegerField(
        label=_("Number of times"), min_value=1, max_value=52, required=False
    )

    def __init__(self, *args, organisations, allow_hub=False, room=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(o.pk), o.name) for o in organisations]
        if allow_hub:
            choices.insert(0, ("", _("The hub (staff)")))
        self.fields["organisation"].choices = choices
        self.fields["organisation"].required = not allow_hub
        self.organisations = {str(o.pk): o for o in organisations}
        if room is not None:
            self.fields["expected_people"].max_value = None
            self.fields["expected_people"].help_text = _("At most %(capacity)d.") % {
                "capacity": room.capacity
            }

    def clean(self):
        cleaned = super().clean()
        cleaned["organisation_obj"] = self.organisations.get(cleaned.get("organisation") or "")
        if cleaned.get("repeat") == "weekly":
            if not cleaned.get("until") and not cleaned.get("count"):
                self.add_error("count", _("Give a last date or a number of times."))
            if cleaned.get("until") and cleaned.get("day") and cleaned["until"] < cleaned["day"]:
                self.add_error("until", _("The last date must be after the first."))
            cleaned["interval_weeks"] = cleaned.get("interval_weeks") or 1
        return cleaned

    def repeat_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "interval_weeks": data["interval_weeks"],
            "until": data.get("until"),
            "count": data.get("count"),
        }


class ChangeBookingForm(TimesMixin, forms.Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time", "step": 900})
    )
    end_time = forms.TimeField(
        label=_("Until"), widget=forms.TimeInput(attrs={"type": "time", "step": 900})
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    expected_people = forms.IntegerField(label=_("Expected people"), min_value=1)

    @classmethod
    def for_booking(cls, booking, data=None):
        start = timezone.localtime(booking.start, athens())
        end = timezone.localtime(booking.end, athens())
        return cls(
            data,
            initial={
                "day": start.date(),
                "start_time": start.time(),
                "end_time": end.time(),
                "purpose": booking.purpose,
                "expected_people": booking.expected_people,
            },
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(ReasonForm):
    later_in_series = forms.BooleanField(
        label=_("Cancel the later dates of this repeating booking too"), required=False
    )

    def __init__(self, *args, in_series=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not in_series:
            del self.fields["later_in_series"]


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    reason = forms.CharField(
        label=_("Reason (needed to decline)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WatchForm(forms.Form):
    start = forms.DateTimeField()
    end = forms.DateTimeField()


class MonthForm(forms.Form):
    month = forms.RegexField(regex=r"^\d{4}-\d{2}$", required=False, label=_("Month"))

    def year_month(self):
        today = timezone.localdate()
        if self.is_valid() and self.cleaned_data.get("month"):
            year, month = (int(x) for x in self.cleaned_data["month"].split("-"))
            if 2000 <= year <= 2999 and 1 <= month <= 12:
                return year, month
        return today.year, today.month
