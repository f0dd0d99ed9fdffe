"""JSON API of the evaluation, the result and the award."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import load_json
from scoring.evaluation import operations as award_ops
from scoring.evaluation.schemas import AwardIn, AwardResultOut, ResultOut

api = Blueprint("evaluation_api", __name__, url_prefix="/api/v1")


@api.post("/projects/<int:project_id>/evaluate")
@api_roles("admin")
@doc("Every sheet submitted: compute the three-in-one scores, rank, publish the candidates", response=ResultOut,
     errors=(404, 409))
def evaluate(project_id):
    # The stored document is built in the ResultOut shape (tests check it against the schema).
    return award_ops.evaluate(api_user(), project_id).result


@api.get("/projects/<int:project_id>/result")
@doc("The evaluation result: center, purchasing unit and supervisor; everyone once awarded", response=ResultOut,
     errors=(403, 404), optional_auth=True)
def result(project_id):
    return award_ops.result_for(api_user(), project_id)[2]


@api.post("/projects/<int:project_id>/award")
@api_roles("admin")
@doc("Award after the publicity period: rank 1 by default, another candidate with a reason", AwardIn,
     AwardResultOut, errors=(404, 409, 422))
def award(project_id):
    data = load_json(AwardIn())
    record = award_ops.award(api_user(), project_id, data["bid_id"], data["reason"])
    return AwardResultOut().dump({"award": record.result["award"]})
