from django.apps import AppConfig


class LabelstoreConfig(AppConfig):
    name = "shouhu.labelstore"
    verbose_name = "标签审查记录"
