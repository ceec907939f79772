import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import zhengxie.accounts.models


class Migration(migrations.Migration):
    # Apart from 0002's data step: PostgreSQL refuses ALTER TABLE with the update's triggers pending.
    dependencies = [
        ("accounts", "0002_api_token_expiry"),
    ]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(
                default=zhengxie.accounts.models.default_token_expiry, verbose_name="有效期至"
            ),
        ),
        migrations.CreateModel(
            name="PasswordHistory",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("password", models.CharField(max_length=128)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="password_history",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "accounts_password_history",
                "ordering": ["-id"],
            },
        ),
    ]
