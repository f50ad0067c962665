from modeltranslation.translator import TranslationOptions, register

from .models import SupportArea, SupportTopic


@register(SupportArea)
class SupportAreaTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("el",)


@register(SupportTopic)
class SupportTopicTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("el",)
