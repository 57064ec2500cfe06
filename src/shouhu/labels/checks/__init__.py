"""One module per family of findings; each exposes `run(ctx) -> list[Finding]`."""

from shouhu.labels.checks import (
    age,
    claims,
    contract,
    ingredients,
    licence,
    mandatory,
    particulate,
    standards,
)

ALL = (claims, age, ingredients, licence, standards, particulate, mandatory, contract)

__all__ = ["ALL"]
