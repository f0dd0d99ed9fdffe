"""HTML pages for accounts, organisations, the center dashboard and the trail check."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import login_user, logout_user
from sqlalchemy import select

from core import accounts, passwords, sessions, throttle, trail
from core.auth import page_roles, page_user, registration_rate_limit
from core.errors import DomainError
from core.extensions import db, limiter
from core.forms import (
    ApplicationForm, CreditForm, CreditRecordForm, LoginForm, OrganizationForm, PasswordForm, RegisterForm, user_form,
)
from core.models import ORG_KINDS, ROLES, Organization, User
from core.plugins import registry_of
from core.schemas import (
    ApplicationIn, CreditIn, CreditRecordIn, OrganizationIn, OrganizationQuery, PasswordChangeIn, RegisterIn, UserIn,
    load_filters,
)
from core.web import apply_domain_error, handle_form, paginate, render_form, run_action, safe_next

web = Blueprint("core", __name__)

ORG_STATUSES = OrganizationQuery.STATUSES


def _panels(panels, user):
    """(template, context) for each module panel, in order."""
    return [(panel.template, panel.context(user)) for panel in sorted(panels, key=lambda p: p.order)]


@web.get("/")
def home():
    return render_template("core/home.html", panels=_panels(registry_of(current_app).home_panels, page_user()))


@web.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = throttle.attempt_login(form.username.data, form.password.data, get_remote_address())
        except DomainError as err:  # too many failed logins
            apply_domain_error(form, err)
            return render_template("core/login.html", form=form), err.status
        if user is not None:
            sessions.start_session(user)
            login_user(user)
            # A rejected applicant can only correct its application, on its account page.
            start = ("core.account" if user.application_rejected
                     else registry_of(current_app).start_page(user))
            return redirect(safe_next(request.args.get("next")) or url_for(start))
        form.form_errors.append(_("Wrong username or password."))
    return render_form("core/login.html", form)


@web.post("/logout")
def logout():
    user = page_user()
    if user is not None:
        sessions.end_session(user.login_session_token)
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("core.home"))


@web.route("/register", methods=["GET", "POST"])
@limiter.limit(registration_rate_limit, methods=["POST"])
def register():
    form = RegisterForm()
    registered = handle_form(form, RegisterIn(), lambda d: accounts.register_bidder(
        d["username"], d["password"], **d["organization"]))
    if registered:
        flash(_("Registration received. Your organisation is pending approval by the trading center: "
                "you can log in now, and sign up for projects once it is approved."), "success")
        return redirect(url_for("core.login"))
    return render_form("core/register.html", form)


def _account_page(form):
    return render_form("core/account.html", form, org=page_user().organization)


@web.get("/account")
@page_roles("bidder", "purchaser")
def account():
    return _account_page(ApplicationForm(formdata=None, obj=page_user().organization))


@web.post("/account/application")
@page_roles("bidder", "purchaser")
def resubmit_application():
    form = ApplicationForm()
    if handle_form(form, ApplicationIn(), lambda d: accounts.resubmit_application(page_user(), **d)) is None:
        return _account_page(form)
    flash(_("Your corrected registration was sent to the trading center for approval."), "success")
    return redirect(url_for("core.account"))


@web.route("/account/password", methods=["GET", "POST"])
@page_roles(*ROLES)
def change_password():
    form = PasswordForm()
    changed = handle_form(form, PasswordChangeIn(), lambda d: passwords.change_password(
        page_user(), d["current_password"], d["new_password"]))
    if changed is None:
        return render_form("core/password.html", form)
    logout_user()  # its login session has ended with all the others
    flash(_("Your password has been changed and every session of your account has ended: "
            "log in with the new password."), "success")
    return redirect(url_for("core.login"))


# -- Public credit ---------------------------------------------------------------------------


@web.get("/organizations/<int:org_id>/credit")
def public_credit(org_id):
    """An approved bidder's credit page, open to everyone (信用信息公示)."""
    return render_template("core/credit.html", credit=accounts.public_credit(org_id))


# -- Trading center ---------------------------------------------------------------------------


@web.get("/admin")
@page_roles("admin")
def admin_dashboard():
    pending = accounts.search_organizations(status="pending")
    return render_template("core/admin.html", pending=db.session.scalars(pending).all(),
                           panels=_panels(registry_of(current_app).panels_for("admin"), page_user()))


def _organizations_page(form):
    filters = load_filters(OrganizationQuery())
    stmt = accounts.search_organizations(filters["status"], filters["kind"], newest_first=True)
    return render_form("core/organizations.html", form, page=paginate(stmt), statuses=ORG_STATUSES, kinds=ORG_KINDS)


@web.get("/admin/organizations")
@page_roles("admin", "supervisor")
def organizations():
    return _organizations_page(OrganizationForm())


@web.post("/admin/organizations")
@page_roles("admin")
def create_organization():
    form = OrganizationForm()
    org = handle_form(form, OrganizationIn(), lambda d: accounts.create_organization(page_user(), **d))
    if org is None:
        return _organizations_page(form)
    flash(_("Organisation %(name)s created and approved.", name=org.name), "success")
    return redirect(url_for("core.organization", org_id=org.id))


def _organization_page(org_id, credit_form=None, record_form=None):
    """The organisation with its credit; a posted form that failed comes back with its problems."""
    org = accounts.get_organization(org_id)
    credit_form = credit_form or CreditForm(formdata=None)
    record_form = record_form or CreditRecordForm(formdata=None)
    posted = credit_form if credit_form.has_problems else record_form
    return render_form("core/organization.html", posted, org=org, credit_form=credit_form, record_form=record_form,
                       users=db.session.scalars(select(User).where(User.organization_id == org.id)).all())


@web.get("/admin/organizations/<int:org_id>")
@page_roles("admin", "supervisor")
def organization(org_id):
    return _organization_page(org_id)


@web.post("/admin/organizations/<int:org_id>/approve")
@page_roles("admin")
def approve_organization(org_id):
    return run_action(lambda: accounts.approve_organization(page_user(), org_id), _("Organisation approved."),
                      url_for("core.organization", org_id=org_id))


@web.post("/admin/organizations/<int:org_id>/reject")
@page_roles("admin")
def reject_organization(org_id):
    return run_action(lambda: accounts.reject_organization(page_user(), org_id, request.form.get("reason", "")),
                      _("Organisation rejected."), url_for("core.organization", org_id=org_id))


def _set_credit(org_id, data):
    changes = {"blacklisted_until": data["blacklisted_until"]} if "blacklisted_until" in data else {}
    return accounts.set_credit(page_user(), org_id, data["note"], data.get("score"), data.get("grade"), **changes)


@web.post("/admin/organizations/<int:org_id>/credit")
@page_roles("admin")
def set_credit(org_id):
    form = CreditForm()
    if handle_form(form, CreditIn(), lambda d: _set_credit(org_id, d)) is None:
        return _organization_page(org_id, credit_form=form)
    flash(_("Credit updated."), "success")
    return redirect(url_for("core.organization", org_id=org_id))


@web.post("/admin/organizations/<int:org_id>/credit/records")
@page_roles("admin")
def add_credit_record(org_id):
    form = CreditRecordForm()
    record = handle_form(form, CreditRecordIn(), lambda d: accounts.add_credit_record(page_user(), org_id, **d))
    if record is None:
        return _organization_page(org_id, record_form=form)
    flash(_("Bad-conduct record added."), "success")
    return redirect(url_for("core.organization", org_id=org_id))


def _organization_choices():
    orgs = db.session.scalars(
        select(Organization).where(Organization.status == "approved").order_by(Organization.kind, Organization.name)
    )
    return [("", "—")] + [(str(o.id), f"{o.name} ({o.uscc})") for o in orgs]


@web.route("/admin/users", methods=["GET", "POST"])
@page_roles("admin")
def users():
    profiles = registry_of(current_app).user_profiles
    form = user_form(profiles)()
    form.organization_id.choices = _organization_choices()
    user = handle_form(form, UserIn(), lambda d: accounts.create_user(
        page_user(), d["username"], d["password"], d["role"], d.get("organization_id"),
        profile=d.get(d["role"]), display_name=d.get("display_name")))
    if user is not None:
        flash(_("User %(username)s created.", username=user.username), "success")
        return redirect(url_for("core.users"))
    return render_form("core/users.html", form, page=paginate(select(User).order_by(User.id.desc())),
                       profile_templates=[p.template for p in profiles.values() if p.template])


# -- Audit ------------------------------------------------------------------------------------


@web.get("/audit/trail")
@page_roles("admin", "supervisor")
def audit_trail():
    """The trail browser; the whole trail is verified when asked (?verify=1): it reads every event, some
    15,000 a second, so a large trail would hold every visit for minutes."""
    from core.trail_browser import browser_context

    result = trail.verify_trail() if request.args.get("verify") == "1" else None
    return render_template("core/trail.html", result=result, **browser_context())


@web.post("/audit/trail/anchor")
@page_roles("admin")
def anchor_trail():
    # The number of chains is not shown: it would count sealed sign-ups and bids.
    return run_action(trail.create_anchor, lambda anchor: _("Anchor %(id)s created.", id=anchor.id),
                      url_for("core.audit_trail"))
