import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialtech.settings")
application = get_wsgi_application()

# Refuse to start (saying what to run) rather than answer every page with a server error.
from socialtech.startup import require_ready_to_serve  # noqa: E402  (needs the apps loaded)

require_ready_to_serve()
