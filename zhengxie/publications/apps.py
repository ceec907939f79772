from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "zhengxie.publications"
    label = "publications"
    verbose_name = "刊物"
    default_auto_field = "django.db.models.BigAutoField"
