from django.apps import AppConfig


class ContractConfig(AppConfig):
    name = "shouhu.contract"
    label = "contract"
    verbose_name = "委托生产管理"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shouhu.workflow.checklists.hooks import register_template_source
        from shouhu.workflow.subjects import register_subject

        from . import permissions, receivers

        permissions.register()
        # An agreement, its audit runs, findings and reports belong to the 委托方 (its control records).
        register_subject("contract.agreement", receivers.agreement_owner)
        register_template_source(receivers.SOURCE, receivers.audit_source)
