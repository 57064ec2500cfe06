"""Complaints (投诉) and reports (举报), their public timeline, photos and rewards.

A submission is filed by a member of the public through the portal (no account): it gets a tracking number
and a private token (only its hash is stored) to follow it. It is about an enterprise, a batch, or — when
the consumer does not know the enterprise — a place: it lands in the county of the enterprise, else of the
place (`division_code`). The deadlines run as kernel obligations (`workflow.obligations`) on the county's
office; the public timeline is `Step` (what the person may read), the full history the ledger.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator
from shouhu.core.models import RegulatedModel
from shouhu.core.states import StateMachine, Transition
from shouhu.registry import validators


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")  # a consumer's own dispute with a business: mediation
    REPORT = "report", _("举报")  # a violation clue: verification, a case or not


class Status(models.TextChoices):
    RECEIVED = "received", _("待受理")
    MERGED = "merged", _("已合并")  # a repeat of an open submission: handled with it
    ACCEPTED = "accepted", _("已受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    VERIFIED = "verified", _("已核查")
    DECIDED = "decided", _("已作出立案决定")
    CLOSED = "closed", _("已办结")


class Cause(models.TextChoices):
    """What the submission is about, as the person chose it (for the statistics by cause)."""

    QUALITY = "quality", _("质量问题（异味、变质、结块等）")
    FOREIGN = "foreign", _("异物")
    ILLNESS = "illness", _("食用后身体不适")
    LABEL = "label", _("标签标识或虚假宣传")
    EXPIRED = "expired", _("过期或临期")
    UNLICENSED = "unlicensed", _("无证生产或超范围生产")
    SERVICE = "service", _("退换货或售后")
    OTHER = "other", _("其他")


class Outcome(models.TextChoices):
    AGREED = "agreed", _("调解达成协议")
    FAILED = "failed", _("调解未达成协议（终止调解）")
    WITHDRAWN = "withdrawn", _("投诉人撤回投诉")


S = Status
COMPLAINT_ACTIONS = frozenset({"accept", "decline", "forward", "mediate"})
REPORT_ACTIONS = frozenset({"accept", "decline", "verify", "decide", "tell", "close"})
FLOW = StateMachine(
    Status,
    {
        "accept": Transition(_("受理"), {S.RECEIVED}, S.ACCEPTED),
        "decline": Transition(_("不予受理"), {S.RECEIVED}, S.NOT_ACCEPTED),
        "forward": Transition(_("转企业处理"), {S.ACCEPTED}),
        "answer": Transition(_("企业答复"), {S.ACCEPTED}),
        "mediate": Transition(_("调解终结"), {S.ACCEPTED}, S.CLOSED),
        "verify": Transition(_("核查"), {S.ACCEPTED}, S.VERIFIED),
        "decide": Transition(_("作出是否立案决定"), {S.VERIFIED}, S.DECIDED),
        "tell": Transition(_("告知举报人"), {S.DECIDED}, S.CLOSED),
        "close": Transition(_("办结"), {S.DECIDED}, S.CLOSED),
    },
)
OPEN = frozenset({S.RECEIVED, S.ACCEPTED, S.VERIFIED, S.DECIDED})


class Submission(RegulatedModel):
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    tracking_no = models.CharField(_("受理查询编号"), max_length=20, unique=True)
    token_hash = models.CharField(max_length=64)  # sha256 of the private token; the token is shown once
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=S.RECEIVED)
    # what it is about, as far as the person knew it
    enterprise = models.ForeignKey(
        "registry.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(
        "production.Batch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enterprise_name = models.CharField(_("被投诉举报企业"), max_length=200, blank=True)
    trace_code = models.CharField(_("生产批号或追溯码"), max_length=64, blank=True)
    product_name = models.CharField(_("产品名称"), max_length=200, blank=True)
    place = models.CharField(_("发生地点"), max_length=300, blank=True)
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    description = models.TextField(_("投诉举报内容"), max_length=5000)
    cause = models.CharField(_("问题类别"), max_length=16, choices=Cause.choices, default=Cause.OTHER)
    occurred_on = models.DateField(_("发生日期"), null=True, blank=True, validators=[past_date_validator])
    # who (none for an anonymous report)
    anonymous = models.BooleanField(_("匿名"), default=False)
    contact_name = models.CharField(_("姓名"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True, validators=[validators.phone])
    consent_forward = models.BooleanField(_("同意转被投诉企业处理"), default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="repeats"
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    # the portal's one insert (issue 29, "Speed"): routing — the first step, the ledger entry, the repeat
    # merge, the acceptance deadline, the rate-limit charge — follows off the request (`intake_drain`)
    routed_at = models.DateTimeField(null=True, blank=True)  # empty: still queued for routing
    client_key = models.CharField(max_length=24, blank=True)  # digest of the address, until charged
    challenge_id = models.CharField(max_length=16, null=True, blank=True, unique=True)  # a question, once
    # handling
    decided_at = models.DateTimeField(_("受理决定时间"), null=True, blank=True)
    decision_note = models.CharField(_("受理决定说明"), max_length=1000, blank=True)
    forwarded_at = models.DateTimeField(_("转企业时间"), null=True, blank=True)
    enterprise_answer = models.TextField(_("企业答复"), max_length=3000, blank=True)
    answered_at = models.DateTimeField(_("企业答复时间"), null=True, blank=True)
    outcome = models.CharField(_("调解结果"), max_length=16, choices=Outcome.choices, blank=True)
    verification_note = models.TextField(_("核查情况"), max_length=3000, blank=True)
    case_opened = models.BooleanField(_("立案"), null=True, blank=True)
    case_decided_at = models.DateTimeField(_("立案决定时间"), null=True, blank=True)
    clue_id = models.BigIntegerField(_("案件线索"), null=True, blank=True)
    told_at = models.DateTimeField(_("告知时间"), null=True, blank=True)
    result_note = models.TextField(_("处理结果"), max_length=3000, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("投诉举报")
        indexes = [
            models.Index(fields=["division_code", "status"], name="complaints_division_status"),
            models.Index(
                fields=["id"], condition=models.Q(routed_at__isnull=True), name="complaints_unrouted"
            ),
        ]

    ledger_untracked_fields = frozenset({"routed_at"})  # an operational timestamp, set when routed

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.tracking_no}"

    @property
    def target_label(self) -> str:
        if self.enterprise_id:
            return self.enterprise.name
        return self.enterprise_name or self.place

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def actions(self) -> list[str]:
        own = COMPLAINT_ACTIONS if self.kind == Kind.COMPLAINT else REPORT_ACTIONS
        return [a for a in FLOW.allowed(self.status) if a in own]


class Step(models.Model):
    """One line of the public timeline: what happened, when, and the note the person may read."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField(max_length=32)
    label = models.CharField(_("环节"), max_length=100)
    note = models.TextField(_("说明"), max_length=3000, blank=True)
    public = models.BooleanField(default=True)
    actor_label = models.CharField(_("办理人"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)  # the filing's first step: its filing time

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.label


class Photo(models.Model):
    """A photo filed with a submission, stored as kernel evidence (images only, size-capped)."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="photos")
    evidence = models.ForeignKey("evidence.EvidenceFile", on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return str(self.evidence_id)


class RewardStatus(models.TextChoices):
    PROPOSED = "proposed", _("待批准")
    APPROVED = "approved", _("已批准")
    PAID = "paid", _("已发放")


REWARD_FLOW = StateMachine(
    RewardStatus,
    {
        "approve": Transition(_("批准"), {RewardStatus.PROPOSED}, RewardStatus.APPROVED),
        "pay": Transition(_("登记发放"), {RewardStatus.APPROVED}, RewardStatus.PAID),
    },
)


class Reward(RegulatedModel):
    """举报奖励: a recorded decision — level, the fines it is based on, the amount by the rule data, its basis."""

    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="reward")
    enterprise_id = models.BigIntegerField(null=True, blank=True)
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    level = models.PositiveSmallIntegerField(_("奖励等级"))
    fines = models.DecimalField(_("罚没款金额（元）"), max_digits=14, decimal_places=2)
    amount = models.DecimalField(_("奖励金额（元）"), max_digits=12, decimal_places=2)
    rule_id = models.CharField(_("规则编号"), max_length=120)
    basis = models.CharField(_("依据"), max_length=500)
    penalty_ref = models.CharField(_("行政处罚决定书文号"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=16, choices=RewardStatus.choices, default=RewardStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by_label = models.CharField(_("批准人"), max_length=200, blank=True)
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    paid_at = models.DateTimeField(_("发放时间"), null=True, blank=True)
    payment_ref = models.CharField(_("发放凭证号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("举报奖励")

    def __str__(self) -> str:
        return f"{self.submission_id} {self.amount}"


class ArticleKind(models.TextChoices):
    ALERT = "alert", _("消费提示")
    SCIENCE = "science", _("科普")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


ARTICLE_FLOW = StateMachine(
    ArticleStatus,
    {
        "publish": Transition(_("发布"), {ArticleStatus.DRAFT}, ArticleStatus.PUBLISHED),
        "withdraw": Transition(_("撤回"), {ArticleStatus.PUBLISHED}, ArticleStatus.WITHDRAWN),
    },
)


class Article(RegulatedModel):
    """A consumer alert (消费提示) or a 科普 article a regulator publishes on the portal and the look-up."""

    kind = models.CharField(_("类别"), max_length=16, choices=ArticleKind.choices)
    division_code = models.CharField(_("发布部门辖区"), max_length=6, db_index=True)
    enterprise_id = models.BigIntegerField(null=True, blank=True)  # always empty: the tenancy is the office's
    title_zh = models.CharField(_("标题（中文）"), max_length=200)
    body_zh = models.TextField(_("正文（中文）"), max_length=20000)
    title_en = models.CharField(_("标题（英文）"), max_length=200, blank=True)
    body_en = models.TextField(_("正文（英文）"), max_length=20000, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    publisher_label = models.CharField(_("发布单位"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("消费提示与科普")

    def __str__(self) -> str:
        return self.title_zh
