from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "zhengxie.surveys"
    label = "surveys"
    verbose_name = "问卷调查"
    default_auto_field = "django.db.models.BigAutoField"
