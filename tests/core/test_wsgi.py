"""The WSGI module builds the URL conf and the REST API at import (gunicorn preloads it in the master), so
no worker's first request pays a multi-second import — under load that import outlasted the 30 s worker
timeout and the worker was killed on its first request (bench/complaints_load.py found it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def test_importing_the_wsgi_module_loads_the_url_conf_and_the_api_without_a_database_connection(tmp_path):
    code = (
        "import sys, shouhu.config.wsgi\n"
        "from django.db import connections\n"
        "print('shouhu.config.api' in sys.modules, 'shouhu.complaints.api' in sys.modules,"
        " connections['default'].connection is None)\n"
    )
    env = os.environ | {
        "PYTHONPATH": str(SRC),
        "DJANGO_SETTINGS_MODULE": "shouhu.config.settings.base",
        "SHOUHU_VAR_DIR": str(tmp_path),
        "SHOUHU_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    # the API is built before any request; and no connection is open to be shared across the fork
    assert out.stdout.split() == ["True", "True", "True"]
