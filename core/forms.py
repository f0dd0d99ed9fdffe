"""Forms of the account and organisation pages; payload() gives the API's input (core.schemas)."""

from flask_babel import lazy_gettext as _
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, DecimalField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Optional

from core.models import GRADE_SCORES, ORG_KINDS, ROLES
from core.web import PageForm, label


def code_choices(codes, blank=None):
    """Select options for codes, labelled in the current language (evaluated per form)."""
    return lambda: ([("", blank)] if blank is not None else []) + [(code, label(code)) for code in codes]


class LoginForm(PageForm):
    username = StringField(_("Username"), validators=[DataRequired()])
    password = PasswordField(_("Password"), validators=[DataRequired()])


class RegisterForm(PageForm):
    username = StringField(_("Username"), validators=[DataRequired()])
    password = PasswordField(_("Password"), validators=[DataRequired()])
    organization_name = StringField(_("Organisation name"), validators=[DataRequired()])
    organization_uscc = StringField(_("Unified social credit code (USCC)"), validators=[DataRequired()])
    organization_contact_name = StringField(_("Contact person"), validators=[DataRequired()])
    organization_contact_phone = StringField(_("Contact phone"), validators=[DataRequired()])

    def payload(self):
        return {
            "username": self.username.data,
            "password": self.password.data,
            "organization": {
                "name": self.organization_name.data,
                "uscc": self.organization_uscc.data.upper(),
                "contact_name": self.organization_contact_name.data,
                "contact_phone": self.organization_contact_phone.data,
            },
        }


class OrganizationForm(PageForm):
    name = StringField(_("Name"), validators=[DataRequired()])
    uscc = StringField(_("Unified social credit code (USCC)"), validators=[DataRequired()])
    kind = SelectField(_("Kind"), choices=code_choices(ORG_KINDS))
    contact_name = StringField(_("Contact person"), validators=[Optional()])
    contact_phone = StringField(_("Contact phone"), validators=[Optional()])

    def payload(self):
        data = self.values("name", "uscc", "kind", "contact_name", "contact_phone")
        data["uscc"] = data["uscc"].upper()
        return data


class CreditForm(PageForm):
    score = IntegerField(_("Credit score (0-100)"), validators=[Optional()])
    grade = SelectField(_("or credit grade"), choices=code_choices(GRADE_SCORES, blank="—"))
    blacklisted_until = DateField(_("Blacklisted until"), validators=[Optional()])
    lift_blacklist = BooleanField(_("Lift the blacklisting"))
    note = StringField(_("Note (reason, source document)"), validators=[DataRequired()])

    def payload(self):
        data = self.values("score", "grade", "note")
        if self.lift_blacklist.data:
            data["blacklisted_until"] = None
        elif self.blacklisted_until.data:
            data["blacklisted_until"] = self.blacklisted_until.data
        return data


class CreditRecordForm(PageForm):
    deduction = DecimalField(_("Deduction (points)"), places=None, validators=[InputRequired()])
    reason = StringField(_("Reason"), validators=[DataRequired()])
    expires_on = DateField(_("Expires on"), validators=[InputRequired()])

    def payload(self):
        return self.values("deduction", "reason", "expires_on")


class UserForm(PageForm):
    """A new account; `user_form(profiles)` adds the fields of the roles' profiles (the expert's)."""

    profiles = {}
    username = StringField(_("Username"), validators=[DataRequired()])
    password = PasswordField(_("Initial password"), validators=[DataRequired()])
    role = SelectField(_("Role"), choices=code_choices(ROLES))
    display_name = StringField(_("Display name"), validators=[Optional()])
    organization_id = SelectField(_("Organisation"), choices=[])

    def payload(self):
        data = self.values("username", "password", "role", "display_name")
        data["organization_id"] = int(self.organization_id.data) if self.organization_id.data else None
        profile = self.profiles.get(self.role.data)
        if profile is not None and profile.payload is not None:
            data[self.role.data] = profile.payload(self)
        return data


def user_form(profiles):
    """The account form class with the fields of the registered profiles (core.plugins.UserProfile)."""
    fields = {name: field for profile in profiles.values() for name, field in profile.fields.items()}
    return type("UserForm", (UserForm,), {"profiles": profiles, **fields})


class ApplicationForm(PageForm):
    """A rejected applicant corrects its registration."""

    name = StringField(_("Organisation name"), validators=[DataRequired()])
    uscc = StringField(_("Unified social credit code (USCC)"), validators=[DataRequired()])
    contact_name = StringField(_("Contact person"), validators=[DataRequired()])
    contact_phone = StringField(_("Contact phone"), validators=[DataRequired()])

    def payload(self):
        data = self.values("name", "uscc", "contact_name", "contact_phone")
        data["uscc"] = data["uscc"].upper()
        return data


class PasswordForm(PageForm):
    current_password = PasswordField(_("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_("New password"), validators=[DataRequired()])
    new_password_again = PasswordField(_("New password again"), validators=[
        DataRequired(), EqualTo("new_password", message=_("The two new passwords differ."))])

    def payload(self):
        return self.values("current_password", "new_password")


class ImportForm(PageForm):
    """The upload of a row-by-row import (experts, products)."""

    file = FileField(_("CSV or Excel (.xlsx) file"))
