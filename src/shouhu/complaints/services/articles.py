"""Consumer alerts and 科普 articles: written, published and withdrawn by a regulator, every step audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse
from shouhu.core.services import create_record, update_record
from shouhu.workflow.subjects import in_scope

from ..error_codes import ComplaintError as E
from ..events import ComplaintAction as A
from ..models import ARTICLE_FLOW, Article, ArticleKind
from .common import label_of


def article_create(
    *, actor: Actor, kind: str, title_zh: str, body_zh: str, title_en: str = "", body_en: str = ""
) -> Article:
    access.require(actor, "complaints.articles.manage")
    division = str(getattr(actor, "division_code", "") or "")
    if not division:
        raise refuse(E.ARTICLE_INVALID, _("只有辖区监管部门可以发布"), field="__all__")
    if kind not in ArticleKind.values:
        raise refuse(E.ARTICLE_INVALID, _("请选择消费提示或科普"), field="kind")
    title_zh, body_zh = (title_zh or "").strip(), (body_zh or "").strip()
    if not title_zh or not body_zh:
        raise refuse(
            E.ARTICLE_INVALID, _("请填写中文标题和正文"), field="title_zh" if not title_zh else "body_zh"
        )
    article = Article(
        kind=kind,
        division_code=division,
        title_zh=title_zh[:200],
        body_zh=body_zh[:20000],
        title_en=(title_en or "").strip()[:200],
        body_en=(body_en or "").strip()[:20000],
        publisher_label=label_of(actor),
    )
    return create_record(actor=actor, instance=article, enterprise_id=None, action=A.ARTICLE_CREATE)


@transaction.atomic
def article_act(*, actor: Actor, article: Article, action: str, reason: str = "") -> Article:
    """`publish` a draft, or `withdraw` a published one (with its reason)."""
    access.require(actor, "complaints.articles.manage")
    if not in_scope(actor, None, article.division_code):
        raise NotFound(_("未找到该对象或无权查看"))
    if action not in ARTICLE_FLOW.transitions:
        raise refuse(E.ACTION_INVALID, _("不是允许的操作"), field="action")
    locked = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
    changes = {"status": ARTICLE_FLOW.require(action, locked.status)}
    if action == "publish":
        changes["published_at"] = timezone.now()
    else:
        reason = (reason or "").strip()[:300]
        if not reason:
            raise refuse(E.NOTE_REQUIRED, _("撤回须说明原因"), field="reason")
        changes["withdrawn_reason"] = reason
    return update_record(
        actor=actor,
        instance=locked,
        changes=changes,
        enterprise_id=None,
        reason=reason or "发布",
        action=A.ARTICLE_PUBLISH if action == "publish" else A.ARTICLE_WITHDRAW,
    )
