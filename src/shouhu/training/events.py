"""Training's ledger actions (`training.<entity>.<verb>`), each with its label for pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class TrainingAction(Action):
    QUESTION_CREATE = "training.question.create", _("新增考核题目")
    QUESTION_REVISE = "training.question.revise", _("修订考核题目")
    QUESTION_RETIRE = "training.question.retire", _("停用考核题目")
    ATTEMPT_ASSIGN = "training.attempt.assign", _("组卷并发放考核")
    ATTEMPT_START = "training.attempt.start", _("开始作答")
    ATTEMPT_SUBMIT = "training.attempt.submit", _("交卷并评分")
    SPOTCHECK_CREATE = "training.spotcheck.create", _("监督抽查考核")
    SPOTCHECK_CONCLUDE = "training.spotcheck.conclude", _("记录抽查考核结果")
    BAR_CREATE = "training.bar.create", _("考核不合格，不得上岗")
    BAR_LIFT = "training.bar.lift", _("补考合格，恢复上岗")
    SESSION_RECORD = "training.session.record", _("记录培训")
    SESSION_MIGRATE = "training.session.migrate", _("迁入培训记录")
