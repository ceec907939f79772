from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    name = "zhengxie.workplans"
    label = "workplans"
    verbose_name = "年度工作计划"
    default_auto_field = "django.db.models.BigAutoField"
