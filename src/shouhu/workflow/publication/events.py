"""Clue and publication ledger actions (`publication.<entity>.<verb>`), each with its label."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class PublicationAction(Action):
    CLUE_RAISE = "publication.clue.raise", _("提出案件线索")
    CLUE_TAKE = "publication.clue.take", _("受理案件线索")
    CLUE_DISMISS = "publication.clue.dismiss", _("案件线索不予立案")
    PUBLICATION_CREATE = "publication.publication.create", _("登记应公示事项")
    PUBLICATION_PUBLISH = "publication.publication.publish", _("公示")
    PUBLICATION_WITHDRAW = "publication.publication.withdraw", _("撤回公示")
