from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "socialtech.tenancy"
    label = "tenancy"
    verbose_name = _("Tenants")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from socialtech.tenancy import rls

        connection_created.connect(rls.on_connection_created, dispatch_uid="tenancy_rls_connect")
        pre_migrate.connect(rls.bypass_for_migrate, sender=self, dispatch_uid="tenancy_rls_pre")
        post_migrate.connect(rls.apply_after_migrate, sender=self, dispatch_uid="tenancy_rls_post")
