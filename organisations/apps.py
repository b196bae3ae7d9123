from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from organisations import tasks  # noqa: F401  (registers the tasks services send by name)
        from organisations.selectors import organisation_data_for_user
        from socialtech.accounts import data_export

        data_export.register("organisations", organisation_data_for_user)
