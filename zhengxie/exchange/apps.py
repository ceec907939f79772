from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "zhengxie.exchange"
    label = "exchange"
    verbose_name = "组群交流"
    default_auto_field = "django.db.models.BigAutoField"
