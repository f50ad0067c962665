from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's e-mails in the recipient's language (they still go via the task queue)."""

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language() or "el"
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)
