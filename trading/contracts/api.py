"""JSON API after the award: the award notice, the contract and its notice, supplements, acceptance, site
inspections and payments."""
from flask import Blueprint

from core import documents
from core.auth import api_roles, api_user
from core.errors import NotFound
from core.openapi import doc
from core.pdf import download_response
from core.schemas import load_args, load_json, paginate
from trading.contracts import operations as contracts
from trading.contracts.schemas import (
    AcceptanceIn,
    CheckOut,
    ContractIn,
    ContractOut,
    ContractQuery,
    InspectionIn,
    PaymentIn,
    PaymentOut,
    SupplementIn,
    SupplementOut,
)
from trading.contracts.tasks import AWARD_NOTICE

api = Blueprint("contracts_api", __name__, url_prefix="/api/v1")
READERS = ("admin", "purchaser", "bidder", "supervisor")


@api.get("/contracts")
@api_roles(*READERS)
@doc("The contracts the caller may read: a purchasing unit its own, a supplier those it won, the center and the "
     "supervisor all; ?status=", response=ContractOut, query=ContractQuery, paginated=True)
def list_contracts():
    args = load_args(ContractQuery())
    return paginate(contracts.search_contracts(api_user(), args["status"]), args, ContractOut().dump)


@api.get("/contracts/<int:contract_id>")
@api_roles(*READERS)
@doc("One contract with its supplements, acceptances and inspections, payments and what is left to do",
     response=ContractOut)
def get_contract(contract_id):
    return ContractOut().dump(contracts.get_contract(api_user(), contract_id))


@api.get("/projects/<int:project_id>/contract")
@api_roles(*READERS)
@doc("The contract of an awarded project (pending until the purchasing unit records the signed one)",
     response=ContractOut)
def project_contract(project_id):
    return ContractOut().dump(contracts.project_contract(api_user(), project_id))


@api.get("/projects/<int:project_id>/award-notice.pdf")
@api_roles(*READERS)
@doc("The award notice (中标通知书) as stored at the award; its SHA-256 is the ETag: the winner, the purchasing "
     "unit, the center and the supervisor; 404 until it is stored", file="application/pdf")
def award_notice(project_id):
    contract = contracts.project_contract(api_user(), project_id)
    document = documents.latest(AWARD_NOTICE, contract.project)
    if document is None or document.status != "ready":
        raise NotFound("document_not_ready", "The award notice is not stored yet.")
    return documents.serve(document)


@api.get("/contracts/<int:contract_id>/files/<int:file_id>")
@api_roles(*READERS)
@doc("A signed file of the contract (the contract, a supplement, an acceptance report); its SHA-256 is the ETag",
     file="application/pdf")
def contract_file(contract_id, file_id):
    row = contracts.contract_file(api_user(), contract_id, file_id)
    return download_response(row.content, row.name, "application/pdf", etag=row.sha256)


@api.post("/projects/<int:project_id>/contract")
@api_roles("purchaser")
@doc("Record the signed contract (the award amount, a performance bond of at most 10%, the signed PDF); publishes "
     "the contract notice. Recorded after the 2nd working day from signing it is marked late",
     ContractIn, ContractOut, status=201, errors=(404, 409, 422))
def sign_contract(project_id):
    return ContractOut().dump(contracts.sign_contract(api_user(), project_id, load_json(ContractIn()))), 201


@api.post("/contracts/<int:contract_id>/supplements")
@api_roles("purchaser")
@doc("Record a supplementary contract; all of them add at most 10% of the contract amount "
     "(else 422 supplement_over_limit)", SupplementIn, SupplementOut, status=201, errors=(404, 409, 422))
def add_supplement(contract_id):
    return SupplementOut().dump(contracts.add_supplement(api_user(), contract_id, load_json(SupplementIn()))), 201


@api.post("/contracts/<int:contract_id>/acceptance")
@api_roles("purchaser")
@doc("Record the acceptance (passed or failed, the report) with the supplier's performance rating: poor lowers "
     "its credit score, excellent raises it", AcceptanceIn, CheckOut, status=201, errors=(404, 409, 422))
def record_acceptance(contract_id):
    return CheckOut().dump(contracts.record_acceptance(api_user(), contract_id, load_json(AcceptanceIn()))), 201


@api.post("/contracts/<int:contract_id>/inspections")
@api_roles("purchaser")
@doc("Record a site inspection of a construction contract with the supplier's performance rating",
     InspectionIn, CheckOut, status=201, errors=(404, 409, 422))
def record_inspection(contract_id):
    return CheckOut().dump(contracts.record_inspection(api_user(), contract_id, load_json(InspectionIn()))), 201


@api.post("/contracts/<int:contract_id>/payments")
@api_roles("purchaser")
@doc("Record a payment; the payments never add up to more than the contract and its supplements",
     PaymentIn, PaymentOut, status=201, errors=(404, 409, 422))
def record_payment(contract_id):
    return PaymentOut().dump(contracts.record_payment(api_user(), contract_id, load_json(PaymentIn()))), 201
