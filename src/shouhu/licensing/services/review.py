"""Document review (书面审查): a reviewer opens a round with the completeness checklist the rules give,
marks each item, then returns the application for correction (补正) or accepts it (受理), which starts
the decision clock in working days (`decision.deadline-working-days`).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import workdays
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.regulation import engine as rules_engine
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record

from ..completeness import completeness_items
from ..error_codes import LicensingError as E
from ..events import LicensingAction as A
from ..models import APPLICATION_FLOW, Application, DocumentReview
from ..selectors import rule_param, rules_date
from . import deadlines
from ._base import app_for, move

PERMISSION = "licensing.review"


def review_start(*, actor: Actor, application: Application | int) -> DocumentReview:
    with transaction.atomic():
        app = app_for(actor, application, lock=True, permission=PERMISSION)
        move(actor, app, "review_start", reason="开始书面审查", action=A.REVIEW_START)
        round_no = app.reviews.count() + 1
        items = completeness_items(app, rules_engine(rules_date(app)))
        return create_record(
            actor=actor,
            enterprise_id=app.enterprise_id,
            action=A.REVIEW_OPEN,
            instance=DocumentReview(application=app, round=round_no, reviewer=actor, items=items),
        )


def _open_review(app: Application) -> DocumentReview:
    review = app.reviews.filter(outcome=DocumentReview.Outcome.OPEN).order_by("-round").first()
    if review is None:
        raise refuse(E.REVIEW_NOT_OPEN, _("没有进行中的书面审查"), error=Conflict)
    return review


def review_mark(
    *, actor: Actor, application: Application | int, item_id: str, ok: bool, note: str = ""
) -> DocumentReview:
    with transaction.atomic():
        app = app_for(actor, application, lock=True, permission=PERMISSION)
        APPLICATION_FLOW.require("review_mark", app.status)
        review = _open_review(app)
        items = [dict(i) for i in review.items]
        match = next((i for i in items if i["id"] == item_id), None)
        if match is None:
            raise refuse(E.UNKNOWN, _("审查项目不存在"), field="item_id")
        if ok and not match.get("present", True):
            raise refuse(
                E.MISSING,
                _("「%(item)s」未提交，不能标记为符合"),
                params={"item": match["text"]},
                field="item_id",
            )
        if not ok and not note.strip():
            raise refuse(E.REQUIRED, _("标记为不符合须写明理由"), field="note")
        match.update({"result": "ok" if ok else "deficient", "note": note})
        return update_record(
            actor=actor,
            instance=review,
            changes={"items": items},
            enterprise_id=app.enterprise_id,
            reason=f"审查项目 {item_id}: {'符合' if ok else '不符合'}",
            action=A.REVIEW_MARK,
        )


def review_mark_all(*, actor: Actor, application: Application | int) -> DocumentReview:
    """Mark every submitted item complete, one audited mark each, all or nothing (a missing item is refused)."""
    with transaction.atomic():
        app = app_for(actor, application, permission=PERMISSION)
        review = _open_review(app)
        for item in review.items:
            if item.get("result") != "ok":
                review = review_mark(actor=actor, application=app.pk, item_id=item["id"], ok=True)
        return review


def review_return(*, actor: Actor, application: Application | int, reasons: str) -> Application:
    if not reasons.strip():
        raise refuse(E.REQUIRED, _("退回须写明补正理由"), field="reasons")
    with transaction.atomic():
        app = app_for(actor, application, lock=True, permission=PERMISSION)
        APPLICATION_FLOW.require("review_return", app.status)
        review = _open_review(app)
        update_record(
            actor=actor,
            instance=review,
            changes={"outcome": DocumentReview.Outcome.RETURNED, "reasons": reasons},
            enterprise_id=app.enterprise_id,
            reason=reasons,
            action=A.REVIEW_RETURN,
        )
        return move(actor, app, "review_return", reason=reasons, action=A.APPLICATION_RETURN)


def review_accept(*, actor: Actor, application: Application | int, on: date | None = None) -> Application:
    with transaction.atomic():
        app = app_for(actor, application, lock=True, permission=PERMISSION)
        APPLICATION_FLOW.require("review_accept", app.status)
        review = _open_review(app)
        pending = [i["id"] for i in review.items if i.get("result") != "ok"]
        if pending:
            raise refuse(E.REVIEW_INCOMPLETE, _("尚有审查项目未标记为符合"), error=Conflict, items=pending)
        accepted = on or today()
        n = int(rule_param("decision.deadline-working-days", rules_date(app)))
        update_record(
            actor=actor,
            instance=review,
            changes={"outcome": DocumentReview.Outcome.ACCEPTED},
            enterprise_id=app.enterprise_id,
            reason="材料齐全，予以受理",
            action=A.REVIEW_ACCEPT,
        )
        app = move(
            actor,
            app,
            "review_accept",
            reason="材料齐全，予以受理",
            action=A.APPLICATION_ACCEPT,
            changes={"accepted_on": accepted, "decision_due_on": workdays.add_working_days(accepted, n)},
        )
        deadlines.open_duty(
            actor,
            subject=app,
            kind=deadlines.DECISION,
            title=deadlines.decision_title(app),
            rule_id="decision.deadline-working-days",
            unit="working_days",
            amount=n,
            since=accepted,
            owner_kind="office",
            owner_division=getattr(actor, "division_code", "") or app.site_division_code,
        )
        return app
