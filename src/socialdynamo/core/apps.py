from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "socialdynamo.core"
    label = "core"
    verbose_name = _("Hub platform")

    def ready(self):
        from . import audit, personal_data

        personal_data.register(eraser=audit.erase_personal_data)
