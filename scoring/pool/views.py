"""Pages of the expert pool: the list, an expert's page, the import."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.auth import page_roles, page_user
from core.schemas import load_filters
from core.web import handle_form, paginate, render_form, run_action, upload_page
from scoring.pool import operations as pool
from scoring.pool.forms import ConflictForm, ExpertForm
from scoring.pool.operations import MAX_BYTES, import_experts
from scoring.pool.schemas import ConflictIn, ExpertPatch, ExpertQuery

web = Blueprint("scoring", __name__)


@web.get("/admin/experts")
@page_roles("admin", "supervisor")
def experts():
    filters = load_filters(ExpertQuery())
    stmt = pool.search_experts(filters["specialty"], filters["status"], filters["q"])
    return render_template("scoring/pool/experts.html", page=paginate(stmt), statuses=pool.EXPERT_STATUSES)


def _expert_page(expert_id, expert_form=None, conflict_form=None):
    """The expert with the edit and conflict forms; a posted form that failed comes back with its problems."""
    expert = pool.get_expert(expert_id)
    if expert_form is None:
        expert_form = ExpertForm(formdata=None, obj=expert)
        expert_form.specialties.data = " ".join(expert.specialty_codes)
    conflict_form = conflict_form or ConflictForm(formdata=None)
    posted = expert_form if expert_form.has_problems else conflict_form
    return render_form("scoring/pool/expert.html", posted, expert=expert, expert_form=expert_form,
                       conflict_form=conflict_form)


@web.get("/admin/experts/<int:expert_id>")
@page_roles("admin", "supervisor")
def expert(expert_id):
    return _expert_page(expert_id)


@web.post("/admin/experts/<int:expert_id>")
@page_roles("admin")
def update_expert(expert_id):
    form = ExpertForm()
    if handle_form(form, ExpertPatch(), lambda d: pool.update_expert(page_user(), expert_id, d)) is None:
        return _expert_page(expert_id, expert_form=form)
    flash(_("Expert updated."), "success")
    return redirect(url_for("scoring.expert", expert_id=expert_id))


@web.post("/admin/experts/<int:expert_id>/suspend")
@page_roles("admin")
def suspend_expert(expert_id):
    return run_action(lambda: pool.suspend_expert(page_user(), expert_id, request.form.get("reason", "")),
                      _("Expert suspended."), url_for("scoring.expert", expert_id=expert_id))


@web.post("/admin/experts/<int:expert_id>/activate")
@page_roles("admin")
def activate_expert(expert_id):
    return run_action(lambda: pool.activate_expert(page_user(), expert_id), _("Expert activated."),
                      url_for("scoring.expert", expert_id=expert_id))


@web.post("/admin/experts/<int:expert_id>/conflicts")
@page_roles("admin")
def add_conflict(expert_id):
    form = ConflictForm()
    if handle_form(form, ConflictIn(), lambda d: pool.add_conflict(page_user(), expert_id, **d)) is None:
        return _expert_page(expert_id, conflict_form=form)
    flash(_("Conflict of interest declared."), "success")
    return redirect(url_for("scoring.expert", expert_id=expert_id))


@web.post("/admin/experts/<int:expert_id>/conflicts/<int:conflict_id>/delete")
@page_roles("admin")
def remove_conflict(expert_id, conflict_id):
    return run_action(lambda: pool.remove_conflict(page_user(), expert_id, conflict_id),
                      _("Conflict of interest removed."), url_for("scoring.expert", expert_id=expert_id))


@web.route("/admin/experts/import", methods=["GET", "POST"])
@page_roles("admin")
def import_pool():
    return upload_page("scoring/pool/import.html", lambda name, content: import_experts(page_user(), name, content),
                       MAX_BYTES)
