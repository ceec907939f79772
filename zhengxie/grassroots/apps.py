from django.apps import AppConfig


class GrassrootsConfig(AppConfig):
    name = "zhengxie.grassroots"
    label = "grassroots"
    verbose_name = "基层协商"
    default_auto_field = "django.db.models.BigAutoField"
