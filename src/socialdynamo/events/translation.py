from modeltranslation.translator import TranslationOptions, register

from .models import Event, EventKind, EventPart, Question


@register(EventKind)
class EventKindTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("el",)


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "audience", "image_alt")
    required_languages = ("el",)


@register(EventPart)
class EventPartTranslation(TranslationOptions):
    fields = ("title",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "choices")
    required_languages = ("el",)
