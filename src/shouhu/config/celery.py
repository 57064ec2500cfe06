"""The Celery app: Redis broker in production, eager (inline) in the embedded default."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.base")

app = Celery("shouhu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
