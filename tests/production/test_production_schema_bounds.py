"""Production inputs are as long as the columns they land in (issue 17): a string the model could not
store is a 422 naming the field, never a database error (PostgreSQL refuses an overlong varchar with a
DataError, a 500). References by natural key are as long as the key they name."""

from __future__ import annotations

import typing

import pytest
from django.db import models

from shouhu.cleanroom import models as cleanroom
from shouhu.production import models as m
from shouhu.production import schemas as s

# schema -> the model it writes; fields named otherwise in the model, or naming another model's key
TARGETS = {
    s.SupplierIn: (m.Supplier, {}),
    s.SupplierDocumentIn: (m.SupplierDocument, {"supplier": (m.Supplier, "name")}),
    s.SupplierApproveIn: (
        m.Supplier,
        {"supplier": (m.Supplier, "name"), "summary": (m.Supplier, "audit_summary")},
    ),
    s.MaterialIn: (m.Material, {}),
    s.ProductIn: (m.Product, {}),
    s.LotIn: (m.MaterialLot, {"material": (m.Material, "code"), "supplier": (m.Supplier, "name")}),
    # the clean zone a batch is made in is recorded by cleanroom (core.hooks.batch_zone_record)
    s.BatchIn: (m.Batch, {"zone": (cleanroom.Zone, "code"), "line": (cleanroom.Line, "name")}),
    s.ConsumptionIn: (
        m.Consumption,
        {"batch": (m.Batch, "number"), "lot": (m.MaterialLot, "code"), "material": (m.Material, "code")},
    ),
    s.CCPIn: (m.CCPRecord, {"batch": (m.Batch, "number")}),
    s.ClearanceIn: (m.Clearance, {"batch": (m.Batch, "number")}),
    s.ReleaseTestIn: (m.ReleaseTest, {"batch": (m.Batch, "number")}),
    s.RetentionIn: (m.RetentionSample, {"batch": (m.Batch, "number")}),
    s.ReleaseIn: (m.Batch, {}),
    s.CustomerIn: (m.Customer, {}),
    s.ShipmentIn: (m.Shipment, {"batch": (m.Batch, "number"), "customer": (m.Customer, "name")}),
    s.ReturnIn: (m.Return, {}),
    s.RecordIn: (m.Record, {}),
}
TEXT_MAX = s.LONG_TEXT  # a TextField takes what a person writes, up to this


def _lengths(annotation) -> list[int]:
    # inside `X | None` and `Annotated[str, Field(max_length=…)]` aliases
    marks = [y for x in getattr(annotation, "__metadata__", ()) for y in (x, *getattr(x, "metadata", ()))]
    found = [x.max_length for x in marks if getattr(x, "max_length", None)]
    return found + [n for arg in typing.get_args(annotation) for n in _lengths(arg)]


def _max_length(info) -> int | None:
    found = [x.max_length for x in info.metadata if getattr(x, "max_length", None)] + _lengths(
        info.annotation
    )
    return found[0] if found else None


def _string_fields(schema):
    for name, info in schema.model_fields.items():
        if (
            "str" in str(info.annotation)
            and "dict" not in str(info.annotation)
            and "list" not in str(info.annotation)
        ):
            yield name, info


CASES = [(schema, name, info) for schema in TARGETS for name, info in _string_fields(schema)]


@pytest.mark.parametrize(("schema", "name", "info"), CASES, ids=[f"{c[0].__name__}.{c[1]}" for c in CASES])
def test_each_string_is_as_long_as_its_column(schema, name, info):
    model, other = TARGETS[schema]
    model, column = other.get(name, (model, name))
    field = model._meta.get_field(column)
    allowed = _max_length(info)
    assert allowed is not None, f"{schema.__name__}.{name} has no max_length"
    if isinstance(field, models.CharField):
        assert allowed == field.max_length, (schema.__name__, name, allowed, field.max_length)
    else:
        assert isinstance(field, models.TextField), (schema.__name__, name, type(field))
        assert allowed <= max(TEXT_MAX, 20_000)


def test_every_production_input_schema_is_compared():
    inputs = {
        cls
        for cls in vars(s).values()
        if isinstance(cls, type) and issubclass(cls, s.Schema) and cls.__name__.endswith("In")
    }
    assert inputs - set(TARGETS) <= {s.CompleteIn, s.TestResultIn, s.CorrectIn}  # no strings to a column
