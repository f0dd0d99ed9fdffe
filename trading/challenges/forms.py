"""Forms of the challenge pages; payload() gives the API's input (trading.challenges.schemas)."""
from flask_babel import lazy_gettext as _
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from core.web import PageForm, file_payload

SUBJECT_CHOICES = [SelectChoice("documents", _("The tender documents")),
                   SelectChoice("process", _("The procurement process")), SelectChoice("result", _("The result"))]
DECISION_CHOICES = [SelectChoice("dismissed", _("Dismissed")), SelectChoice("upheld", _("Upheld"))]
CONSEQUENCE_CHOICES = [SelectChoice("", _("None (dismissed)")),
                       SelectChoice("re_evaluate", _("Evaluate the same bids again")),
                       SelectChoice("re_tender", _("Terminate and procure again")),
                       SelectChoice("award_annulled", _("Annul the award"))]


def _files(field):
    storage = field.data
    return [file_payload(storage)] if storage and getattr(storage, "filename", "") else []


class ChallengeForm(PageForm):
    subject = SelectField(_("What is challenged"), choices=SUBJECT_CHOICES)
    text = TextAreaField(_("The challenge and its reasons"), validators=[DataRequired()])
    document = FileField(_("Evidence (PDF, optional)"))

    def payload(self):
        return {**self.values("subject", "text"), "documents": _files(self.document)}


class ReplyForm(PageForm):
    text = TextAreaField(_("Written reply"), validators=[DataRequired()])
    document = FileField(_("Reply document (PDF, optional)"))

    def payload(self):
        return {**self.values("text"), "documents": _files(self.document)}


class ComplaintForm(PageForm):
    text = TextAreaField(_("The complaint and its reasons"), validators=[DataRequired()])
    document = FileField(_("Evidence (PDF, optional)"))

    def payload(self):
        return {**self.values("text"), "documents": _files(self.document)}


class SuspendForm(PageForm):
    days = IntegerField(_("Days (1 to 30)"), validators=[InputRequired(), NumberRange(min=1, max=30)])
    reason = TextAreaField(_("Reason"), validators=[DataRequired()])

    def payload(self):
        return {"days": self.days.data, "reason": self.reason.data}


class DecideForm(PageForm):
    decision = SelectField(_("Decision"), choices=DECISION_CHOICES)
    consequence = SelectField(_("Consequence"), choices=CONSEQUENCE_CHOICES, default="")
    text = TextAreaField(_("Reasons of the decision"), validators=[DataRequired()])

    def payload(self):
        return {**self.values("decision", "text"), "consequence": self.consequence.data or None}
