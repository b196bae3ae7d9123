from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicCacheConfig(AppConfig):
    name = "socialtech.public_cache"
    label = "public_cache"
    verbose_name = _("Public page cache")

    def ready(self) -> None:
        # Every process that writes (web, worker, shell) must bump the versions it stales.
        from socialtech.public_cache import versions

        versions.connect_signals()
