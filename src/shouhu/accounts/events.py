"""Accounts ledger actions (core.events): who gave an enterprise's systems access and who took it away.

The third value is the name written before issue 10 (entries keep the name they were hashed with).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class AccountsAction(Action):
    APIKEY_CREATE = "accounts.apikey.create", _("签发接入密钥"), "apikey.create"
    APIKEY_REVOKE = "accounts.apikey.revoke", _("接入密钥撤销"), "apikey.revoke"
