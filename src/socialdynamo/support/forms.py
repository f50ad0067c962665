from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialdynamo.organizations.models import Organisation

from .models import (
    LANGUAGES,
    ExpertProfile,
    Format,
    Rating,
    Review,
    Session,
    SupportArea,
    SupportRequest,
    SupportTopic,
)


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.area.name} · {obj.name}"


class RequestForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=SupportArea.objects.none())
    topic = TopicChoiceField(
        label=_("Sub-topic"),
        queryset=SupportTopic.objects.none(),
        required=False,
        help_text=_("Optional. Choose one from the same area."),
    )
    title = forms.CharField(label=_("What you need, in a line"), max_length=160)
    goal = forms.CharField(
        label=_("What you want to achieve"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    context = forms.CharField(
        label=_("Background"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Confidential: only your organisation's administrators, the staff and the expert who takes the work see it."
        ),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=SupportRequest.Urgency.choices, initial="normal"
    )
    format = forms.ChoiceField(label=_("Preferred format"), choices=Format.choices)
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=SupportRequest.Language.choices
    )
    availability = forms.CharField(
        label=_("Your availability"),
        max_length=300,
        required=False,
        help_text=_("For example: weekday evenings, online."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = SupportArea.objects.order_by("position", "name")
        self.fields["topic"].queryset = SupportTopic.objects.select_related("area").order_by(
            "area__position", "position", "name"
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TriageForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=SupportArea.objects.none(), required=False
    )
    topic = TopicChoiceField(
        label=_("Sub-topic"), queryset=SupportTopic.objects.none(), required=False
    )
    notes = forms.CharField(
        label=_("Staff notes (confidential)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = SupportArea.objects.order_by("position", "name")
        self.fields["topic"].queryset = SupportTopic.objects.select_related("area")


class ProposeForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=_("Expert"),
        queryset=ExpertProfile.objects.filter(state=ExpertProfile.State.APPROVED),
        widget=forms.HiddenInput,
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    reason = forms.CharField(
        label=_("If you decline, why? (optional, for the staff)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    minutes = forms.IntegerField(label=_("Length in minutes"), min_value=1, max_value=10000)
    mode = forms.ChoiceField(label=_("Where"), choices=Session.Mode.choices)
    held = forms.TypedChoiceField(
        label=_("Did it take place?"),
        choices=[("1", _("Yes, log its hours now")), ("0", _("Not yet, plan it"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    notes = forms.CharField(
        label=_("Notes (confidential)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value


class LogSessionForm(forms.Form):
    minutes = forms.IntegerField(label=_("Length in minutes"), min_value=1, max_value=10000)
    notes = forms.CharField(
        label=_("Notes (confidential)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    description = forms.CharField(
        label=_("How we will know it is reached"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due = forms.DateField(
        label=_("By"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due = forms.DateField(
        label=_("By"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Review"), choices=Review.Kind.choices)
    progress = forms.CharField(
        label=_("What went well, what did not"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("How useful was the outcome? (1 = not at all, 5 = very)"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (confidential)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExpertProfileForm(forms.Form):
    headline = forms.CharField(
        label=_("Profession"),
        max_length=160,
        help_text=_("For example: lawyer, fundraising consultant."),
    )
    bio = forms.CharField(
        label=_("Short bio"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"), queryset=SupportArea.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Sub-topics"),
        queryset=SupportTopic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats you offer"), choices=Format.choices, widget=forms.CheckboxSelectMultiple
    )
    monthly_hours = forms.IntegerField(
        label=_("Hours a month you can give"), min_value=1, max_value=80, initial=4
    )
    availability = forms.CharField(label=_("Availability"), max_length=300, required=False)
    conflicts = forms.ModelMultipleChoiceField(
        label=_("Organisations you must not serve (conflicts of interest)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = SupportArea.objects.order_by("position", "name")
        topics = self.fields["topics"]
        topics.queryset = SupportTopic.objects.select_related("area").order_by(
            "area__position", "position"
        )
        topics.label_from_instance = lambda t: f"{t.area.name} · {t.name}"
        self.fields["conflicts"].queryset = Organisation.objects.exclude(
            state=Organisation.State.SUSPENDED
        ).order_by("name")

    @staticmethod
    def initial_from(profile: ExpertProfile) -> dict:
        return {
            "headline": profile.headline,
            "bio": profile.bio,
            "areas": list(profile.areas.all()),
            "topics": list(profile.topics.all()),
            "languages": profile.languages,
            "formats": profile.formats,
            "monthly_hours": profile.monthly_hours,
            "availability": profile.availability,
            "conflicts": list(profile.conflicts.all()),
        }


class InviteExpertForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


RATING_SIDES = Rating.Side
