from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from socialdynamo.accounts.models import User

from .models import (
    ASSESSMENT_AREAS,
    ASSESSMENT_LEVELS,
    INDUCTION_ITEMS,
    Call,
    Criterion,
    Desk,
    EligibilityQuestion,
    Hosting,
    ProgressReview,
    Question,
    RequiredDocument,
    Space,
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SpaceForm(forms.ModelForm):
    class Meta:
        model = Space
        fields = [
            "name_el", "name_en", "capacity", "desks", "default_hosting_months", "address",
            "house_rules_el", "house_rules_en",
        ]  # fmt: skip
        labels = {
            "name_el": _("Name in Greek"),
            "name_en": _("Name in English"),
            "house_rules_el": _("House rules in Greek"),
            "house_rules_en": _("House rules in English"),
        }
        widgets = {
            "house_rules_el": forms.Textarea(attrs={"rows": 8}),
            "house_rules_en": forms.Textarea(attrs={"rows": 8}),
        }


class CallForm(forms.ModelForm):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People marked as reviewers."),
    )

    class Meta:
        model = Call
        fields = [
            "title_el", "title_en", "slug", "summary_el", "summary_en", "description_el",
            "description_en", "opens_at", "closes_at", "hosting_start", "places",
            "reviewers_per_application", "anonymised_review", "share_scores",
            "disagreement_threshold", "reviewers",
        ]  # fmt: skip
        labels = {
            "title_el": _("Title in Greek"),
            "title_en": _("Title in English"),
            "summary_el": _("Summary in Greek"),
            "summary_en": _("Summary in English"),
            "description_el": _("Description in Greek"),
            "description_en": _("Description in English"),
            "opens_at": _("Opens (Athens time)"),
            "closes_at": _("Closes (Athens time)"),
        }
        widgets = {
            "description_el": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "opens_at": DATETIME,
            "closes_at": DATETIME,
            "hosting_start": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_el"].required = True
        self.fields["reviewers"].queryset = User.objects.filter(
            is_reviewer=True, is_active=True
        ).order_by("last_name", "first_name")
        self.fields["reviewers"].label_from_instance = lambda u: f"{u} ({u.email})"


class ItemForm(forms.ModelForm):
    """A row of a call's criteria, questions or documents. A blank extra row stays blank
    even though its tick boxes (default "yes") come back unticked."""

    def has_changed(self):
        return any(
            not isinstance(self.fields[name], forms.BooleanField) for name in self.changed_data
        )


def _translated(model, base):
    return [f"{name}_{lang}" for name in base for lang in ("el", "en")]


EligibilityFormSet = inlineformset_factory(
    Call,
    EligibilityQuestion,
    fields=[*_translated(EligibilityQuestion, ["text"]), "required_answer", "position"],
    form=ItemForm,
    extra=1,
    can_delete=True,
)
QuestionFormSet = inlineformset_factory(
    Call,
    Question,
    fields=[
        *_translated(Question, ["text", "help_text"]),
        "kind",
        "required",
        "max_length",
        *_translated(Question, ["choices"]),
        "min_value",
        "max_value",
        "position",
    ],
    widgets={
        "choices_el": forms.Textarea(attrs={"rows": 2}),
        "choices_en": forms.Textarea(attrs={"rows": 2}),
    },
    form=ItemForm,
    extra=1,
    can_delete=True,
)
DocumentFormSet = inlineformset_factory(
    Call,
    RequiredDocument,
    fields=[
        *_translated(RequiredDocument, ["name", "description"]),
        "allowed_types",
        "max_mb",
        "required",
        "position",
    ],
    form=ItemForm,
    extra=1,
    can_delete=True,
)
CriterionFormSet = inlineformset_factory(
    Call,
    Criterion,
    fields=[*_translated(Criterion, ["name", "description"]), "weight", "max_points", "position"],
    form=ItemForm,
    extra=1,
    can_delete=True,
)


class StartApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Apply for"), queryset=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ApplicationForm(forms.Form):
    """Built from the call: eligibility questions (yes/no), the call's questions and a
    contact. Nothing is required here (a draft may be incomplete); submission checks."""

    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)

    def __init__(self, *args, call, application=None, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if application is not None:
            initial.setdefault("contact_name", application.contact_name)
            initial.setdefault("contact_phone", application.contact_phone)
            for key, value in application.eligibility_answers.items():
                initial[f"e_{key}"] = "yes" if value else "no"
            for answer in application.answers.all():
                initial[f"q_{answer.question_id}"] = answer.value
        super().__init__(*args, initial=initial, **kwargs)
        self.call = call
        self.eligibility = list(call.eligibility_questions.all())
        self.questions = list(call.questions.all())
        for question in self.eligibility:
            self.fields[f"e_{question.pk}"] = forms.ChoiceField(
                label=question.text, choices=YES_NO, required=False, widget=forms.RadioSelect
            )
        for question in self.questions:
            name = f"q_{question.pk}"
            common = {"label": question.text, "required": False, "help_text": question.help_text}
            if question.kind == Question.Kind.NUMBER:
                self.fields[name] = forms.CharField(
                    widget=forms.NumberInput(
                        attrs={"min": question.min_value, "max": question.max_value}
                    ),
                    **common,
                )
            elif question.kind == Question.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    choices=[
                        ("", "—"),
                        *[(str(i), c) for i, c in enumerate(question.choice_list())],
                    ],
                    **common,
                )
            else:
                help_text = _("Up to %(max)d characters.") % {"max": question.max_length}
                if question.help_text:
                    help_text = f"{question.help_text} {help_text}"
                common["help_text"] = help_text
                self.fields[name] = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 5}), **common
                )
            if question.required:
                self.fields[name].widget.attrs["aria-required"] = "true"

    def eligibility_data(self) -> dict:
        data = {}
        for question in self.eligibility:
            value = self.cleaned_data.get(f"e_{question.pk}")
            if value in ("yes", "no"):
                data[question.pk] = value == "yes"
        return data

    def answers_data(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q_{q.pk}", "") for q in self.questions}


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=User.objects.none())

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = call.reviewers.order_by("last_name", "first_name")


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=_("Overall comment"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria, assignment=None, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if assignment is not None:
            initial.setdefault("comment", assignment.comment)
            for score in assignment.scores.all():
                initial[f"points_{score.criterion_id}"] = score.points
                initial[f"comment_{score.criterion_id}"] = score.comment
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"points_{criterion.pk}"] = forms.CharField(
                label=_("%(name)s: points (0–%(max)d, weight %(weight)d)")
                % {"name": criterion.name, "max": criterion.max_points, "weight": criterion.weight},
                required=False,
                help_text=criterion.description,
                widget=forms.NumberInput(attrs={"min": 0, "max": criterion.max_points}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(name)s”") % {"name": criterion.name},
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields(
            [*[f for c in self.criteria for f in (f"points_{c.pk}", f"comment_{c.pk}")], "comment"]
        )

    def scores_data(self) -> dict:
        return {
            c.pk: (
                (self.cleaned_data.get(f"points_{c.pk}") or "").strip(),
                self.cleaned_data.get(f"comment_{c.pk}", ""),
            )
            for c in self.criteria
        }


class HostingForm(forms.ModelForm):
    induction_done = forms.MultipleChoiceField(
        label=_("Induction checklist"),
        choices=INDUCTION_ITEMS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Hosting
        fields = ["desk", "contact_person", "agreement_signed_on", "room_hours_per_month", "goals"]
        widgets = {"agreement_signed_on": DATE, "goals": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = Desk.objects.filter(active=True)
        self.fields["contact_person"].queryset = User.objects.filter(is_staff=True, is_active=True)
        self.initial.setdefault(
            "induction_done", [k for k, v in (self.instance.induction or {}).items() if v]
        )


class HostingCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    start = forms.DateField(label=_("Start"), widget=DATE)
    end = forms.DateField(
        label=_("End"), widget=DATE, required=False, help_text=_("Empty: the default length.")
    )

    def __init__(self, *args, **kwargs):
        from socialdynamo.organizations.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            state=Organisation.State.VERIFIED
        ).order_by("name")


class EndHostingForm(forms.Form):
    on = forms.DateField(label=_("Last day in the space"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class GoalsForm(forms.Form):
    goals = forms.CharField(
        label=_("Our goals for the hosting"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class SelfAssessmentForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in ASSESSMENT_AREAS:
            self.fields[key] = forms.TypedChoiceField(
                label=label, choices=ASSESSMENT_LEVELS, coerce=int, widget=forms.RadioSelect
            )
        self.order_fields([*[k for k, _l in ASSESSMENT_AREAS], "notes"])


class ProgressForm(forms.Form):
    progress = forms.CharField(
        label=_("Progress against your goals"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AssessProgressForm(forms.Form):
    rating = forms.ChoiceField(label=_("Assessment"), choices=ProgressReview.Rating.choices)
    notes = forms.CharField(
        label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RenewalForm(forms.Form):
    needs = forms.CharField(
        label=_("What you need from the space next"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    progress = forms.CharField(
        label=_("Progress so far"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
