"""SC licence numbers (《食品生产许可管理办法》): SC + 3-digit food category + 6-digit county + 4-digit
sequence + 1 check digit. The sequence is allocated per category and county from a counter row locked
with SELECT … FOR UPDATE inside the approval's transaction, so concurrent approvals never share a number.

The official check-digit algorithm is not public (DOMAIN.md §2); the platform writes a Luhn digit over
the 13 digits before it, and validators never verify it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.codes.identifiers import SPECIAL_DIETARY_CATEGORY
from shouhu.core.errors import Conflict, refuse
from shouhu.registry.models import Licence

from .error_codes import LicensingError
from .models import ScSequence


def luhn_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def allocate_sc_number(county: str, category: str = SPECIAL_DIETARY_CATEGORY) -> str:
    """The next free SC number of a county; call inside the transaction that issues the licence."""
    if len(county) != 6 or not county.isdigit():
        raise ValueError(f"not a county code: {county!r}")
    with transaction.atomic():
        ScSequence.objects.get_or_create(category_code=category, division_code=county)
        counter = ScSequence.objects.select_for_update().get(category_code=category, division_code=county)
        n = counter.last + 1
        prefix = f"SC{category}{county}"
        # Licences entered before the platform (registry imports) may already use a sequence: skip them.
        taken = {
            int(num[len(prefix) : len(prefix) + 4])
            for num in Licence.objects.filter(number__startswith=prefix).values_list("number", flat=True)
        }
        while n in taken:
            n += 1
        if n > 9999:
            raise refuse(LicensingError.SC_SEQUENCE_EXHAUSTED, _("该县区许可证序号已用尽"), error=Conflict)
        counter.last = n
        counter.save(update_fields=["last"])
    body = f"{category}{county}{n:04d}"
    return f"SC{body}{luhn_digit(body)}"
