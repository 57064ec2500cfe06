"""`X-Lab-Key: lab_…` — a testing body's account for the lab API (`services.labs`). Unknown keys get 401."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import APIKeyHeader

from .models import LabActor
from .services.labs import lab_for_key


class LabKeyAuth(APIKeyHeader):
    param_name = "X-Lab-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> LabActor | None:
        lab = lab_for_key(str(key or ""))
        return LabActor(lab) if lab is not None else None
