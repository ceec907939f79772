from django.apps import AppConfig


class JointConfig(AppConfig):
    name = "zhengxie.joint"
    label = "joint"
    verbose_name = "联办活动"
    default_auto_field = "django.db.models.BigAutoField"
