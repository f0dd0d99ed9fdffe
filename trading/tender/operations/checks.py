"""Everything wrong with a registration form at once: the schema's field problems and every
registration rule the valid values break, so that one submit shows them all (the page used to
stop at the first layer: fields, then figures, then evaluation rules, then past deadlines)."""
from flask import current_app
from marshmallow import ValidationError

from core.schemas import _flatten
from trading.tender.models import EvaluationSettings
from trading.tender.operations import rules
from trading.tender.schemas import ProjectIn


def project_problems(raw, submitting, now):
    """{field: [messages]} for the posted values `raw` (ProjectIn's input).

    The figures and deadlines are checked whenever a draft is saved; the evaluation rules and
    past deadlines when it is also submitted. A rule is skipped for a field whose value is
    itself invalid (its field problem says enough)."""
    try:
        values, problems = ProjectIn().load(raw), {}
    except ValidationError as err:
        values, problems = err.valid_data or {}, _flatten(err.messages)
    config = current_app.config
    budget, ceiling = values.get("budget"), values.get("ceiling_price")
    found = [
        rules.money_problems(budget, ceiling, values.get("deposit") or 0, config["MAX_DEPOSIT_RATIO"]),
        rules.deadline_problems(values.get("signup_deadline"), values.get("bid_deadline")),
    ]
    if isinstance(values.get("evaluation"), EvaluationSettings):
        found.append(rules.sme_problems(values.get("category"), values["evaluation"].sme_deduction))
    if submitting:
        settings = values.get("evaluation")
        if isinstance(settings, EvaluationSettings):
            found.append(rules.evaluation_problems(settings, values.get("method"), budget,
                                                   config["LARGE_PROJECT_BUDGET"]))
        found.append(rules.past_deadline_problems(values.get("signup_deadline"), values.get("bid_deadline"), now))
    invalid = set(problems)
    for field, messages in rules.merge(*found).items():
        if field not in invalid:
            problems.setdefault(field, []).extend(messages)
    return problems
