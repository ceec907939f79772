from django.apps import AppConfig


class PlenaryConfig(AppConfig):
    name = "zhengxie.plenary"
    label = "plenary"
    verbose_name = "全体会议"
    default_auto_field = "django.db.models.BigAutoField"
