from django.apps import AppConfig


class HaccpConfig(AppConfig):
    name = "shouhu.haccp"
    label = "haccp"
    verbose_name = "HACCP计划与关键控制点监控"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shouhu.core import hooks

        from . import permissions, receivers

        permissions.register()
        hooks.register_ccp_limits(receivers.ccp_limits)
        hooks.register_hold_blocker(receivers.hold_blockers)
        hooks.register_batch_blocker(receivers.batch_blockers)
        hooks.register_internal_limit(receivers.internal_limit)
        hooks.ccp_deviation.connect(receivers.ccp_deviation, dispatch_uid="haccp.ccp_deviation")
