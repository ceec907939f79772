from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "zhengxie.lib"
    label = "lib"
    verbose_name = "公共机制"
