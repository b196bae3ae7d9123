# The applicant fixtures of the applications tests serve the language tests too.
from tests.applications.conftest import call_a, organisation

__all__ = ["call_a", "organisation"]
