"""Training and assessment of food-safety managers (issue 23; DOMAIN.md §3, §5, §11).

* `Question`: one version of a bank question (generated from the rule data, or written by a reviewer or an
  enterprise); a change is a new version pointing at the one it replaces, which is retired — never edited.
* `Attempt`: one person's paper (the questions drawn, each with its option order), its answers as saved,
  and, once submitted, the score. Opened with a one-time code (hashed here): the examinee needs no login.
* `SpotCheck`: a regulator's 监督抽查考核 of one manager; a failure opens a finding, a re-test obligation and
  a `PostBar`; the result is published through the kernel's publication.
* `PostBar`: a person barred from the post (细则第三十条: 经考核不具备食品安全管理能力的，不得上岗) until an
  exam is passed.
* `TrainingSession`: the one training record (附件1 #8: trainer, attendees, content, time, place, assessment).
  A person's hours in a year are the hours of the sessions they attended; an outside course is a session
  with one attendee and its `provider`. It replaced `registry.Training` and the generic production
  `Record` of number 8 (migration 0003 moved their rows; `migrated_from` names the old row).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator
from shouhu.core.models import RegulatedModel


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TRUE_FALSE = "true_false", _("判断题")


class Topic(models.TextChoices):
    LAW = "law", _("法律法规与责任")
    PROCESS = "process", _("生产过程控制")
    LABEL = "label", _("标签标识")
    SAMPLING_RECALL = "sampling_recall", _("抽检与召回")


class Origin(models.TextChoices):
    RULES = "rules", _("由规则生成")
    REVIEWER = "reviewer", _("审核人员编写")
    ENTERPRISE = "enterprise", _("企业自编")


class QuestionStatus(models.TextChoices):
    ACTIVE = "active", _("在用")
    RETIRED = "retired", _("已停用")


class Question(RegulatedModel):
    key = models.CharField(_("题目标识"), max_length=200, db_index=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    kind = models.CharField(_("题型"), max_length=16, choices=QuestionKind.choices)
    text = models.TextField(_("题干"))
    options = models.JSONField(_("选项"))
    answer = models.JSONField(_("正确答案"))  # indexes into options
    explanation = models.TextField(_("解析"), blank=True)
    rule_id = models.CharField(_("依据规则"), max_length=120)
    citation = models.CharField(_("出处"), max_length=300)
    rule_set = models.CharField(_("规则集版本"), max_length=60, blank=True)
    topic = models.CharField(_("大纲板块"), max_length=24, choices=Topic.choices)
    roles = models.JSONField(_("适用岗位"), default=list)
    origin = models.CharField(_("来源"), max_length=16, choices=Origin.choices)
    enterprise = models.ForeignKey(
        "registry.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=16, choices=QuestionStatus.choices, default="active")
    retired_reason = models.CharField(_("停用原因"), max_length=200, blank=True)
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["topic", "key", "-version"]
        verbose_name = _("考核题目")
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="training_question_version")]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


class Purpose(models.TextChoices):
    ENTRY = "entry", _("上岗考核")
    PERIODIC = "periodic", _("定期考核")
    SPOT_CHECK = "spot_check", _("监督抽查考核")
    RETEST = "retest", _("补考")


class Attempt(RegulatedModel):
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="exam_attempts")
    role = models.CharField(_("考核岗位"), max_length=32)
    purpose = models.CharField(_("考核类型"), max_length=16, choices=Purpose.choices)
    items = models.JSONField(_("试题"))  # [{"q": question id, "order": [original option indexes as shown]}]
    code_hash = models.CharField(max_length=64, unique=True)
    time_limit_minutes = models.PositiveIntegerField(_("作答时限（分钟）"))
    pass_rate = models.DecimalField(_("合格线"), max_digits=4, decimal_places=3)
    pass_rate_source = models.CharField(_("合格线依据"), max_length=300)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("开始作答"), null=True, blank=True)
    deadline = models.DateTimeField(_("截止时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    correct = models.PositiveIntegerField(_("答对题数"), null=True, blank=True)
    total = models.PositiveIntegerField(_("题目总数"))
    passed = models.BooleanField(_("是否合格"), null=True, blank=True)
    result = models.JSONField(_("逐题结果"), default=list, blank=True)
    obligation_id = models.PositiveBigIntegerField(null=True, blank=True)  # the duty this exam fulfils

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("考核答卷")

    @property
    def score_percent(self) -> float | None:
        return None if self.correct is None else round(100 * self.correct / max(1, self.total), 1)


class Answer(models.Model):
    """An answer as saved while the paper is open (resumable); frozen into `Attempt.result` on submission."""

    attempt = models.ForeignKey(Attempt, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    chosen = models.JSONField()  # original option indexes
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="training_answer_once")]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}"


class SpotCheck(RegulatedModel):
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attempt = models.OneToOneField(Attempt, on_delete=models.PROTECT, related_name="spot_check")
    retest_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    context = models.CharField(_("抽查场合"), max_length=200, blank=True)
    passed = models.BooleanField(_("是否合格"), null=True, blank=True)
    publication_id = models.PositiveBigIntegerField(null=True, blank=True)
    finding_id = models.PositiveBigIntegerField(null=True, blank=True)
    retest_obligation_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("监督抽查考核")


class PostBar(RegulatedModel):
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="post_bars")
    role = models.CharField(_("岗位"), max_length=32)
    failed_attempt = models.ForeignKey(Attempt, on_delete=models.PROTECT, related_name="+")
    lifted_by = models.ForeignKey(Attempt, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("有效"), default=True)
    citation = models.CharField(_("依据"), max_length=300)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("不得上岗")


class TrainingSession(RegulatedModel):
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("培训日期"), validators=[past_date_validator])
    trainer = models.CharField(_("培训人"), max_length=64, blank=True)
    provider = models.CharField(_("培训机构"), max_length=200, blank=True)  # an outside course's organiser
    content = models.CharField(_("培训内容"), max_length=300)
    place = models.CharField(_("培训地点"), max_length=200, blank=True)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    assessment = models.CharField(_("考核方式及结果"), max_length=300, blank=True)
    attendees = models.ManyToManyField("registry.Person", related_name="+", verbose_name=_("参加人员"))
    attendee_names = models.CharField(
        _("培训对象（原文）"), max_length=500, blank=True
    )  # as a moved record wrote it
    migrated_from = models.CharField(_("迁移来源"), max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("培训记录")

    def __str__(self) -> str:
        return f"{self.held_on} {self.content}"
