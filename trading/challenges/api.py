"""JSON API of challenges (质疑) and complaints (投诉)."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.pdf import download_response
from core.schemas import load_args, load_json, paginate
from trading.challenges import operations as challenges
from trading.challenges.operations import complaints
from trading.challenges.schemas import (
    ChallengeCreatedOut,
    ChallengeIn,
    ChallengeOut,
    ChallengeQuery,
    ComplaintCreatedOut,
    ComplaintIn,
    ComplaintOut,
    ComplaintQuery,
    DecideIn,
    ReplyIn,
    SuspendIn,
)

api = Blueprint("challenges_api", __name__, url_prefix="/api/v1")
READERS = ("admin", "purchaser", "bidder", "supervisor")


def challenge_out(challenge, user):
    """The challenge as `user` may read it: the challenger only where it is not sealed from them."""
    return ChallengeOut().dump(challenge) | {"challenger": challenges.challenger_name(challenge, user)}


@api.get("/challenges")
@api_roles(*READERS)
@doc("The challenges the caller may read: a supplier its own, a purchasing unit those on its projects, the center "
     "and the supervisor all; ?status=&subject=", response=ChallengeOut, query=ChallengeQuery, paginated=True)
def list_challenges():
    user, args = api_user(), load_args(ChallengeQuery())
    return paginate(challenges.search_challenges(user, args["status"], args["subject"]), args,
                    lambda challenge: challenge_out(challenge, user))


@api.get("/challenges/<int:challenge_id>")
@api_roles(*READERS)
@doc("One challenge with its reply, files and complaint (the challenger, the purchasing unit, the center and the "
     "supervisor; a challenge on the documents names nobody before the opening)", response=ChallengeOut)
def get_challenge(challenge_id):
    user = api_user()
    return challenge_out(challenges.get_challenge(user, challenge_id), user)


@api.get("/challenges/<int:challenge_id>/files/<int:file_id>")
@api_roles(*READERS)
@doc("A file of a challenge, its reply or its complaint; its SHA-256 is the ETag", file="application/pdf")
def challenge_file(challenge_id, file_id):
    row = challenges.challenge_file(api_user(), challenge_id, file_id)
    return download_response(row.content, row.name, "application/pdf", etag=row.sha256)


@api.post("/projects/<int:project_id>/challenges")
@api_roles("bidder")
@doc("Challenge (质疑) the documents (until the bid deadline), the process (within 7 working days after the "
     "opening) or the result (within 7 working days after the candidates or result notice): a supplier that signed "
     "up; outside its window 409 challenge_window_closed. The reply is due within 7 working days",
     ChallengeIn, ChallengeCreatedOut, status=201, errors=(404, 409, 422))
def file_challenge(project_id):
    challenge = challenges.file_challenge(api_user(), project_id, load_json(ChallengeIn()))
    return ChallengeCreatedOut().dump(challenge), 201


@api.post("/challenges/<int:challenge_id>/reply")
@api_roles("purchaser", "admin")
@doc("Reply in writing (the purchasing unit or the center): the challenger is told, and the other suppliers "
     "without its name", ReplyIn, ChallengeOut, errors=(404, 409, 422))
def reply_challenge(challenge_id):
    user = api_user()
    return challenge_out(challenges.reply_challenge(user, challenge_id, load_json(ReplyIn())), user)


@api.get("/complaints")
@api_roles(*READERS)
@doc("The complaints the caller may read, the oldest decision deadline first; ?status=", response=ComplaintOut,
     query=ComplaintQuery, paginated=True)
def list_complaints():
    args = load_args(ComplaintQuery())
    return paginate(complaints.search_complaints(api_user(), args["status"]), args, ComplaintOut().dump)


@api.post("/challenges/<int:challenge_id>/complaints")
@api_roles("bidder")
@doc("Complain (投诉) to the supervisor: the challenger, after the reply or its deadline and within 15 working "
     "days after the reply deadline; decided within 30 working days", ComplaintIn, ComplaintCreatedOut, status=201,
     errors=(404, 409, 422))
def file_complaint(challenge_id):
    complaint = complaints.file_complaint(api_user(), challenge_id, load_json(ComplaintIn()))
    return ComplaintCreatedOut().dump(complaint), 201


@api.post("/complaints/<int:complaint_id>/suspend")
@api_roles("supervisor")
@doc("Suspend the procurement (暂停采购活动) for 1 to 30 days: opening, expert draw, score sheets, evaluation, "
     "award and contract recording answer 409 procurement_suspended until then", SuspendIn, ComplaintOut,
     errors=(404, 409, 422))
def suspend(complaint_id):
    data = load_json(SuspendIn())
    return ComplaintOut().dump(complaints.suspend_procurement(api_user(), complaint_id, data["days"], data["reason"]))


@api.post("/complaints/<int:complaint_id>/decide")
@api_roles("supervisor")
@doc("Decide a complaint: dismissed, or upheld with its consequence (re_evaluate, re_tender, award_annulled) carried "
     "out at once; publishes the complaint_decision notice and ends any suspension", DecideIn, ComplaintOut,
     errors=(404, 409, 422))
def decide(complaint_id):
    return ComplaintOut().dump(complaints.decide_complaint(api_user(), complaint_id, load_json(DecideIn())))
