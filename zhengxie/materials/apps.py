from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "zhengxie.materials"
    label = "materials"
    verbose_name = "会议材料"
    default_auto_field = "django.db.models.BigAutoField"
