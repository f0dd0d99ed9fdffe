"""Challenges and complaints (质疑与投诉, GPL §52–§58, MOF Order 94): a signed-up supplier challenges the documents,
the process or the result within its window; the purchasing unit or the center replies within 7 working days; the
challenger may complain to the supervisor, who may suspend the procurement and decides, its consequence carried out
by the platform's own operations and its decision published as a notice."""
from flask_babel import lazy_gettext as _

LABELS = {
    "challenge": _("challenge"), "complaint": _("complaint"), "awaiting_reply": _("Awaiting reply"),
    "answered": _("Answered"),
    "awaiting_decision": _("Awaiting decision"),
    "decided": _("Decided"), "annulled": _("Annulled"),
    "subject.documents": _("tender documents"), "subject.process": _("procurement process"),
    "subject.result": _("result"), "subject": _("Subject"),
    "decision.dismissed": _("Dismissed"), "decision.upheld": _("Upheld"), "decision": _("Decision"),
    "consequence.re_evaluate": _("A new evaluation of the same bids"),
    "consequence.re_tender": _("Terminated, to be procured again"),
    "consequence.award_annulled": _("The award annulled"), "consequence": _("Consequence"),
    "complaint_upheld": _("A complaint was upheld"), "notice_complaint_decision": _("Complaint decision notice"),
    "challenge.filed": _("Challenge made"), "challenge.replied": _("Challenge answered"),
    "complaint.filed": _("Complaint made"), "complaint.suspended": _("Procurement suspended"),
    "complaint.decided": _("Complaint decided"), "project.suspended": _("Procurement suspended"),
    "project.suspension_ended": _("Suspension ended"), "project.reopened": _("Evaluated again"),
    "project.award_annulled": _("Award annulled"), "project.redrafted": _("Drafted again after a complaint"),
    "evaluation.reopened": _("New evaluation round"), "evaluation.award_annulled": _("Award annulled"),
    "contract.annulled": _("Contract annulled"),
    "reply": _("Reply"), "reply_due_on": _("Reply by"), "replied_late": _("Replied late"),
    "decision_due_on": _("Decide by"), "decided_late": _("Decided late"), "suspended_until": _("Suspended until"),
    "challenge_id": _("Challenge"), "complaint_id": _("Complaint"), "redraft_project_id": _("New draft"),
    "from_project_id": _("Drafted from"), "days": _("Days"),
    "trading.challenge_reminders": _("Reminding the challenge and complaint deadlines"),
}


def register(app, registry):
    from core import register_blueprints
    from trading.challenges import api, views
    from trading.challenges import operations as challenges
    from trading.challenges.models import Challenge, Complaint
    from trading.challenges.operations import complaints
    from trading.challenges.seed import seed_challenges
    from trading.challenges.tasks import send_challenge_reminders

    registry.add_unique_constraint("uq_complaint_challenge_id", "already_complained",
                                   "A complaint about this challenge was already made.")
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_notification_kinds(challenges.NOTIFICATION_KINDS | complaints.NOTIFICATION_KINDS)
    registry.add_labels(LABELS)
    for model in (Challenge, Complaint):
        registry.watch(model, model.WATCHED_FIELDS)
    registry.add_schedule("remind the challenge and complaint deadlines", send_challenge_reminders, 3600)
    registry.add_trail_scope("challenge", _("Challenge id"))
    registry.add_object_page("challenge", "challenges.challenge", "challenge_id")
    registry.add_nav("challenges.challenge_list", _("Challenges"), roles=("admin", "purchaser", "bidder", "supervisor"),
                     order=28, group="trading")
    registry.add_nav("challenges.complaint_list", _("Complaints"), roles=("admin", "purchaser", "bidder", "supervisor"),
                     order=29, group="trading")
    registry.add_seed_step(seed_challenges, order=90)
    app.add_template_global(challenges.project_challenges)
    app.add_template_global(challenges.may_challenge)
    app.add_template_global(challenges.open_windows, "challenge_windows")
    app.add_template_global(challenges.challenger_name)
