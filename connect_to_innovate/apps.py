from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectToInnovateConfig(AppConfig):
    name = "connect_to_innovate"
    verbose_name = _("Connect to innovate")
