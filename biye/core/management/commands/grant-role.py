"""`biye grant-role USERNAME ROLE [--college CODE] [--create --name 姓名] [--revoke]`: who may do what.

Until single sign-on arrives this is how the server's operator gives the first Graduate School member, the
college handlers and deans, the photo vendor and the archives their roles."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from biye.core import actions, database
from biye.core.errors import ActionRefused
from biye.core.models import College, Person, Role


class Command(BaseCommand):
    help = _("授予（或撤销）角色：gs 研究生院、handler 学院经办人、dean 主管院长、advisor 导师、vendor 影像中心、archives 档案馆。")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help=", ".join(r for r in Role.values if r != Role.STUDENT))
        parser.add_argument("--college", help=_("学院代码（学院经办人、主管院长必填）"))
        parser.add_argument("--create", action="store_true", help=_("账号不存在时新建（无密码，之后用 changepassword 设置）"))
        parser.add_argument("--name", default="", help=_("新建账号的显示姓名"))
        parser.add_argument("--revoke", action="store_true", help=_("撤销这个角色"))

    def handle(self, *args, username: str, role: str, college: str | None, create: bool, name: str, revoke: bool,
               **options) -> None:
        database.ensure_ready(self.stderr)
        place = None
        if college:
            place = College.objects.filter(code=college).first()
            if place is None:
                raise CommandError(_("没有代码为 %(code)s 的学院。") % {"code": college})
        person = Person.objects.filter(username=username).first()
        if person is None and (not create or revoke):
            raise CommandError(_("没有用户 %(username)s。要新建请加 --create。") % {"username": username})
        is_new = person is None
        by = actions.system_actor()
        try:
            if revoke:
                done = actions.revoke_role(person=person, role=role, college=place, by=by)
                self.stdout.write(_("已撤销。") if done else _("该用户没有这个角色，未做改动。"))
                return
            # One action: a grant it refuses leaves no new account behind.
            person, done = actions.grant_role_by_username(
                username=username, display_name=name or username, role=role, college=place, by=by)
        except ActionRefused as refused:
            raise CommandError(str(refused)) from None
        if is_new:
            self.stdout.write(_("已新建账号 %(username)s（尚无密码：biye changepassword %(username)s）。") % {"username": username})
        self.stdout.write(_("已授予。") if done else _("该用户已有这个角色，未做改动。"))
