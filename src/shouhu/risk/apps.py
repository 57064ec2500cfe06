from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "shouhu.risk"
    verbose_name = "风险分级与检查计划"

    def ready(self) -> None:
        from . import receivers, signals, sources

        sources.install()
        signals.autodiscover()
        receivers.connect()
