from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "zhengxie.news"
    label = "news"
    verbose_name = "要闻动态与政协知识"
    default_auto_field = "django.db.models.BigAutoField"
