from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "shouhu.workflow.publication"
    label = "publication"
    verbose_name = "案件线索与信息公示"

    def ready(self) -> None:
        from shouhu.workflow.obligations import permissions  # noqa: F401
