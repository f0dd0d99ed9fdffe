"""A project's evaluation settings as one value: Decimals inside, JSON outside.

The API schema loads it, the form fills it, the registration rules check it, the project row
stores it (EvaluationType) and the scoring engine reads it; nothing converts through float.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import JSON
from sqlalchemy.types import TypeDecorator

PRICE_METHODS = ("lowest", "average_deviation")
WEIGHT_NAMES = ("credit", "technical", "commercial")
DEVIATION_PARAMETERS = ("k", "up_deduction", "down_deduction")


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _number(value):
    """The API's JSON number: integers stay integers."""
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class Weights:
    credit: Decimal
    technical: Decimal
    commercial: Decimal

    def as_dict(self):
        return {name: getattr(self, name) for name in WEIGHT_NAMES}


@dataclass(frozen=True)
class Criterion:
    name: str
    max: Decimal


@dataclass(frozen=True)
class EvaluationSettings:
    weights: Weights
    price_method: str
    technical_criteria: tuple = field(default_factory=tuple)
    panel_size: int = 5
    expert_specialty: str = ""
    trim: bool = True
    k: Decimal = None
    up_deduction: Decimal = None
    down_deduction: Decimal = None

    @classmethod
    def from_json(cls, data):
        """From the stored or the API form (numbers or decimal strings)."""
        weights = data.get("weights") or {}
        uses_deviation = data.get("price_method") == "average_deviation"
        return cls(
            weights=Weights(*(_decimal(weights.get(name, 0)) for name in WEIGHT_NAMES)),
            price_method=data.get("price_method"),
            technical_criteria=tuple(Criterion(c["name"], _decimal(c["max"])) for c in data.get("technical_criteria") or ()),
            panel_size=data.get("panel_size"),
            expert_specialty=data.get("expert_specialty"),
            trim=bool(data.get("trim", True)),
            **{name: _decimal(data.get(name)) if uses_deviation else None for name in DEVIATION_PARAMETERS},
        )

    def to_json(self):
        """The stored form: every number as a decimal string, so nothing is lost."""
        data = {
            "weights": {name: str(value) for name, value in self.weights.as_dict().items()},
            "price_method": self.price_method,
            "trim": self.trim,
            "technical_criteria": [{"name": c.name, "max": str(c.max)} for c in self.technical_criteria],
            "panel_size": self.panel_size,
            "expert_specialty": self.expert_specialty,
        }
        if self.uses_deviation:
            data.update({name: str(getattr(self, name)) for name in DEVIATION_PARAMETERS})
        return data

    def to_api(self):
        """The API form of api.md: weights, maxima and deductions as numbers, k as a string."""
        data = self.to_json()
        data["weights"] = {name: _number(value) for name, value in self.weights.as_dict().items()}
        data["technical_criteria"] = [{"name": c.name, "max": _number(c.max)} for c in self.technical_criteria]
        if self.uses_deviation:
            data["up_deduction"] = _number(self.up_deduction)
            data["down_deduction"] = _number(self.down_deduction)
        return data

    @property
    def uses_deviation(self):
        return self.price_method == "average_deviation"

    @property
    def criteria_maxima(self):
        return [c.max for c in self.technical_criteria]


class EvaluationType(TypeDecorator):
    """A JSON column holding EvaluationSettings."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None or isinstance(value, dict):
            return value
        return value.to_json()

    def process_result_value(self, value, dialect):
        return None if value is None else EvaluationSettings.from_json(value)
