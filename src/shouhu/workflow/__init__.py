"""The workflow kernel: checklists, findings, rectifications, obligations (待办) with the inbox and notifications,
case clues and publication, evidence — the bones every supervised-work app shares, knowing no domain app.

Sub-apps import only `shouhu.core`, `shouhu.rules` and Django; subjects are referenced generically (content
type + object id) with the owning enterprise id and division code copied onto each row, so
`core.access.scope()`-style filters work without importing the registry.
"""
