# Two-way evaluation: the handling unit rates the proposal with its reply (assessment).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0004_notfiled_destinations_and_collective_proposers'),
    ]

    operations = [
        migrations.AddField(
            model_name='proposalsettings',
            name='quality_scale',
            field=models.PositiveSmallIntegerField(default=5, verbose_name='提案质量评价分制（每项满分，2至10）'),
        ),
        migrations.AddField(
            model_name='reply',
            name='quality_clarity',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='表述清晰'),
        ),
        migrations.AddField(
            model_name='reply',
            name='quality_comment',
            field=models.CharField(blank=True, max_length=500, verbose_name='对提案质量的意见'),
        ),
        migrations.AddField(
            model_name='reply',
            name='quality_feasibility',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='建议可行性'),
        ),
        migrations.AddField(
            model_name='reply',
            name='quality_research',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='调研深度'),
        ),
    ]
