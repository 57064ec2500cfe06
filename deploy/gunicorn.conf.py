"""gunicorn settings for Shouhu (issue 12, point 4): `gunicorn -c deploy/gunicorn.conf.py shouhu.config.wsgi`.

Every value can be overridden from the environment (GUNICORN_*) or the command line; why each is what
it is:

- Sync workers, 2 x cores + 1 (at least 3). Requests are short now: OCR, PDF rendering and sweeps run
  in core.jobs (a capped child process; a Celery worker in production), bulk pushes are limited to what
  completes in a few seconds (production.bulk.MAX_ITEMS). A sync worker per in-flight request is the
  simplest model that cannot starve itself; with 2 workers, two slow requests used to block every page.
- timeout 30 s. Nothing legitimate takes that long on a request any more; a worker stuck longer is
  killed and replaced rather than holding a slot (the OCR that used to need 30 s is not on a request).
  graceful_timeout 30 s lets a restart finish in-flight requests.
- preload_app: the Django app (settings, URL conf, the rule sets, the translation catalogs) is imported
  once in the master and shared copy-on-write by the workers: faster restarts, less memory per worker.
  The OCR model is NOT loaded in the web workers at all: it loads in the job child (embedded default)
  or the Celery worker (production), so no web worker carries its ~300 MB. Database connections are
  opened after the fork (Django opens them lazily per request), so preloading shares none.
- max_requests 2000 (+ jitter 200): a worker is recycled after that many requests, so slow growth
  (fragmentation, caches) never accumulates; the jitter keeps workers from restarting together.
- bind: loopback only; nginx is the only way in (deploy/nginx). SHOUHU_PROXY_COUNT=1 behind it, so rate
  limits and lockouts key on the real client (X-Forwarded-For), not nginx's address.
- limit_request_line / fields: gunicorn's defaults refuse oversized request heads before Django.
"""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", str(max(3, multiprocessing.cpu_count() * 2 + 1))))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") not in {"0", "false", "no"}
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
forwarded_allow_ips = "127.0.0.1"
