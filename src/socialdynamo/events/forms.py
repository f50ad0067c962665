from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialdynamo.bookings.models import Room
from socialdynamo.core.uploads import validate_image
from socialdynamo.organizations.models import Membership, Organisation, ThematicArea

from .models import Event, EventKind, EventPart, Question
from .services import EventError, check_event_data

DATETIME_WIDGET = {"type": "datetime-local"}
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


def datetime_field(label, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs=DATETIME_WIDGET, format="%Y-%m-%dT%H:%M"),
    )


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    area = forms.ChoiceField(label=_("Thematic area"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + [(k.slug, k.name) for k in choices["kinds"]]
        self.fields["area"].choices = everything + [(a.slug, a.name) for a in choices["areas"]]
        self.fields["format"].choices = everything + list(choices["formats"])
        self.fields["language"].choices = everything + list(choices["languages"])

    def clean_month(self):
        value = self.cleaned_data.get("month", "")
        if value:
            parts = value.split("-")
            if (
                len(parts) != 2
                or not all(p.isdigit() for p in parts)
                or not 1 <= int(parts[1]) <= 12
            ):
                raise forms.ValidationError(_("Write the month as YYYY-MM."))
        return value

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class EventForm(forms.ModelForm):
    start = datetime_field(_("Starts"))
    end = datetime_field(_("Ends"))
    registration_opens = datetime_field(
        _("Registration opens"), required=False, help_text=_("Empty: as soon as it is published.")
    )
    registration_closes = datetime_field(
        _("Registration closes"), required=False, help_text=_("Empty: when the event starts.")
    )
    cancellation_deadline = datetime_field(
        _("Attendees may cancel until"),
        required=False,
        help_text=_("Empty: until the event starts."),
    )
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100000)
    thematic_areas = forms.ModelMultipleChoiceField(
        label=_("Thematic areas"),
        queryset=ThematicArea.objects.order_by("position", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    trainer_emails = forms.CharField(
        label=_("Trainers and speakers"),
        required=False,
        help_text=_("The e-mail addresses of their accounts, one per line."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organised by"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The hub"),
    )

    class Meta:
        model = Event
        fields = [
            "kind", "format", "title_el", "title_en", "summary_el", "summary_en",
            "description_el", "description_en", "thematic_areas", "audience_el", "audience_en",
            "language", "level", "image", "image_alt_el", "image_alt_en", "start", "end",
            "venue", "at_hub", "room", "online_url", "organiser_kind", "capacity",
            "waitlist_enabled", "registration_opens", "registration_closes",
            "cancellation_deadline",
        ]  # fmt: skip
        widgets = {
            "description_el": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].queryset = EventKind.objects.order_by("position", "name")
        self.fields["room"].queryset = Room.objects.filter(is_active=True).order_by(
            "position", "name"
        )
        self.fields["title_el"].required = True
        if user.is_staff:
            orgs = Organisation.objects.filter(state=Organisation.State.VERIFIED)
        else:
            orgs = Organisation.objects.filter(
                memberships__user=user,
                memberships__role__in=Membership.ADMIN_ROLES,
                state=Organisation.State.VERIFIED,
            )
            self.fields["organisation"].required = True
            self.fields["organisation"].empty_label = None
            self.fields["organiser_kind"].choices = [
                c for c in Event.Organiser.choices if c[0] != Event.Organiser.HUB
            ]
        self.fields["organisation"].queryset = orgs.order_by("name")
        if self.instance.pk:
            del self.fields["organisation"]
            self.initial["trainer_emails"] = "\n".join(
                t.email for t in self.instance.trainers.all()
            )

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):
            validate_image(image)
        return image

    def clean_trainer_emails(self):
        emails = [e.strip().lower() for e in self.cleaned_data["trainer_emails"].split() if e]
        people = list(get_user_model().objects.filter(email__in=emails))
        missing = set(emails) - {p.email.lower() for p in people}
        if missing:
            raise forms.ValidationError(
                _("No account with these addresses: %(emails)s")
                % {"emails": ", ".join(sorted(missing))}
            )
        return people

    def clean(self):
        cleaned = super().clean()
        try:
            check_event_data(
                dict(cleaned), confirmed=self.instance.confirmed_count if self.instance.pk else 0
            )
        except EventError as error:
            field = error.field if error.field in self.fields else None
            if not (field and field in self.errors):
                self.add_error(field, str(error.message))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The model's constraints repeat, without a field, what clean() said on the field.
        field_errors = [f for f in self.errors if f != NON_FIELD_ERRORS]
        if field_errors and NON_FIELD_ERRORS in self.errors:
            del self.errors[NON_FIELD_ERRORS]

    def service_data(self) -> dict:
        return {
            f: self.cleaned_data.get(f)
            for f in self.Meta.fields
            if f != "thematic_areas" and f in self.cleaned_data
        }


class RegistrationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of an organisation (optional)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Myself"),
    )

    def __init__(self, *args, event, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        orgs = Organisation.objects.filter(memberships__user=user).order_by("name")
        if orgs.exists():
            self.fields["organisation"].queryset = orgs
        else:
            del self.fields["organisation"]
        for question in event.questions.all():
            name = f"q_{question.pk}"
            if question.kind == Question.Kind.CONSENT:
                field = forms.BooleanField(label=question.label, required=question.required)
            elif question.kind == Question.Kind.CHOICE:
                field = forms.ChoiceField(
                    label=question.label,
                    required=question.required,
                    choices=[("", "—")] + [(c, c) for c in question.choice_list()],
                )
            else:
                field = forms.CharField(
                    label=question.label,
                    required=question.required,
                    max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            self.fields[name] = field

    def answers(self) -> dict:
        return {
            name[2:]: value for name, value in self.cleaned_data.items() if name.startswith("q_")
        }


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["kind", "label_el", "label_en", "choices_el", "choices_en", "required"]
        widgets = {
            "choices_el": forms.Textarea(attrs={"rows": 3}),
            "choices_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label_el"].required = True


class PartForm(forms.ModelForm):
    start = datetime_field(_("Starts"))
    end = datetime_field(_("Ends"))

    class Meta:
        model = EventPart
        fields = ["title_el", "title_en", "start", "end"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The event must end after it starts."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if "end" in self.errors and NON_FIELD_ERRORS in self.errors:
            del self.errors[NON_FIELD_ERRORS]


class StateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (a, a) for a in ("submit", "approve", "return", "publish", "held", "archive", "cancel")
        ]
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class PersonByEmailForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person's account"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        self.person = person
        return email


class MoveForm(forms.Form):
    registration = forms.IntegerField(widget=forms.HiddenInput)
    target = forms.ModelChoiceField(label=_("Move to"), queryset=Event.objects.none())

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            Event.objects.filter(state=Event.State.PUBLISHED, end__gt=timezone.now())
            .exclude(pk=event.pk)
            .order_by("start", "id")
        )


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("If the person has an account, it is linked and they get the certificate."),
    )


SCORES = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    overall = forms.TypedChoiceField(
        label=_("Overall, how was it? (1 = poor, 5 = excellent)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful was it for your work? (1 = not at all, 5 = very)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Comments"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CertificateLookupForm(forms.Form):
    code = forms.CharField(label=_("Certificate code"), max_length=16)
