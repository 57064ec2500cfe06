from django.apps import AppConfig


class SamplingConfig(AppConfig):
    name = "shouhu.sampling"
    verbose_name = "监督抽检"
    default_auto_field = "django.db.models.BigAutoField"
