"""What contract oversight plugs into: whose its kernel records are, and the audit checklist source."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

SOURCE = "contract.audit"
ROUTINE_KINDS = ("article", "requirement", "zoning", "equipment", "personnel")


def agreement_owner(obj: Any) -> tuple[int | None, str]:
    """An agreement (and the audits, findings and reports about it) belongs to the 委托方."""
    from shouhu.registry.models import Enterprise

    division = Enterprise.objects.filter(pk=obj.principal_id).values_list("division_code", flat=True).first()
    return obj.principal_id, division or ""


def audit_source(params: Mapping[str, Any], as_of: date) -> Any:
    """The 委托方's on-site audit checklist: the 细则's graded requirements for the contract's products (the
    kernel's `rules` source, its measured test items left to the 受托方's own release tests), scored by one
    auditor with the 审查通则's verdict."""
    from shouhu.workflow.checklists.hooks import TemplateSpec
    from shouhu.workflow.checklists.sources import rules_source

    spec = rules_source({**params, "kinds": list(params.get("kinds") or ROUTINE_KINDS)}, as_of)
    items = [i for i in spec.items if i.scheme != "measured"]
    return TemplateSpec(items, spec.verdict_rule, spec.verdict_params, 1)
