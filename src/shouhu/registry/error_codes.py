"""Registry refusal codes (core.errors.refuse): stable strings clients branch on (`details.reason`,
`details.fields[].code`). The values are the ones the API has always sent; do not rename them."""

from __future__ import annotations

from enum import StrEnum


class RegistryError(StrEnum):
    UNKNOWN_FIELD = "unknown"  # a field the service does not take
    REQUIRED = "required"
    DATE_FUTURE = "date.future"
    DATE_ORDER = "date.order"  # an end before its start, an expiry before the issue
    OUTSIDE_JURISDICTION = "division.outside_jurisdiction"
    IDENTITY_CHANGE = "enterprise.identity_change"  # name/USCC/address/division: a licence change (变更)
    SITE_OTHER_ENTERPRISE = "site.other_enterprise"
    MANUFACTURER_INVALID = "invalid"  # 受托方 missing or the principal itself
    MANUFACTURER_UNKNOWN = "contract.manufacturer_unknown"  # no enterprise with that id and USCC (404)
    CONTRACT_ANSWERED = "contract.answered"  # confirmed or declined already (409)
    CATALOGUE_INVALID = "catalogue.invalid"  # category/variety not in 细则表1, or a non-3001–3003 number
    DIVISION_UNKNOWN = "division.unknown"
    DIVISION_NOT_COUNTY = "division.not_county"
    PHONE_FORMAT = "phone.format"
    LOGIN_OTHER_ENTERPRISE = "person.login_other_enterprise"  # a login of another enterprise (or none)
    LOGIN_TAKEN = "person.login_taken"  # the login is already another person's
