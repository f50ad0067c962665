from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "socialdynamo.organizations"
    label = "organizations"
    verbose_name = _("Organisations")

    def ready(self):
        from socialdynamo.core import personal_data

        from . import services, signals

        signals.connect()

        personal_data.register(
            exporter=services.export_memberships,
            eraser=services.erase_memberships,
            blocker=services.erase_blockers,
        )
