from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "zhengxie.assessment"
    label = "assessment"
    verbose_name = "考评"
    default_auto_field = "django.db.models.BigAutoField"
