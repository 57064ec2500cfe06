from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "shouhu.core"
    verbose_name = "核心"

    def ready(self) -> None:
        # Every app declares its ledger actions in `<app>/events.py` (core.events); core imports none.
        autodiscover_modules("events")
