from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "zhengxie.consultations"
    label = "consultations"
    verbose_name = "协商议政与会议活动"
    default_auto_field = "django.db.models.BigAutoField"
