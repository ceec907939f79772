from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "zhengxie.participation"
    label = "participation"
    verbose_name = "委员联系群众"
    default_auto_field = "django.db.models.BigAutoField"
