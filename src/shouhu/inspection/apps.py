from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "shouhu.inspection"
    label = "inspection"
    verbose_name = "监督检查"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shouhu.core import hooks
        from shouhu.workflow.checklists.hooks import register_template_source
        from shouhu.workflow.checklists.verdicts import register_verdict_rule

        from . import checklist, permissions, receivers, roles

        permissions.register()
        roles.register()
        receivers.connect()
        hooks.register_credit_source(receivers.credit_records)
        register_template_source(checklist.SOURCE, checklist.inspection_source)
        register_verdict_rule(checklist.VERDICT_RULE, checklist.outcome_rule)
