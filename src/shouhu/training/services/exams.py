"""Papers and exams (issue 23.2): draw, open with a one-time code, save answers, submit and score.

The examinee needs no login: the paper is reached with a one-time code (only its hash is stored), on the
inspector's tablet or the person's phone. Answers are saved one at a time as given, so a lost connection
resumes where it stopped; they are refused after the time limit or after submission. Submission scores the
paper once; a failure of a manager bars the person from the post until an exam is passed (细则第三十条).
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.core.services import create_record, update_record
from shouhu.core.system import SystemActor
from shouhu.registry.models import Person

from .. import bank
from ..error_codes import TrainingError as E
from ..events import TrainingAction as A
from ..models import Answer, Attempt, PostBar, Purpose, Question, QuestionKind, QuestionStatus

BAR_RULE = "xize2017.art30.manager-assessed"
PERIODIC_KIND = "training.periodic"
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def examinee(attempt: Attempt) -> SystemActor:
    """Who acts when the paper is answered: the person, named in the ledger, through the one-time code."""
    return SystemActor(f"考生 {attempt.person.name}（一次性考试码）")


def pool(role: str, enterprise_id: int | None) -> list[Question]:
    """Active questions for a role: the platform's bank, plus the enterprise's own for its internal exams."""
    qs = Question.objects.filter(status=QuestionStatus.ACTIVE, enterprise__isnull=True)
    if enterprise_id:
        qs = Question.objects.filter(status=QuestionStatus.ACTIVE).filter(
            enterprise__isnull=True
        ) | Question.objects.filter(status=QuestionStatus.ACTIVE, enterprise_id=enterprise_id)
    return [q for q in qs.order_by("pk") if role in (q.roles or [])]


def draw_paper(
    role: str, *, enterprise_id: int | None = None, rng: random.Random | None = None
) -> list[dict[str, Any]]:
    """The paper's items, [{q, order}], drawn with the syllabus's shares and options shuffled."""
    rng = rng or random.Random(secrets.randbits(64))
    count = int(regulation.param("exam.question-count"))
    shares = (regulation.param("exam.topic-distribution") or {}).get(role) or {t: 1 for t in bank.TOPICS}
    questions = pool(role, enterprise_id)
    if len(questions) < count:
        raise refuse(
            E.BANK_TOO_SMALL,
            _("题库中该岗位的题目不足%(count)s道，无法组卷"),
            params={"count": count},
            field="role",
        )
    picked = bank.draw(questions, count=count, shares=shares, rng=rng)
    items = []
    for q in picked:
        order = list(range(len(q.options)))
        if q.kind != QuestionKind.TRUE_FALSE:
            rng.shuffle(order)
        items.append({"q": q.pk, "order": order, "k": q.kind})
    return items


def _person_for(actor: Actor, person_id: int) -> Person:
    person = Person.objects.select_related("enterprise").filter(pk=person_id).first()
    if person is None or not access.scope(Person.objects.filter(pk=person_id), actor).exists():
        raise refuse(
            E.PERSON_OTHER, _("该人员不属于本企业或本辖区，不能为其组卷"), field="person_id", error=NotFound
        )
    if person.role not in bank.MANAGERS:
        raise refuse(
            E.ROLE_NOT_MANAGER, _("只对主要负责人、食品安全总监和食品安全员组织考核"), field="person_id"
        )
    return person


def _open_duty(person: Person) -> int | None:
    """The person's open periodic-exam obligation, which an internal exam passed discharges."""
    from django.contrib.contenttypes.models import ContentType

    from shouhu.workflow.obligations.models import Obligation, ObligationStatus

    return (
        Obligation.objects.filter(
            kind=PERIODIC_KIND,
            subject_type=ContentType.objects.get_for_model(Person),
            subject_id=str(person.pk),
        )
        .exclude(status=ObligationStatus.DONE)
        .values_list("pk", flat=True)
        .first()
    )


def attempt_assign(
    *,
    actor: Actor,
    person_id: int,
    purpose: str,
    obligation_id: int | None = None,
    rng: random.Random | None = None,
    _regulator: bool = False,
) -> tuple[Attempt, str]:
    """A paper for one person; returns it and its one-time code (shown once, stored only as a hash)."""
    if not _regulator:
        access.require(actor, "training.enterprise.manage")
    if purpose not in Purpose.values or (purpose == Purpose.SPOT_CHECK and not _regulator):
        raise refuse(E.QUESTION_INVALID, _("考核类型无效"), field="purpose")
    person = _person_for(actor, person_id)
    own = None if _regulator else person.enterprise_id  # a spot check uses the platform's bank only
    if obligation_id is None and not _regulator:
        obligation_id = _open_duty(person)
    items = draw_paper(person.role, enterprise_id=own, rng=rng)
    code = new_code()
    rate = regulation.param("exam.pass-rate")
    attempt = create_record(
        actor=actor,
        instance=Attempt(
            enterprise_id=person.enterprise_id,
            person=person,
            role=person.role,
            purpose=purpose,
            items=items,
            code_hash=code_hash(code),
            time_limit_minutes=int(regulation.param("exam.time-limit-minutes")),
            pass_rate=Decimal(str(rate)),
            pass_rate_source=f"{regulation.cite('exam.pass-rate')}（exam.pass-rate）",
            assigned_by=actor if getattr(actor, "_meta", None) is not None else None,
            total=len(items),
            obligation_id=obligation_id,
        ),
        enterprise_id=person.enterprise_id,
        action=A.ATTEMPT_ASSIGN,
    )
    return attempt, code


def attempt_by_code(code: str, *, lock: bool = False) -> Attempt:
    qs = Attempt.objects.select_related("person", "enterprise")
    if lock:
        qs = qs.select_for_update(of=("self",))
    attempt = qs.filter(code_hash=code_hash(code or "")).first()
    if attempt is None:
        raise refuse(E.CODE_UNKNOWN, _("考试码无效"), field="code", error=NotFound)
    return attempt


@transaction.atomic
def attempt_open(*, code: str) -> Attempt:
    """The paper for its code; the clock starts at the first opening."""
    attempt = attempt_by_code(code, lock=True)
    if attempt.started_at is None and attempt.submitted_at is None:
        now = timezone.now()
        attempt = update_record(
            actor=examinee(attempt),
            instance=attempt,
            changes={"started_at": now, "deadline": now + timedelta(minutes=attempt.time_limit_minutes)},
            enterprise_id=attempt.enterprise_id,
            reason="开始作答",
            action=A.ATTEMPT_START,
        )
    return attempt


def _item(attempt: Attempt, question_id: int) -> dict[str, Any]:
    for item in attempt.items:
        if item["q"] == question_id:
            return item
    raise refuse(E.QUESTION_NOT_IN_PAPER, _("该题目不在本试卷中"), field="question_id")


@transaction.atomic
def answer_save(*, code: str, question_id: int, chosen: Sequence[int]) -> int:
    """Save one answer as given: `chosen` are positions of the options as shown to this examinee."""
    return answers_save(code=code, answers={question_id: chosen})


def _original(attempt: Attempt, question_id: Any, chosen: Any, kinds: dict[int, str]) -> list[int]:
    try:
        question_id = int(question_id)
    except (TypeError, ValueError):
        question_id = 0
    item = _item(attempt, question_id)
    order = item["order"]
    try:
        shown = sorted({int(c) for c in chosen})
    except (TypeError, ValueError):
        shown = []
    if not shown or any(c < 0 or c >= len(order) for c in shown):
        raise refuse(E.CHOICE_INVALID, _("所选答案不是本题的选项"), field="chosen")
    kind = item.get("k") or kinds.get(question_id)
    if kind != QuestionKind.MULTIPLE and len(shown) != 1:
        raise refuse(E.CHOICE_INVALID, _("单选题和判断题只能选一个答案"), field="chosen")
    return sorted(order[c] for c in shown)


@transaction.atomic
def answers_save(*, code: str, answers: dict[Any, Sequence[int]]) -> int:
    """Save answers as given ({question id: positions shown}); all are checked before any is written."""
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .only("pk", "items", "started_at", "deadline", "submitted_at")
        .filter(code_hash=code_hash(code or ""))
        .first()
    )
    if attempt is None:
        raise refuse(E.CODE_UNKNOWN, _("考试码无效"), field="code", error=NotFound)
    if attempt.submitted_at is not None:
        raise refuse(E.ALREADY_SUBMITTED, _("试卷已提交，不能再作答"), error=Conflict)
    if attempt.started_at is None:
        raise refuse(E.CODE_UNKNOWN, _("请先打开试卷再作答"), field="code")
    if timezone.now() > attempt.deadline:
        raise refuse(E.TIME_UP, _("已超过作答时限，答案不再保存，请交卷"), error=Conflict)
    kinds: dict[int, str] = {}
    if any("k" not in i for i in attempt.items):  # papers drawn before the kind was kept in the item
        kinds = dict(
            Question.objects.filter(pk__in=[i["q"] for i in attempt.items]).values_list("pk", "kind")
        )
    checked = {int(q): _original(attempt, q, c, kinds) for q, c in answers.items()}
    existing = {
        a.question_id: a for a in Answer.objects.filter(attempt=attempt, question_id__in=list(checked))
    }
    now = timezone.now()
    new, changed = [], []
    for qid, original in checked.items():
        if qid in existing:
            existing[qid].chosen, existing[qid].saved_at = original, now
            changed.append(existing[qid])
        else:
            new.append(Answer(attempt=attempt, question_id=qid, chosen=original))
    Answer.objects.bulk_create(new)
    if changed:
        Answer.objects.bulk_update(changed, ["chosen", "saved_at"])
    return len(checked)


def shown_choices(attempt: Attempt) -> dict[int, list[int]]:
    """Saved answers as positions in this examinee's option order (for resuming the page)."""
    orders = {i["q"]: i["order"] for i in attempt.items}
    out = {}
    for a in attempt.answers.all():
        order = orders.get(a.question_id, [])
        out[a.question_id] = sorted(order.index(c) for c in a.chosen if c in order)
    return out


@transaction.atomic
def attempt_submit(*, code: str) -> Attempt:
    """Score the paper once (a second submission is refused); what follows from the result is recorded."""
    attempt = attempt_by_code(code, lock=True)
    if attempt.submitted_at is not None:
        raise refuse(E.ALREADY_SUBMITTED, _("试卷已提交，不能重复提交"), error=Conflict)
    if attempt.started_at is None:
        raise refuse(E.CODE_UNKNOWN, _("请先打开试卷再作答"), field="code")
    questions = Question.objects.in_bulk([i["q"] for i in attempt.items])
    given = {a.question_id: a.chosen for a in attempt.answers.all()}
    result, correct = [], 0
    for item in attempt.items:
        q = questions[item["q"]]
        chosen = given.get(q.pk, [])
        right = bank.is_correct(q.answer, chosen)
        correct += right
        result.append(
            {"q": q.pk, "chosen": chosen, "answer": q.answer, "right": right, "citation": q.citation}
        )
    passed = Decimal(correct) >= attempt.pass_rate * attempt.total
    actor = examinee(attempt)
    attempt = update_record(
        actor=actor,
        instance=attempt,
        changes={"submitted_at": timezone.now(), "correct": correct, "passed": passed, "result": result},
        enterprise_id=attempt.enterprise_id,
        reason="交卷评分",
        action=A.ATTEMPT_SUBMIT,
    )
    _consequences(actor, attempt)
    return attempt


def _consequences(actor: Actor, attempt: Attempt) -> None:
    active = list(PostBar.objects.filter(person=attempt.person, active=True))
    if attempt.passed:
        for bar in active:
            update_record(
                actor=actor,
                instance=bar,
                changes={"active": False, "lifted_by": attempt},
                enterprise_id=bar.enterprise_id,
                reason="考核合格，恢复上岗",
                action=A.BAR_LIFT,
            )
    elif not active:
        create_record(
            actor=actor,
            instance=PostBar(
                enterprise_id=attempt.enterprise_id,
                person=attempt.person,
                role=attempt.role,
                failed_attempt=attempt,
                citation=regulation.cite(BAR_RULE),
            ),
            enterprise_id=attempt.enterprise_id,
            action=A.BAR_CREATE,
        )
    from shouhu.workflow.obligations import services as obligations
    from shouhu.workflow.obligations.models import Obligation, ObligationStatus

    if attempt.obligation_id:
        ob = Obligation.objects.filter(pk=attempt.obligation_id).first()
        if ob is not None and ob.status != ObligationStatus.DONE and attempt.passed:
            obligations.obligation_complete(actor=actor, obligation=ob, note="考核合格")
    if (
        attempt.passed
        and attempt.purpose in (Purpose.ENTRY, Purpose.PERIODIC)
        and _open_duty(attempt.person) is None
    ):
        # the next periodic assessment is owed from this pass on (`training.periodic-exam-months`)
        obligations.obligation_create(
            actor=actor,
            subject=attempt.person,
            title=f"定期考核：{attempt.person.name}（{attempt.person.get_role_display()}）",
            kind=PERIODIC_KIND,
            rule_id="training.periodic-exam-months",
            owner_kind="role",
            owner_role="principal",
            notify_owner=False,
        )
    if attempt.purpose in (Purpose.SPOT_CHECK, Purpose.RETEST) and hasattr(attempt, "spot_check"):
        from .spotchecks import spotcheck_conclude

        spotcheck_conclude(attempt=attempt)
