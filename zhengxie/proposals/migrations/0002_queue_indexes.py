from django.db import migrations, models


class Migration(migrations.Migration):
    """The office queue of a committee, newest first, by index on PostgreSQL as well."""

    dependencies = [("proposals", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["committee", "id"], name="proposals_committee_idx"),
        ),
    ]
