from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "zhengxie.schedule"
    label = "schedule"
    verbose_name = "工作预安排"
    default_auto_field = "django.db.models.BigAutoField"
