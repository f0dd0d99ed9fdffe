"""HTML pages for tender projects, sign-up and bids: parse, call one operation, redirect or render."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core import clock
from core.auth import is_party, page_roles, page_user
from core.errors import DomainError
from core.extensions import db
from core.inputs import check_text
from core.money import MoneyError, parse_money
from core.schemas import load_filters
from core.trail_browser import timeline
from core.web import apply_domain_error, handle_form, label, paginate, render_form, run_action, show_problems
from trading.hall import operations as hall
from trading.tender import operations as ops
from trading.tender.forms import BidForm, ProjectForm
from trading.tender.models import CATEGORIES, STATUSES
from trading.tender.operations.checks import project_problems
from trading.tender.schemas import BidIn, ProjectIn, ProjectQuery

web = Blueprint("trading", __name__)


def _filters():
    """The list filters from the query string, parsed like the API's; invalid values are ignored."""
    args = load_filters(ProjectQuery())
    return {"q": (args["q"] or "").strip() or None, "status": args["status"], "category": args["category"]}


def home_panel(user):
    """The home page's latest announcements."""
    return {"projects": db.session.scalars(ops.search_projects().limit(10)).all()}


def registration_panel(user):
    """The center's dashboard: projects waiting to be published or returned."""
    return {"submitted": db.session.scalars(ops.search_projects(status="submitted", public_only=False)).all()}


def opening_panel(user):
    """The center's dashboard: projects whose bid deadline has passed."""
    return {"due": db.session.scalars(ops.projects_due_for_opening()).all()}


def project_url(project_id, anchor=None):
    """The project page, at `anchor` (a section such as "questions")."""
    return url_for("trading.project", project_id=project_id, _anchor=anchor)


@web.get("/projects")
def projects():
    filters = _filters()
    user = page_user()
    stmt = ops.list_projects(user, **filters)
    hidden = ("draft",) if ops.reads_everything_submitted(user) else ("draft", "submitted")
    return render_template("trading/tender/projects.html", page=paginate(stmt), filters=filters,
                           statuses=[s for s in STATUSES if s not in hidden], categories=CATEGORIES)


@web.get("/projects/<int:project_id>")
def project(project_id):
    user = page_user()
    project = ops.get_project(project_id, user)
    owner_draft = project.is_owned_by(user) and project.status == "draft"
    insider = is_party(user, project)
    return render_template(
        "trading/tender/project.html", project=project, signup=ops.my_signup(user, project),
        opening=ops.opening_record(project) if project.can_view_opening(user) else None,
        draft_problems=ops.registration_problems(project, clock.now()) if owner_draft else None,
        hall_open=project.published_at is not None and project.status != "cancelled" and hall.can_watch(user, project),
        timeline=timeline("project", project.id, user) if insider else None,
    )


@web.post("/projects/<int:project_id>/signup")
@page_roles("bidder")
def sign_up(project_id):
    return run_action(lambda: ops.sign_up(page_user(), project_id),
                      _("Signed up. You can now submit your bid."), project_url(project_id))


def _bid_page(project_id, form, over_ceiling=False):
    user = page_user()
    project = ops.get_project(project_id, user)
    return render_form("trading/tender/bid.html", form, project=project, signup=ops.my_signup(user, project),
                       over_ceiling=over_ceiling)


def _over_ceiling(form, project_id):
    """Whether the posted price parses and is above the project's public ceiling price."""
    try:
        price = parse_money(form.price.data or "")
    except MoneyError:
        return False
    return price > ops.get_project(project_id, page_user()).ceiling_price


@web.get("/projects/<int:project_id>/bid")
@page_roles("bidder")
def bid_form(project_id):
    form = BidForm()
    deposit = ops.get_project(project_id, page_user()).deposit
    if deposit > 0:  # the amount the project asks, for the bidder to check against what it gave
        form.deposit_method.data, form.deposit_amount.data = "transfer", str(deposit)
    return _bid_page(project_id, form)


@web.post("/projects/<int:project_id>/bid")
@page_roles("bidder")
def submit_bid(project_id):
    form = BidForm()
    if _over_ceiling(form, project_id) and not form.confirm_over_ceiling.data:
        form.validate()
        form.price.errors = [*form.price.errors, _(
            "This price is above the ceiling price: the bid would be invalid at the opening. "
            "Correct the price, or tick the confirmation to seal it anyway.")]
        return _bid_page(project_id, form, over_ceiling=True)
    bid = handle_form(form, BidIn(), lambda d: ops.submit_bid(
        page_user(), project_id, d["price"], d["technical_proposal"], d["documents"], d["sme"], d["deposit"]))
    if bid is None:
        return _bid_page(project_id, form)
    flash(_("Bid submitted and sealed. Receipt: %(receipt)s", receipt=bid.receipt), "success")
    for document in bid.sealed_documents:
        flash(_("Sealed document %(name)s (%(part)s), SHA-256 %(sha256)s", name=document["name"],
                part=label(document["part"]), sha256=document["sha256"]), "info")
    return redirect(url_for("trading.bid_form", project_id=project_id))


@web.post("/projects/<int:project_id>/bid/withdraw")
@page_roles("bidder")
def withdraw_bid(project_id):
    return run_action(lambda: ops.withdraw_bid(page_user(), project_id), _("Your bid was withdrawn."),
                      url_for("trading.bid_form", project_id=project_id))


@web.get("/my/bids")
@page_roles("bidder")
def my_bids():
    return render_template("trading/tender/my_bids.html", signups=ops.bidder_signups(page_user().organization_id))


@web.get("/purchaser/projects")
@page_roles("purchaser")
def purchaser_projects():
    filters = _filters()
    stmt = ops.search_projects(**filters, purchaser_id=page_user().organization_id, public_only=False)
    return render_template("trading/tender/purchaser_projects.html", page=paginate(stmt), filters=filters,
                           statuses=STATUSES, categories=CATEGORIES)


def _report_everything(form):
    """On a POST, put every field problem and every broken rule on the form at once; return
    whether there was none (so the operation runs)."""
    if not form.is_submitted():
        return False
    fields_ok = form.validate()
    try:
        check_text(form.payload())
        problems = project_problems(form.payload(), "save_and_submit" in request.form, clock.now())
    except DomainError as err:
        apply_domain_error(form, err)
        return False
    # A field the form already refused keeps its own message, not the schema's repetition of it.
    problems = {name: messages for name, messages in problems.items()
                if not (name.replace(".", "_") in form and form[name.replace(".", "_")].errors)}
    if fields_ok and not problems:
        return True
    unplaced = show_problems(form, problems)
    form.form_errors = [*form.form_errors, _("Nothing was saved: fix every problem marked below."), *unplaced]
    return False


def _save_project(form, operation):
    """Run the create or update operation; with the "save and submit" button, submit as well."""
    user = page_user()
    if not _report_everything(form):
        return None

    def save(data):
        project = operation(user, data)
        if "save_and_submit" in request.form:
            ops.submit_project(user, project.id)
        return project

    return handle_form(form, ProjectIn(), save)


def _saved(project):
    if project.status == "submitted":
        flash(_("Project submitted for registration."), "success")
    else:
        flash(_("Draft saved."), "success")
    return redirect(project_url(project.id))


@web.route("/purchaser/projects/new", methods=["GET", "POST"])
@page_roles("purchaser")
def new_project():
    if request.method == "GET":
        form = ProjectForm(data=ProjectForm.initial(responsible_person=page_user().label))
    else:
        form = ProjectForm()
    project = _save_project(form, ops.create_project)
    if project is not None:
        return _saved(project)
    return render_form("trading/tender/project_form.html", form, project=None)


@web.route("/purchaser/projects/<int:project_id>/edit", methods=["GET", "POST"])
@page_roles("purchaser")
def edit_project(project_id):
    project = ops.get_own_draft(page_user(), project_id)
    if request.method == "GET":
        form = ProjectForm(data=ProjectForm.initial(project))
        form.form_errors = show_problems(form, ops.registration_problems(project, clock.now()))
        return render_form("trading/tender/project_form.html", form, project=project)
    form = ProjectForm()
    saved = _save_project(form, lambda user, data: ops.update_project(user, project_id, data))
    if saved is not None:
        return _saved(saved)
    return render_form("trading/tender/project_form.html", form, project=project)


@web.post("/purchaser/projects/<int:project_id>/submit")
@page_roles("purchaser")
def submit_project(project_id):
    return run_action(lambda: ops.submit_project(page_user(), project_id),
                      _("Project submitted for registration."), project_url(project_id))


@web.post("/projects/<int:project_id>/cancel")
@page_roles("purchaser", "admin")
def cancel_project(project_id):
    return run_action(lambda: ops.cancel_project(page_user(), project_id, request.form.get("reason", "")),
                      _("Project cancelled."), project_url(project_id))


@web.post("/admin/projects/<int:project_id>/publish")
@page_roles("admin")
def publish_project(project_id):
    return run_action(lambda: ops.publish_project(page_user(), project_id), _("Project published."),
                      project_url(project_id))


@web.post("/admin/projects/<int:project_id>/return")
@page_roles("admin")
def return_project(project_id):
    return run_action(lambda: ops.return_project(page_user(), project_id, request.form.get("reason", "")),
                      _("Project returned to its purchasing unit."), project_url(project_id))


def _opening_message(result):
    project, bids = result
    if project.status == "failed":
        return _("Bids opened: too few valid bids, the tender failed.")
    return _("Bids opened: %(valid)s valid of %(total)s.", valid=sum(1 for b in bids if b.valid), total=len(bids))


@web.post("/admin/projects/<int:project_id>/open")
@page_roles("admin")
def open_bids(project_id):
    return run_action(lambda: ops.open_bids(page_user(), project_id), _opening_message, project_url(project_id))
