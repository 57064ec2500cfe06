from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shouhu.accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from . import login, permissions, security  # noqa: F401  # connect the auth signals

        permissions.register()
        security.connect_axes()
