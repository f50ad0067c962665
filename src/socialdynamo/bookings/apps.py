from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "socialdynamo.bookings"
    label = "bookings"
    verbose_name = _("Rooms and bookings")

    def ready(self):
        from socialdynamo.core import personal_data

        from . import selectors, services

        personal_data.register(
            exporter=services.export_bookings,
            eraser=services.erase_bookings,
        )
        selectors.connect_cache_signals()
