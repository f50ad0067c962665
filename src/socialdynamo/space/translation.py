from modeltranslation.translator import TranslationOptions, register

from .models import Call, Criterion, EligibilityQuestion, Question, RequiredDocument, Space


@register(Space)
class SpaceTranslation(TranslationOptions):
    fields = ("name", "house_rules")


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "summary", "description")
    required_languages = ("el",)


@register(EligibilityQuestion)
class EligibilityQuestionTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("el",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text", "choices")
    required_languages = ("el",)


@register(RequiredDocument)
class RequiredDocumentTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("el",)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("el",)
