"""Label-store ledger actions (core.events): checks kept, sweeps queued and finished.

The third value is the name written before issue 10 (entries keep the name they were hashed with).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class LabelstoreAction(Action):
    LABEL_CHECK_CREATE = "labelstore.label_check.create", _("标签检查"), "label_check.create"
    LABEL_SWEEP_CREATE = "labelstore.label_sweep.create", _("发起标签排查"), "label_sweep.create"
    LABEL_SWEEP_FINISH = "labelstore.label_sweep.finish", _("完成标签排查"), "label_sweep.done"
