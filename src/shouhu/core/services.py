"""Shared machinery for write services: validate, save, audit — in one transaction.

Domain services (`<app>/services.py`, named `<entity>_<action>`) call `create_record` / `update_record`
so that every regulated write is validated with `full_clean()`, written, and entered in the ledger in
the same transaction; bad input raises `ValidationFailed` with one entry per field and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import ledger
from .access import Actor
from .errors import INVALID_INPUT, ValidationFailed, field_summary
from .events import Action
from .i18n import both

M = TypeVar("M", bound=models.Model)


def _labels(model: type[models.Model], field: str) -> tuple[str, str]:
    try:
        verbose = model._meta.get_field(field).verbose_name  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return field, field
    with translation.override("zh-hans"):
        zh = str(verbose)
    with translation.override("en"):
        en = str(verbose)
    return zh, en


def field_errors(model: type[models.Model], exc: DjangoValidationError) -> list[dict[str, Any]]:
    """Django's ValidationError as a list of {field, label_zh, label_en, code, message_zh, message_en}."""
    out: list[dict[str, Any]] = []
    error_dict = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    for field, errors in error_dict.items():
        label_zh, label_en = _labels(model, field) if field != "__all__" else ("", "")
        for err in errors:
            params = err.params or {}
            message = err.message % params if params and "%(" in str(err.message) else str(err.message)
            zh, en = params.get("zh"), params.get("en")
            if zh is None:
                with translation.override("zh-hans"):
                    zh = str(err.message % params if params and "%(" in str(err.message) else err.message)
                with translation.override("en"):
                    en = str(err.message % params if params and "%(" in str(err.message) else err.message)
            out.append(
                {
                    "field": field,
                    "label_zh": label_zh,
                    "label_en": label_en,
                    "code": err.code or "invalid",
                    "message": str(message),
                    "message_zh": zh,
                    "message_en": en,
                }
            )
    return out


def validation_failed(model: type[models.Model], exc: DjangoValidationError) -> ValidationFailed:
    errors = field_errors(model, exc)
    return ValidationFailed(
        INVALID_INPUT, params={"summary": field_summary(errors)}, details={"fields": errors}
    )


def _held_relations(instance: models.Model) -> set[str]:
    """Foreign keys whose target this process holds as a saved object (assigned, not just an id).

    Django's `ForeignKey.validate` asks the database whether the target exists — one query per key per
    record, a large share of every write. For a target we hold, saved and matching the key, the answer
    is known; the database's foreign-key constraint still refuses a row whose target vanished since.
    Keys given as bare ids, or with `limit_choices_to`, keep Django's check.
    """
    held = set()
    for field in instance._meta.concrete_fields:
        if not field.many_to_one or field.get_limit_choices_to() or not field.is_cached(instance):
            continue
        target = field.get_cached_value(instance)
        if (
            target is not None
            and not target._state.adding
            and getattr(target, field.target_field.attname) == getattr(instance, field.attname)
        ):
            held.add(field.name)
    return held


def validate(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """`full_clean`, without re-reading foreign-key targets the caller holds (see `_held_relations`)."""
    excluded = set(exclude or ())
    errors: dict[str, Any] = {}

    def run(check: Callable[..., None], **kwargs: Any) -> None:
        nonlocal errors
        try:
            check(**kwargs)
        except DjangoValidationError as exc:
            errors = exc.update_error_dict(errors)

    run(instance.clean_fields, exclude=excluded | _held_relations(instance))
    run(instance.clean)
    # As full_clean: uniqueness and constraints are checked only for the fields that passed.
    excluded |= {name for name in errors if name != NON_FIELD_ERRORS}
    run(instance.validate_unique, exclude=excluded)
    excluded |= {name for name in errors if name != NON_FIELD_ERRORS}
    run(instance.validate_constraints, exclude=excluded)
    if errors:
        raise validation_failed(type(instance), DjangoValidationError(errors))


def _save(instance: models.Model, **kwargs: Any) -> None:
    try:
        with transaction.atomic():
            instance.save(**kwargs)
    except IntegrityError as exc:  # a race past full_clean's uniqueness check
        raise ValidationFailed(_("与已有记录冲突"), details={"fields": [], "db": str(exc)}) from None


def create_record(
    *,
    actor: Actor,
    instance: M,
    enterprise_id: int | None,
    action: Action | str | None = None,
    reason: str = "",
) -> M:
    """Validate and insert a regulated record, with its ledger entry, atomically."""
    with transaction.atomic():
        validate(instance)
        _save(instance, force_insert=True)
        ledger.record(
            actor=actor,
            action=action or f"{instance._meta.model_name}.create",
            obj=instance,
            before=None,
            after=ledger.snapshot(instance),
            enterprise_id=enterprise_id,
            reason=reason,
        )
    return instance


def update_record(
    *,
    actor: Actor,
    instance: M,
    changes: dict[str, Any],
    enterprise_id: int | None,
    reason: str,
    action: Action | str | None = None,
    allowed: set[str] | None = None,
    check: Callable[[M], None] | None = None,
) -> M:
    """Apply `changes`, validate, save and audit; the before-image stays visible in the ledger."""
    unknown = set(changes) - (allowed if allowed is not None else set(changes))
    if unknown:
        raise ValidationFailed(
            _("这些字段不可修改"),
            details={"fields": [{"field": f, "code": "readonly"} for f in sorted(unknown)]},
        )
    if not reason.strip():
        label_zh, label_en = both(_("修改原因"))
        raise ValidationFailed(
            _("修改受监管记录须说明原因"),
            details={
                "fields": [
                    {"field": "reason", "code": "required", "label_zh": label_zh, "label_en": label_en}
                ]
            },
        )
    with transaction.atomic():
        locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        before = ledger.snapshot(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        validate(locked)
        if check:
            check(locked)
        if ledger.snapshot(locked) == before:
            return locked
        _save(locked)
        ledger.record(
            actor=actor,
            action=action or f"{instance._meta.model_name}.update",
            obj=locked,
            before=before,
            after=ledger.snapshot(locked),
            enterprise_id=enterprise_id,
            reason=reason,
        )
    return locked
