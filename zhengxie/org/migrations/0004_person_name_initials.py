"""Pinyin initials of every person's name, for the searchable pickers; existing rows are filled in."""

from django.db import migrations, models

BATCH = 2000


def fill_initials(apps, schema_editor):
    from zhengxie.lib.pinyin import initials

    Person = apps.get_model("org", "Person")
    last = 0
    while True:
        rows = list(Person.objects.filter(pk__gt=last).order_by("pk").only("pk", "name")[:BATCH])
        if not rows:
            break
        for row in rows:
            row.name_initials = initials(row.name)
        Person.objects.bulk_update(rows, ["name_initials"])
        last = rows[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0003_account_home_and_contact_account"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_initials",
            field=models.CharField(
                blank=True, db_index=True, editable=False, max_length=100, verbose_name="姓名拼音首字母"
            ),
        ),
        migrations.RunPython(fill_initials, migrations.RunPython.noop),
    ]
