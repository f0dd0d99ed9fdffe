"""JSON API of questions and answers (答疑)."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import load_json
from trading.questions import operations as questions
from trading.questions.schemas import QuestionCreatedOut, QuestionIn, QuestionListOut, QuestionOut
from trading.tender import operations as ops

api = Blueprint("questions_api", __name__, url_prefix="/api/v1")


@api.post("/projects/<int:project_id>/questions")
@api_roles("bidder")
@doc("Ask a question before the bid deadline (the asker stays sealed)", QuestionIn, QuestionCreatedOut, status=201)
def ask_question(project_id):
    question = questions.ask_question(api_user(), project_id, load_json(QuestionIn())["text"])
    return {"id": question.id}, 201


@api.get("/projects/<int:project_id>/questions")
@doc("Answered questions, never the asker; the purchasing unit and the center also see unanswered ones",
     response=QuestionListOut, optional_auth=True)
def list_questions(project_id):
    user = api_user()
    project = ops.get_project(project_id, user)
    return {"items": QuestionOut(many=True).dump(questions.visible_questions(project, user))}


@api.post("/projects/<int:project_id>/questions/<int:question_id>/answer")
@api_roles("purchaser", "admin")
@doc("Answer a question (the purchasing unit or the center)", QuestionIn, QuestionOut)
def answer_question(project_id, question_id):
    return QuestionOut().dump(questions.answer_question(api_user(), project_id, question_id,
                                                        load_json(QuestionIn())["text"]))
