from django import forms
from django.utils.translation import gettext_lazy as _

from socialdynamo.core.uploads import validate_image

from .models import Invitation, Membership, Organisation, ThematicArea


class OrganisationForm(forms.ModelForm):
    thematic_areas = forms.ModelMultipleChoiceField(
        label=_("Thematic areas"),
        queryset=ThematicArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = [
            "name_el", "name_en", "acronym", "kind", "summary_el", "summary_en",
            "description_el", "description_en", "thematic_areas", "district", "address",
            "email", "phone", "website", "facebook", "instagram", "linkedin", "other_social",
            "logo", "year_founded", "size", "legal_form", "tax_number", "registry_number",
        ]  # fmt: skip
        labels = {
            "name_el": _("Name in Greek"),
            "name_en": _("Name in English"),
            "summary_el": _("One-line summary in Greek"),
            "summary_en": _("One-line summary in English"),
            "description_el": _("Description in Greek"),
            "description_en": _("Description in English"),
        }
        help_texts = {
            "name_en": _("Leave empty if the name is the same in English."),
            "legal_form": _("Not needed for informal citizen groups."),
            "tax_number": _("Not needed for informal citizen groups."),
            "registry_number": _("Not needed for informal citizen groups."),
            "logo": _("PNG, JPEG or WebP, up to 2 MB."),
        }
        widgets = {
            "description_el": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_el"].required = True
        self.fields["thematic_areas"].queryset = ThematicArea.objects.order_by("position", "name")

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload
            validate_image(logo)
        return logo

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Organisation.Kind.INFORMAL_GROUP:
            for field in ("legal_form", "tax_number", "registry_number"):
                cleaned[field] = ""
        elif (
            kind == Organisation.Kind.NGO
            and not cleaned.get("tax_number")
            and "tax_number" not in self.errors
        ):
            self.add_error("tax_number", _("A registered NGO needs its tax number (ΑΦΜ)."))
        return cleaned


class StateReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Sent to the organisation's administrators."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Invitation._meta.get_field("role").choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Membership.Role.ADMIN, Membership.Role.ADMIN.label),
            (Membership.Role.MEMBER, Membership.Role.MEMBER.label),
        ],
    )


class TransferOwnershipForm(forms.Form):
    new_owner = forms.ModelChoiceField(label=_("New owner"), queryset=Membership.objects.none())

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["new_owner"]
        field.queryset = (
            Membership.objects.filter(organisation=organisation)
            .exclude(role=Membership.Role.OWNER)
            .select_related("user")
        )
        field.label_from_instance = lambda m: f"{m.user} ({m.user.email})"


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    area = forms.ChoiceField(label=_("Thematic area"), required=False)
    district = forms.ChoiceField(label=_("District or municipality"), required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + list(choices["kinds"])
        self.fields["area"].choices = everything + [(a.slug, a.name) for a in choices["areas"]]
        self.fields["district"].choices = everything + [
            (d.slug, d.name) for d in choices["districts"]
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
