# Role choices: the third-party rater (assessment).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0005_role_convener'),
    ]

    operations = [
        migrations.AlterField(
            model_name='roleassignment',
            name='role',
            field=models.CharField(choices=[('member', '委员'), ('proposal_staff', '提案工作人员'), ('info_staff', '信息工作人员'), ('supervision_staff', '督查督办工作人员'), ('activity_staff', '会议活动工作人员'), ('unit_clerk', '承办单位经办人'), ('unit_leader', '承办单位负责人'), ('leader', '领导'), ('convener', '乡镇活动召集人'), ('sysadmin', '系统管理员'), ('secadmin', '安全管理员'), ('auditadmin', '审计管理员'), ('external_rater', '第三方评议员')], max_length=20, verbose_name='角色'),
        ),
    ]
