"""Pages of questions and answers: asking and answering, shown on the project page."""
from flask import Blueprint, request
from flask_babel import gettext as _

from core.auth import page_roles, page_user
from core.web import run_action
from trading.questions import operations as questions
from trading.tender.views import project_url

web = Blueprint("questions", __name__)


@web.post("/projects/<int:project_id>/questions")
@page_roles("bidder")
def ask_question(project_id):
    return run_action(lambda: questions.ask_question(page_user(), project_id, request.form.get("text", "")),
                      _("Your question was sent. Only you can see that you asked it."),
                      project_url(project_id, "questions"))


@web.post("/projects/<int:project_id>/questions/<int:question_id>/answer")
@page_roles("purchaser", "admin")
def answer_question(project_id, question_id):
    return run_action(lambda: questions.answer_question(page_user(), project_id, question_id,
                                                        request.form.get("text", "")),
                      _("Answer published."), project_url(project_id, "questions"))
