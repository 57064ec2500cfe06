"""Training API schemas: explicit fields, named by one msgid each."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from ninja import Schema
from pydantic import ConfigDict, Field, StringConstraints

from shouhu.core.api import RefId, Text, named
from shouhu.core.dates import PlanDate

ROLE_PATTERN = "^(principal|director|officer)$"
Option = Annotated[Text, StringConstraints(max_length=300)]  # one answer option
OptionIndex = Annotated[int, Field(ge=0, le=7)]  # an option's place (at most 8 options)
RoleCode = Annotated[str, StringConstraints(pattern=ROLE_PATTERN, max_length=16)]


class TrainingQuestionIn(Schema):
    kind: str = named(_("题型"), pattern="^(single|multiple|true_false)$", max_length=16)
    text: Text = named(_("题干"), min_length=1, max_length=1000)
    options: list[Option] = Field(default_factory=list, max_length=8)
    answer: list[OptionIndex] = Field(min_length=1, max_length=8)
    rule_id: str = named(_("依据规则"), min_length=1, max_length=120)
    topic: str = named(_("大纲板块"), pattern="^(law|process|label|sampling_recall)$", max_length=24)
    roles: list[RoleCode] = Field(min_length=1, max_length=3)
    explanation: Text = named(_("解析"), "", max_length=1000)


class TrainingQuestionReviseIn(Schema):
    reason: Text = named(_("修改原因"), min_length=1, max_length=200)
    kind: str | None = named(_("题型"), None, pattern="^(single|multiple|true_false)$", max_length=16)
    text: Text | None = named(_("题干"), None, min_length=1, max_length=1000)
    options: list[Option] | None = Field(None, max_length=8)
    answer: list[OptionIndex] | None = Field(None, min_length=1, max_length=8)
    rule_id: str | None = named(_("依据规则"), None, min_length=1, max_length=120)
    topic: str | None = named(
        _("大纲板块"), None, pattern="^(law|process|label|sampling_recall)$", max_length=24
    )
    roles: list[RoleCode] | None = Field(None, min_length=1, max_length=3)
    explanation: Text | None = named(_("解析"), None, max_length=1000)


class TrainingQuestionRetireIn(Schema):
    reason: Text = named(_("停用原因"), min_length=1, max_length=200)


class TrainingQuestionOut(Schema):
    id: int
    key: str
    version: int
    kind: str
    text: str
    options: list[str]
    answer: list[int]
    rule_id: str
    citation: str
    rule_set: str
    topic: str
    roles: list[str]
    origin: str
    status: str
    enterprise_id: int | None


class BankSyncOut(Schema):
    added: int
    revised: int
    retired: int
    total: int


class ExamAssignIn(Schema):
    person_id: RefId = named(_("人员"))
    purpose: str = named(_("考核类型"), pattern="^(entry|periodic)$", max_length=16)


class ExamSpotCheckIn(Schema):
    person_id: RefId | None = named(_("人员"), None)
    context: Text = named(_("抽查场合"), "", max_length=200)
    retest_of: RefId | None = named(_("补考的抽查"), None)


class ExamAttemptOut(Schema):
    id: int
    enterprise_id: int
    person_id: int
    person_name: str
    role: str
    purpose: str
    total: int
    correct: int | None
    passed: bool | None
    pass_rate: float
    pass_rate_source: str
    time_limit_minutes: int
    submitted_at: datetime | None


class ExamAssignedOut(ExamAttemptOut):
    code: str = named(_("一次性考试码"))
    spot_check_id: int | None = None


class ExamSpotCheckOut(Schema):
    id: int
    enterprise_id: int
    division_code: str
    person_id: int
    person_name: str = Field(validation_alias="person.name")
    role: str = Field(validation_alias="attempt.role")
    passed: bool | None
    publication_id: int | None
    finding_id: int | None
    retest_obligation_id: int | None
    retest_of_id: int | None


class ExamCodeIn(Schema):
    code: str = named(_("一次性考试码"), min_length=4, max_length=16)


class ExamAnswerIn(ExamCodeIn):
    question_id: RefId = named(_("题目"))
    chosen: list[OptionIndex] = Field(min_length=1, max_length=8)


class ExamAnswerOut(Schema):
    question_id: int
    saved: bool


class ExamResultOut(Schema):
    total: int
    correct: int
    passed: bool
    score_percent: float
    wrong: list[dict[str, Any]]


class PassRateRow(Schema):
    key: str
    label: str
    checked: int
    passed: int
    rate: float | None


class ExamPassRatesOut(Schema):
    division: list[PassRateRow]
    enterprise: list[PassRateRow]
    role: list[PassRateRow]


class TrainingSessionIn(Schema):
    """附件1 #8 (人员培训考核记录): 培训人、培训对象、培训内容、时间、地点、考核."""

    model_config = ConfigDict(extra="forbid")
    held_on: PlanDate = named(_("培训日期"))  # a future one: `date.future`
    trainer: Text = named(_("培训人"), "", max_length=64)
    provider: Text = named(pgettext_lazy("api", "培训机构"), "", max_length=200)
    content: Text = named(pgettext_lazy("api", "培训内容"), max_length=300)
    place: Text = named(_("培训地点"), "", max_length=200)
    hours: Decimal = named(_("学时"), ge=0, le=9999, allow_inf_nan=False)
    assessment: Text = named(_("考核方式及结果"), "", max_length=300)
    attendee_ids: list[RefId] = named(_("参加人员"), max_length=500)


class PersonTrainingIn(Schema):
    """One person's training (an outside course): a session with one attendee."""

    model_config = ConfigDict(extra="forbid")
    held_on: PlanDate = named(_("培训日期"))  # a future one: `date.future`
    topic: Text = named(pgettext_lazy("api", "培训内容"), max_length=200)
    hours: Decimal = named(_("学时"), ge=0, le=9999, allow_inf_nan=False)
    provider: Text = named(pgettext_lazy("api", "培训机构"), "", max_length=200)


class TrainingSessionOut(Schema):
    id: int
    enterprise_id: int
    held_on: date
    trainer: str
    provider: str
    content: str
    place: str
    hours: Decimal
    assessment: str
    attendee_ids: list[int]
    created_at: datetime

    @staticmethod
    def resolve_attendee_ids(obj: Any) -> list[int]:
        return sorted(p.pk for p in obj.attendees.all())
