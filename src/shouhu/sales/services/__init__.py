"""Sales supervision writes, one module per sub-area: registry, sweeps, platform requests, signals,
seller inspections."""

from .inspections import inspection_conclude, inspection_open
from .registry import link_decide, links_propose, platform_create, seller_create, shop_claim, shop_create
from .requests import repeat_count, request_answer, request_send, seller_escalate
from .signals import signal_review, signals_refresh
from .sweeps import sweep_link_finish, sweep_link_run, sweep_link_start, sweep_push

__all__ = [
    "inspection_conclude",
    "inspection_open",
    "link_decide",
    "links_propose",
    "platform_create",
    "repeat_count",
    "request_answer",
    "request_send",
    "seller_create",
    "seller_escalate",
    "shop_claim",
    "shop_create",
    "signal_review",
    "signals_refresh",
    "sweep_link_finish",
    "sweep_link_run",
    "sweep_link_start",
    "sweep_push",
]
