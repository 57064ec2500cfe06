from django.apps import AppConfig


class SalesConfig(AppConfig):
    name = "shouhu.sales"
    label = "sales"
    verbose_name = "销售环节监管"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shouhu.workflow.checklists.hooks import register_template_source
        from shouhu.workflow.checklists.verdicts import register_verdict_rule

        from . import checklist, permissions

        permissions.register()
        register_template_source(checklist.SOURCE, checklist.seller_source)
        register_verdict_rule(checklist.VERDICT_RULE, checklist.outcome_rule)
