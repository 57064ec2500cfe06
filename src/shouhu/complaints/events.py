"""Complaints' ledger actions (`complaints.<entity>.<verb>`), each with its label for pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class ComplaintAction(Action):
    SUBMISSION_FILE = "complaints.submission.file", _("登记投诉举报")
    SUBMISSION_MERGE = "complaints.submission.merge", _("合并重复投诉举报")
    SUBMISSION_ACCEPT = "complaints.submission.accept", _("受理")
    SUBMISSION_DECLINE = "complaints.submission.decline", _("不予受理")
    SUBMISSION_FORWARD = "complaints.submission.forward", _("转企业处理")
    SUBMISSION_ANSWER = "complaints.submission.answer", _("企业答复投诉")
    SUBMISSION_MEDIATE = "complaints.submission.mediate", _("调解终结")
    SUBMISSION_VERIFY = "complaints.submission.verify", _("核查举报")
    SUBMISSION_DECIDE = "complaints.submission.decide", _("作出是否立案决定")
    SUBMISSION_TELL = "complaints.submission.tell", _("告知举报人处理结果")
    SUBMISSION_CLOSE = "complaints.submission.close", _("办结")
    REWARD_PROPOSE = "complaints.reward.propose", _("提出举报奖励")
    REWARD_APPROVE = "complaints.reward.approve", _("批准举报奖励")
    REWARD_PAY = "complaints.reward.pay", _("登记奖励发放")
    ARTICLE_CREATE = "complaints.article.create", _("撰写消费提示或科普")
    ARTICLE_PUBLISH = "complaints.article.publish", _("发布消费提示或科普")
    ARTICLE_WITHDRAW = "complaints.article.withdraw", _("撤回消费提示或科普")
