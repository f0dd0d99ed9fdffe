"""Forms of the expert pool pages; payload() gives the API's input (scoring.schemas)."""
from flask_babel import lazy_gettext as _
from flask_wtf.file import FileField
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


class ImportForm(PageForm):
    file = FileField(_("CSV or Excel (.xlsx) file"))
