from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "zhengxie.opinions"
    label = "opinions"
    verbose_name = "社情民意"
    default_auto_field = "django.db.models.BigAutoField"
