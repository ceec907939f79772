from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "zhengxie.groups"
    label = "groups"
    verbose_name = "主题议政"
    default_auto_field = "django.db.models.BigAutoField"
