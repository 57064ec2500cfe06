"""WSGI entry point (gunicorn shouhu.config.wsgi).

The URL conf — and with it every app's views and the REST API's ~400 operations, whose pydantic models
take seconds to build — is imported here, not on a worker's first request: with gunicorn's preload_app
it is built once in the master and shared by the workers, and no worker answers its first request
after a long import. Under load that import used to exceed the 30 s worker timeout: the worker was
killed on its first request and its replacement started the same import again.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.base")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 (imports the URL conf now)
