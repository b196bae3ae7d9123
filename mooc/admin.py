"""The courses' back office: one module per sub-domain, registered on import."""

from mooc.catalogue import admin as catalogue_admin
from mooc.certificates import admin as certificates_admin
from mooc.learning import admin as learning_admin

__all__ = ["catalogue_admin", "certificates_admin", "learning_admin"]
