from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "socialdynamo.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from socialdynamo.core import personal_data

        from . import services, signals

        signals.connect()
        personal_data.register(
            exporter=services.export_registrations, eraser=services.erase_registrations
        )
