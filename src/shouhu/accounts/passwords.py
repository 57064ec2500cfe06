"""Password policy (ASVS V2.1, 等保 2.0 身份鉴别): Django's validators plus the two it lacks.

The policy itself is configuration (`AUTH_PASSWORD_VALIDATORS` in settings): length ≥ 10, not similar
to the username or name, not one of the ~20,000 common passwords, not one of the last five — and, in
production, not a password printed in this project's own documentation (the demo password).

`PasswordHistoryValidator.password_changed` keeps the history: Django calls it whenever a password is
set and saved, from any form, the admin or `changepassword`, so no caller can forget it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class PasswordHistoryValidator:
    """Refuse any of the user's last `count` passwords (the current one included)."""

    def __init__(self, count: int = 5):
        self.count = count

    def _recent(self, user):
        """The stored current password and the history (an account made by `create_user` has none yet)."""
        from .models import PasswordHistory, User

        if user is None or user.pk is None:
            return []
        current = User.objects.filter(pk=user.pk).values_list("password", flat=True).first()
        history = list(
            PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.count]
        )
        return [h for h in dict.fromkeys([current, *history]) if h][: self.count]

    def validate(self, password: str, user=None) -> None:
        for old in self._recent(user):
            if check_password(password, old):
                raise ValidationError(
                    _("不能与最近 %(count)d 次使用过的密码相同。"),
                    code="password_reused",
                    params={"count": self.count},
                )

    def password_changed(self, password: str, user=None) -> None:
        from . import security
        from .models import PasswordHistory

        if user is None or user.pk is None:
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[: self.count]
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
        security.record(security.SecurityKind.PASSWORD_CHANGE, user=user)

    def get_help_text(self) -> str:
        return _("不能与最近 %(count)d 次使用过的密码相同。") % {"count": self.count}


class PublishedPasswordValidator:
    """Refuse passwords printed in the project's documentation (the demo accounts' `shouhu2026`).

    On in production settings only: there, a demo password is as good as public. The list comes from
    the setting `SHOUHU_PUBLISHED_PASSWORDS`."""

    def validate(self, password: str, user=None) -> None:
        published = {p.lower() for p in getattr(settings, "SHOUHU_PUBLISHED_PASSWORDS", ())}
        if password.lower() in published:
            raise ValidationError(
                _("该密码已公开于文档中（演示密码），不能使用。"), code="password_published"
            )

    def get_help_text(self) -> str:
        return _("不能使用文档中公开的演示密码。")
