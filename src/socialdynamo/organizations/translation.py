from modeltranslation.translator import TranslationOptions, register

from .models import District, Organisation, ThematicArea


@register(ThematicArea)
class ThematicAreaTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("el",)


@register(District)
class DistrictTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("el",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "summary", "description")
    required_languages = ("el",)
