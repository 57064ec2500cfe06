"""Password policy (ASVS V2.1, 等保 2.0 身份鉴别): Django's validators plus the two it lacks.

The policy itself is configuration (`AUTH_PASSWORD_VALIDATORS` in settings): length ≥ 10, not similar
to the username or name, not one of the ~20,000 common passwords, not one of the last five — and, in
production, not a password printed in this project's own documentation (the demo password).

`PasswordHistoryValidator.password_changed` keeps the history: Django calls it whenever a password is
set and saved, from any form, the admin or `changepassword`, so no caller can forget it.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
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


class CharacterClassesValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, symbols (等保 2.0
    "复杂度要求", as many assessors read it). Off unless SHOUHU_PASSWORD_MIN_CLASSES is set: ASVS V2.1.9
    advises against composition rules, and length plus the common-password list do more."""

    TESTS = (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum() and not c.isspace())

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        found = sum(1 for test in self.TESTS if any(test(c) for c in password))
        if found < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少 %(count)d 类。"),
                code="password_classes",
                params={"count": self.min_classes},
            )

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少 %(count)d 类。") % {
            "count": self.min_classes
        }


def password_expired(user) -> bool:
    """Whether the user's password is older than SHOUHU_PASSWORD_MAX_AGE_DAYS (0 = never: ASVS V2.1.10
    advises against forced rotation; a deployment whose assessor requires 定期更换 sets it, e.g. 90).
    The age is that of the newest history row, written whenever a password is set."""
    from .models import PasswordHistory

    days = int(getattr(settings, "SHOUHU_PASSWORD_MAX_AGE_DAYS", 0) or 0)
    if days <= 0 or user is None or user.pk is None:
        return False
    latest = PasswordHistory.objects.filter(user=user).order_by("-set_at", "-id").first()
    set_at = latest.set_at if latest is not None else user.date_joined
    return set_at < timezone.now() - timedelta(days=days)
