from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "socialtech.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from socialtech.accounts import data_export

        data_export.register_core_sections()
