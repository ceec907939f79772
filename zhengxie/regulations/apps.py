from django.apps import AppConfig


class RegulationsConfig(AppConfig):
    name = "zhengxie.regulations"
    label = "regulations"
    verbose_name = "制度库"
    default_auto_field = "django.db.models.BigAutoField"
