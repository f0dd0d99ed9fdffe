"""Forms of the expert pool pages; payload() gives the API's input (scoring.pool.schemas); the expert profile
fields of the center's new-account form."""
import re

from flask_babel import lazy_gettext as _
from wtforms import StringField
from wtforms.validators import DataRequired, Optional

from core.web import PageForm
from scoring.pool.operations import SEPARATORS


class ExpertForm(PageForm):
    name = StringField(_("Name"), validators=[DataRequired()])
    specialties = StringField(_("Specialty codes (separated by spaces or commas)"), validators=[DataRequired()])
    employer_uscc = StringField(_("Employer's USCC"), validators=[Optional()])
    employer_name = StringField(_("Employer"), validators=[Optional()])

    def payload(self):
        data = self.values("name", "employer_uscc", "employer_name")
        data["specialties"] = [c for c in SEPARATORS.split(self.specialties.data or "") if c]
        if data["employer_uscc"]:
            data["employer_uscc"] = data["employer_uscc"].upper()
        return data


class ConflictForm(PageForm):
    uscc = StringField(_("Organisation's USCC"), validators=[DataRequired()])
    note = StringField(_("Note"), validators=[Optional()])

    def payload(self):
        data = self.values("uscc", "note")
        data["uscc"] = data["uscc"].upper()
        return data


# The expert's profile on the center's new-account form (core.forms.user_form).
PROFILE_FIELDS = {
    "expert_name": StringField(_("Expert's name"), validators=[Optional()]),
    "expert_specialties": StringField(_("Specialty codes, comma-separated"), validators=[Optional()]),
    "expert_employer_uscc": StringField(_("Employer's USCC"), validators=[Optional()]),
}


def profile_payload(form):
    """The API's `expert` of a new expert account (core.schemas.UserIn) from the profile fields."""
    return {
        "name": form.expert_name.data,
        "specialties": [s for s in re.split(r"[,，\s]+", form.expert_specialties.data or "") if s],
        "employer_uscc": (form.expert_employer_uscc.data or "").upper() or None,
    }
