"""标签标识: a label of a contract product, checked by the label checker with both parties named (its
`contract.parties` finding: GB 7718 4.1.6.1.3, the measures' wording [check]), kept with the contract."""

from __future__ import annotations

from django.db import transaction

from shouhu.core.access import Actor
from shouhu.core.services import create_record
from shouhu.labelstore.services import label_check_create
from shouhu.registry.models import Licence, LicenceStatus

from ..events import ContractAction as A
from ..models import Agreement, LabelReview
from ._common import agreement_for

CODE = "contract.parties"


def parties(agreement: Agreement) -> dict[str, str]:
    lic = (
        Licence.objects.filter(enterprise_id=agreement.manufacturer_id, status=LicenceStatus.ACTIVE)
        .order_by("-expires_on")
        .first()
    )
    return {
        "principal_name": agreement.principal.name,
        "manufacturer_name": agreement.manufacturer.name,
        "manufacturer_licence": lic.number if lic else "",
    }


@transaction.atomic
def label_review(*, actor: Actor, agreement: Agreement | int, text: str) -> LabelReview:
    """The 委托方 checks a label text of a contract product; the check (all its findings) is stored in
    labelstore, the review says whether both parties are named as required."""
    agreement = agreement_for(actor, agreement, "principal")
    check = label_check_create(actor=actor, text=text, contract=parties(agreement))
    return create_record(
        actor=actor,
        instance=LabelReview(agreement=agreement, label_check=check, passed=CODE not in (check.codes or [])),
        enterprise_id=agreement.principal_id,
        action=A.LABEL_REVIEW,
    )
