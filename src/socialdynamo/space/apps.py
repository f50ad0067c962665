from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpaceConfig(AppConfig):
    name = "socialdynamo.space"
    label = "space"
    verbose_name = _("Co-working space")

    def ready(self):
        from socialdynamo.core import personal_data

        from . import services, signals

        signals.connect()

        personal_data.register(
            exporter=services.export_personal_data, eraser=services.erase_personal_data
        )
