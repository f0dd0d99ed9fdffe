"""Pages after the award: the contracts list, a contract's page with its to-dos and the purchasing unit's forms,
its signed files, and the award notice."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from core import clock, documents
from core.auth import page_roles, page_user
from core.pdf import download_response
from core.schemas import load_filters
from core.trail_browser import timeline
from core.web import handle_form, paginate
from trading.contracts import operations as contracts
from trading.contracts.forms import AcceptanceForm, ContractForm, InspectionForm, PaymentForm, SupplementForm
from trading.contracts.models import CONTRACT_STATUSES
from trading.contracts.schemas import AcceptanceIn, ContractIn, ContractQuery, InspectionIn, PaymentIn, SupplementIn
from trading.contracts.tasks import AWARD_NOTICE, award_notice_name

web = Blueprint("contracts", __name__)
READERS = ("admin", "purchaser", "bidder", "supervisor")
FORMS = {"contract": ContractForm, "supplement": SupplementForm, "acceptance": AcceptanceForm,
         "inspection": InspectionForm, "payment": PaymentForm}


@web.get("/contracts")
@page_roles(*READERS)
def contract_list():
    user = page_user()
    filters = load_filters(ContractQuery())
    return render_template("trading/contracts/contracts.html", page=paginate(contracts.search_contracts(
        user, filters["status"])), filters=filters, statuses=CONTRACT_STATUSES, today=clock.today())


def _page(contract, posted=None, name=None):
    """The contract's page; a posted form that failed comes back with its problems (422)."""
    user = page_user()
    forms = {key: form(formdata=None) for key, form in FORMS.items()}
    if posted is not None:
        forms[name] = posted
    if contract.status == "awaiting_signature" and posted is None:
        forms["contract"].amount.data = str(contract.award_amount)
    status = 422 if posted is not None and posted.has_problems else 200
    return render_template(
        "trading/contracts/contract.html", contract=contract, project=contract.project, forms=forms,
        todos=contracts.todos(contract, clock.today()), may_record=contract.can_record(user),
        award_notice=documents.latest(AWARD_NOTICE, contract.project),
        timeline=timeline("contract", contract.id, user)), status


@web.get("/contracts/<int:contract_id>")
@page_roles(*READERS)
def contract(contract_id):
    return _page(contracts.get_contract(page_user(), contract_id))


def _post(contract_id, name, schema, operation, success):
    """Run `operation(user, <the id it takes>, data)` with the posted form."""
    user = page_user()
    contract = contracts.get_contract(user, contract_id)
    target = contract.project_id if name == "contract" else contract.id
    form = FORMS[name]()
    if handle_form(form, schema, lambda data: operation(user, target, data)) is not None:
        flash(success, "success")
        return redirect(url_for("contracts.contract", contract_id=contract.id))
    return _page(contract, form, name)


@web.post("/contracts/<int:contract_id>/sign")
@page_roles("purchaser")
def sign(contract_id):
    return _post(contract_id, "contract", ContractIn(), contracts.sign_contract,
                 _("The contract is recorded and its notice published."))


@web.post("/contracts/<int:contract_id>/supplements")
@page_roles("purchaser")
def add_supplement(contract_id):
    return _post(contract_id, "supplement", SupplementIn(), contracts.add_supplement,
                 _("The supplementary contract is recorded."))


@web.post("/contracts/<int:contract_id>/acceptance")
@page_roles("purchaser")
def record_acceptance(contract_id):
    return _post(contract_id, "acceptance", AcceptanceIn(), contracts.record_acceptance,
                 _("The acceptance and the performance rating are recorded."))


@web.post("/contracts/<int:contract_id>/inspections")
@page_roles("purchaser")
def record_inspection(contract_id):
    return _post(contract_id, "inspection", InspectionIn(), contracts.record_inspection,
                 _("The site inspection and the performance rating are recorded."))


@web.post("/contracts/<int:contract_id>/payments")
@page_roles("purchaser")
def record_payment(contract_id):
    return _post(contract_id, "payment", PaymentIn(), contracts.record_payment, _("The payment is recorded."))


@web.get("/contracts/<int:contract_id>/files/<int:file_id>")
@page_roles(*READERS)
def contract_file(contract_id, file_id):
    row = contracts.contract_file(page_user(), contract_id, file_id)
    return download_response(row.content, row.name, "application/pdf", etag=row.sha256)


@web.get("/projects/<int:project_id>/award-notice.pdf")
@page_roles(*READERS)
def award_notice(project_id):
    contract = contracts.project_contract(page_user(), project_id)
    return documents.respond(AWARD_NOTICE, contract.project, award_notice_name(contract.project), True)
