from typing import Any

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "shouhu.registry"
    verbose_name = "企业登记"

    def ready(self) -> None:
        # 接入率: an enterprise system's write through the API (core.hooks, sent by accounts.auth) is
        # recorded on the enterprise. Core offers the hook; registry listens.
        from shouhu.core.hooks import enterprise_pushed

        enterprise_pushed.connect(_mark_push, dispatch_uid="registry.enterprise_mark_push")


def _mark_push(sender: Any, *, enterprise_id: int, at: Any, **_: Any) -> None:
    from .services import enterprise_mark_push

    enterprise_mark_push(enterprise_id=enterprise_id, at=at)
