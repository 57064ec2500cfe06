"""Registry endpoints (企业登记接口)."""

from __future__ import annotations

from ninja import Router

router = Router()
