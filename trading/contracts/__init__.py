"""After the award (两场联动): the award notice, the contract and its notice, supplements, acceptance and site
inspections with the performance rating that reaches the supplier's credit, payments, and their deadlines."""
from flask_babel import lazy_gettext as _

LABELS = {
    "awaiting_signature": _("Awaiting signature"), "signed": _("Signed"), "acceptance_failed": _("Acceptance failed"),
    "contract": _("contract"), "notice_contract": _("Contract notice"), "award_notice": _("Award notice"),
    "kind.acceptance": _("acceptance"), "kind.inspection": _("site inspection"), "result.passed": _("passed"),
    "result.failed": _("failed"), "result.recorded": _("recorded"), "result": _("Outcome"),
    "check_id": _("Acceptance or inspection"), "payment_id": _("Payment"), "supplement_id": _("Supplementary contract"),
    "reference": _("Payment reference"),
    "rating.excellent": _("Excellent"), "rating.good": _("Good"), "rating.fair": _("Fair"), "rating.poor": _("Poor"),
    "todo.sign": _("Sign the contract and record it"), "todo.accept": _("Accept the delivery and rate the supplier"),
    "todo.pay": _("Pay the supplier"),
    "contract.created": _("Award notice issued; contract awaited"), "contract.signed": _("Contract recorded"),
    "contract.supplemented": _("Supplementary contract added"), "contract.accepted": _("Accepted"),
    "contract.acceptance_failed": _("Acceptance failed"), "contract.payment_added": _("Payment added"),
    "contract.paid": _("Paid in full"), "supplement.recorded": _("Supplementary contract recorded"),
    "contract_check.recorded": _("Acceptance or inspection recorded"), "payment.recorded": _("Payment recorded"),
    "contract_id": _("Contract"), "supplements_total": _("Supplements in all"), "paid_total": _("Paid in all"),
    "sign_due_on": _("Sign by"), "signed_on": _("Signed on"), "performance_bond": _("Performance bond"),
    "publish_due_on": _("Publish the notice by"), "published_late": _("Published late"),
    "accepted_on": _("Accepted on"), "payment_due_on": _("Pay by"), "file_sha256": _("File (SHA-256)"),
    "award_amount": _("Award amount"), "supplier_id": _("Supplier"),
    "checked_on": _("Date"), "credit_record_id": _("Credit record"), "paid_on": _("Payment date"),
    "trading.contract_reminders": _("Reminding the contract deadlines"),
}


def register(app, registry):
    from core import CONCURRENT_CHANGE, register_blueprints
    from core.plugins import int_setting
    from trading.contracts import api, views
    from trading.contracts.models import Contract, ContractCheck, ContractPayment, ContractSupplement
    from trading.contracts.operations import NOTIFICATION_KINDS, open_contract, todos
    from trading.contracts.seed import seed_contracts
    from trading.contracts.tasks import AWARD_NOTICE, render_award_notice, send_contract_reminders

    # The contract is signed within this many days of the award notice; a passed acceptance is paid within this
    # many days (保障中小企业款项支付条例).
    registry.add_settings(app, CONTRACT_SIGN_DAYS=int_setting(30), PAYMENT_DAYS=int_setting(30))
    registry.add_unique_constraint("uq_contract_project_id", "conflict", CONCURRENT_CHANGE)
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_notification_kinds(NOTIFICATION_KINDS)
    registry.add_labels(LABELS)
    for model in (Contract, ContractSupplement, ContractCheck, ContractPayment):
        registry.watch(model, model.WATCHED_FIELDS)
    registry.add_document(AWARD_NOTICE, render_award_notice, "application/pdf")
    registry.on_event("evaluation.awarded", open_contract)
    registry.add_schedule("remind the contract deadlines", send_contract_reminders, 3600)
    registry.add_trail_scope("contract", _("Contract id"))
    registry.add_object_page("contract", "contracts.contract", "contract_id")
    registry.add_nav("contracts.contract_list", _("Contracts and performance"),
                     roles=("admin", "purchaser", "bidder", "supervisor"), order=27, group="trading")
    registry.add_link("project", "contracts.contract", _("Contract and performance"),
                      lambda project, user: project.contract is not None and project.contract.can_view(user),
                      lambda project: {"contract_id": project.contract.id})
    registry.add_seed_step(seed_contracts, order=85)
    app.add_template_global(todos, "contract_todos")
