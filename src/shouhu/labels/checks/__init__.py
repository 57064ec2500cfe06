"""One module per family of findings; each exposes `run(ctx) -> list[Finding]`."""

from shouhu.labels.checks import claims, contract, ingredients, licence, mandatory, particulate, standards

ALL = (claims, ingredients, licence, standards, particulate, mandatory, contract)

__all__ = ["ALL"]
