from django.apps import AppConfig


class DisposalConfig(AppConfig):
    name = "shouhu.disposal"
    label = "disposal"
    verbose_name = "核查处置"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shouhu.core import hooks

        from . import permissions, receivers

        permissions.register()
        hooks.sample_failed.connect(receivers.open_cases, dispatch_uid="disposal.open_cases")
        hooks.register_licence_blocker(receivers.licence_blockers)
