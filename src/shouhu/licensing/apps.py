from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "shouhu.licensing"
    verbose_name = "许可审查"
