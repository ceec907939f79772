from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhengxie.lib.errors import DomainError
from zhengxie.org import services
from zhengxie.org.models import Committee
from zhengxie.org.roles import ADMIN_ROLES


class Command(BaseCommand):
    help = "Create a system, security or audit administrator of a committee (there is no superuser)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--name", required=True, help="the person's name")
        parser.add_argument("--committee", required=True, help="committee code")
        parser.add_argument("--role", required=True, choices=sorted(ADMIN_ROLES))
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        committee = Committee.objects.filter(code=options["committee"]).first()
        if committee is None:
            raise CommandError(f"没有代码为 {options['committee']} 的政协")
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("初始密码：")
            if getpass.getpass("再次输入：") != password:
                raise CommandError("两次输入的密码不一致")
        try:
            validate_password(password)
            with transaction.atomic():
                user = services.account_create(
                    username=options["username"],
                    display_name=options["name"],
                    password=password,
                    by=None,
                    must_change_password=True,
                )
                services.role_grant(user=user, committee=committee, role=options["role"], by=None)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"已创建 {committee.name} 的管理员 {user.username}；首次登录须修改密码并绑定双因素认证"
        )
