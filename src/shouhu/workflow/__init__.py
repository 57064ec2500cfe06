"""The workflow kernel: checklists, findings and rectification, evidence (and, beside them, obligations).

Supervised work of every kind — a licence verification, a 日管控 check, a self-inspection, a seller check — is
a checklist run, findings, a rectification with a deadline and evidence. The kernel builds those bones once
and knows no domain app: it imports only `shouhu.core`, `shouhu.rules` and Django; apps plug in through
registries they fill in their `AppConfig.ready()` (template sources, verdict rules, signer roles, subjects)
and point at their own records by (app_label.model, pk) subject references.
"""
