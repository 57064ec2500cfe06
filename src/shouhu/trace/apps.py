from django.apps import AppConfig


class TraceConfig(AppConfig):
    name = "shouhu.trace"
    verbose_name = "追溯与召回"
