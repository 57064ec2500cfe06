"""Complaint writes: the portal's filing, the regulator's handling, the enterprise's answer, rewards."""

from .articles import article_act, article_create
from .common import PORTAL
from .handling import submission_act, submission_answer, submission_clock
from .intake import Filed, submission_file
from .rewards import reward_act, reward_amount, reward_propose

__all__ = [
    "PORTAL",
    "Filed",
    "article_act",
    "article_create",
    "reward_act",
    "reward_amount",
    "reward_propose",
    "submission_act",
    "submission_answer",
    "submission_clock",
    "submission_file",
]
