"""Inline event handlers the Content-Security-Policy allows, by hash (CSP Level 3 'unsafe-hashes').

The policy forbids inline script; four small handlers in the licensing templates predate it. Listing
their exact text here (as rendered) lets the browser run them and nothing else. A test in tests/accounts
renders every `on…=` attribute in every template and fails if one is missing here, so changing a handler
cannot silently break its page. Better still: move them into a static script and empty this list.
"""

from __future__ import annotations

import base64
import hashlib

INLINE_HANDLERS = [
    "document.querySelectorAll('select.sh-score').forEach(s=>{if(!s.value)s.value='符合'})",
    "this.form.photo_item.value=(document.querySelector('[data-pos=\\''+this.value+'\\']')||{}).dataset?.pk||''",
    "this.form.category.value=this.selectedOptions[0].dataset.cat",
    "this.action='/licensing/licences/0/reverify/'.replace('/0/','/'+this.licence.value+'/')",
]


def csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


INLINE_HANDLER_HASHES = [csp_hash(h) for h in INLINE_HANDLERS]
