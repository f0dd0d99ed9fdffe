"""Pages of tender documents, questions and answers, amendments and bid documents."""
import base64

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import DateTimeLocalField, TextAreaField
from wtforms.validators import DataRequired, Optional

from core import clock
from core.auth import page_roles, page_user, require
from core.errors import ValidationFailed
from core.pdf import download_response
from core.schemas import load_filters
from core.timeutil import local_zone, to_local
from core.web import PageForm, handle_form, render_form, run_action
from trading import amendments, documents, questions
from trading import operations as ops
from trading.documents_api import AmendmentIn, BidDocumentQuery
from trading.forms import DATETIME_LOCAL

web = Blueprint("tender_docs", __name__)


def _project_url(project_id, anchor=None):
    return url_for("trading.project", project_id=project_id, _anchor=anchor)


def _file_payload(storage):
    return {"name": storage.filename, "content_base64": base64.b64encode(storage.read()).decode("ascii")}


class AmendmentForm(PageForm):
    summary = TextAreaField(_l("What changes (published in the change notice)"), validators=[DataRequired()])
    bid_deadline = DateTimeLocalField(_l("New bid deadline (optional)"), format=DATETIME_LOCAL, tz=local_zone,
                                      validators=[Optional()])
    signup_deadline = DateTimeLocalField(_l("New sign-up deadline (optional)"), format=DATETIME_LOCAL, tz=local_zone,
                                         validators=[Optional()])
    documents = MultipleFileField(_l("New tender documents (optional)"))

    def payload(self):
        return {
            "summary": self.summary.data,
            "bid_deadline": self.bid_deadline.data.isoformat() if self.bid_deadline.data else None,
            "signup_deadline": self.signup_deadline.data.isoformat() if self.signup_deadline.data else None,
            "documents": [_file_payload(f) for f in self.documents.data or () if f and f.filename],
        }


# -- Tender documents -------------------------------------------------------------------------


@web.post("/projects/<int:project_id>/documents")
@page_roles("purchaser")
def add_document(project_id):
    upload = request.files.get("document")

    def attach():
        if upload is None or not upload.filename:
            raise ValidationFailed({"document": ["choose a file"]})
        return documents.add_document(page_user(), project_id, upload.filename, upload.read())

    return run_action(attach, lambda d: _("Document %(name)s attached.", name=d.name),
                      _project_url(project_id, "documents"))


@web.get("/projects/<int:project_id>/documents/<int:document_id>")
@page_roles("admin", "purchaser", "bidder", "supervisor", "expert")
def document_content(project_id, document_id):
    document = documents.download_document(page_user(), project_id, document_id)
    response = download_response(document.content, document.name, document.mimetype)
    response.set_etag(document.sha256)
    return response


@web.get("/projects/<int:project_id>/bids/<int:bid_id>/document")
@page_roles("admin", "purchaser", "supervisor")
def bid_document(project_id, bid_id):
    index = load_filters(BidDocumentQuery())["index"]
    name, content = documents.bid_document(page_user(), project_id, bid_id, index)
    return download_response(content, name, documents.mimetype_of(name))


# -- Questions --------------------------------------------------------------------------------


@web.post("/projects/<int:project_id>/questions")
@page_roles("bidder")
def ask_question(project_id):
    return run_action(lambda: questions.ask_question(page_user(), project_id, request.form.get("text", "")),
                      _("Your question was sent. Only you can see that you asked it."),
                      _project_url(project_id, "questions"))


@web.post("/projects/<int:project_id>/questions/<int:question_id>/answer")
@page_roles("purchaser", "admin")
def answer_question(project_id, question_id):
    return run_action(lambda: questions.answer_question(page_user(), project_id, question_id,
                                                        request.form.get("text", "")),
                      _("Answer published."), _project_url(project_id, "questions"))


# -- Amendments -------------------------------------------------------------------------------


@web.route("/projects/<int:project_id>/amend", methods=["GET", "POST"])
@page_roles("purchaser", "admin")
def amend(project_id):
    user = page_user()
    project = ops.get_project(project_id, user)
    require(amendments.may_amend(project, user), "not_owner",
            "Only the purchasing unit or the center may amend this project.")
    form = AmendmentForm()
    amendment = handle_form(form, AmendmentIn(), lambda d: amendments.publish_amendment(
        user, project_id, d["summary"], d["bid_deadline"], d["signup_deadline"], d["documents"]))
    if amendment is not None:
        if amendment.postponed:
            flash(_("Amendment published. The bid deadline was postponed to %(time)s to leave the minimum "
                    "clarification period.", time=to_local(amendment.bid_deadline_after).strftime("%Y-%m-%d %H:%M")),
                  "warning")
        else:
            flash(_("Amendment published with its change notice."), "success")
        return redirect(_project_url(project_id))
    return render_form("trading/amend.html", form, project=project,
                       minimum=amendments.minimum_deadline(project.method, clock.now()))


@web.post("/projects/<int:project_id>/bid/confirm")
@page_roles("bidder")
def confirm_bid(project_id):
    return run_action(lambda: amendments.confirm_bid(page_user(), project_id),
                      _("You confirmed that your bid stands after the amendments."),
                      url_for("trading.bid_form", project_id=project_id))


def setup(app, registry):
    """Blueprints (pages and API) and what the project and bid pages ask."""
    from core import register_blueprints
    from trading import demo_documents, documents_api

    register_blueprints(app, web=[web], api=[documents_api.api])
    registry.add_seed_step(demo_documents.seed_documents, order=62)
    app.add_template_global(documents.project_documents)
    app.add_template_global(documents.can_download, "can_download_documents")
    app.add_template_global(documents.bid_document_readers)
    app.add_template_global(documents.downloads_after_opening)
    app.add_template_global(documents.bid_document_list)
    app.add_template_global(questions.visible_questions)
    app.add_template_global(questions.may_answer)
    app.add_template_global(amendments.project_amendments)
    app.add_template_global(amendments.amendments_to_confirm)
    app.add_template_global(amendments.may_amend)
