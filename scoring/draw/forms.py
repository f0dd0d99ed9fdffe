"""The center's draw form on the evaluation page; payload() gives the API's input (scoring.draw.schemas)."""
from flask import current_app
from flask_babel import lazy_gettext as _
from wtforms import DateTimeLocalField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.timeutil import local_zone, to_local
from core.web import PageForm
from scoring.draw.operations import last_draw
from trading.tender.forms import DATETIME_LOCAL


class DrawForm(PageForm):
    evaluation_at = DateTimeLocalField(_("Evaluation time"), format=DATETIME_LOCAL, tz=local_zone, validators=[
        InputRequired(message=_("State when the evaluation takes place."))])
    evaluation_place = StringField(_("Evaluation place"), validators=[
        DataRequired(message=_("State where the evaluation takes place.")), Length(max=200)])
    seed = StringField(_("Seed (optional)"), validators=[Optional()])

    def payload(self):
        data = self.values("seed", "evaluation_place")
        data["evaluation_at"] = self.evaluation_at.data.isoformat() if self.evaluation_at.data else None
        return data


def initial_draw_form(project):
    """The draw form as the page first shows it: the last round's time and place (a top-up draw keeps them),
    else the center's usual place (EVALUATION_PLACE)."""
    previous = last_draw(project)
    if previous is None:
        return DrawForm(formdata=None, evaluation_place=current_app.config["EVALUATION_PLACE"] or None)
    return DrawForm(formdata=None, evaluation_at=previous.evaluation_at and to_local(previous.evaluation_at),
                    evaluation_place=previous.evaluation_place)
