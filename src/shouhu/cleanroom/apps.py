from django.apps import AppConfig


class CleanroomConfig(AppConfig):
    name = "shouhu.cleanroom"
    label = "cleanroom"
    verbose_name = "洁净区环境监测"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shouhu.core import hooks

        from . import permissions, receivers

        permissions.register()
        hooks.licence_granted.connect(receivers.licence_granted, dispatch_uid="cleanroom.licence_granted")
        hooks.register_release_flag(receivers.release_flags)
        hooks.register_batch_zone(receivers.batch_zone)
