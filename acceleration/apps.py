from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccelerationConfig(AppConfig):
    name = "acceleration"
    verbose_name = _("Acceleration")
