from modeltranslation.translator import TranslationOptions, register

from .models import Closure, Room, RoomPhoto


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name", "description", "equipment", "accessibility")
    required_languages = ("el",)


@register(RoomPhoto)
class RoomPhotoTranslation(TranslationOptions):
    fields = ("alt_text",)


@register(Closure)
class ClosureTranslation(TranslationOptions):
    fields = ("reason",)
    required_languages = ("el",)
