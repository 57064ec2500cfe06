from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "shouhu.training"
    label = "training"
    verbose_name = "食品安全管理人员培训考核"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shouhu.core import hooks

        from . import permissions, roles, selectors

        permissions.register()
        roles.register()
        hooks.register_person_notes(selectors.person_bar_notes)
        hooks.register_person_training(selectors.person_training)
