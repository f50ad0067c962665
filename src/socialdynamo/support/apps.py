from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "socialdynamo.support"
    label = "support"
    verbose_name = _("Professional support")

    def ready(self):
        from socialdynamo.core import personal_data

        from . import services

        personal_data.register(
            exporter=services.export_support_data, eraser=services.erase_support_data
        )
