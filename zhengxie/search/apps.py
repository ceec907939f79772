from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zhengxie.search"
    label = "search"
    verbose_name = "检索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zhengxie.lib.workflow import register_observer

        from .index import reindex_object

        register_observer(reindex_object)
