"""Accounts, organisations and credit: the rules, without a request."""
import functools
import secrets
from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash

from core import clock, models
from core.auth import acts_as_center, require
from core.errors import N_, Code, Conflict, NotFound, ValidationFailed, message
from core.extensions import db
from core.lifecycle import Lifecycle
from core.models import GRADE_SCORES, ORG_KINDS, ROLES, ApiToken, CreditRecord, Organization, User
from core.notifications import notify, page_link
from core.passwords import check_password_rules
from core.plugins import registry_of
from core.sessions import token_digest
from core.trail import record_event
from core.uscc import require_valid_uscc

# The notifications of registrations: kind -> (title, body), English templates (core.notifications).
NOTIFICATION_KINDS = {
    "organization.approved": (N_("Registration approved"),
                              N_("The trading center approved the registration of %(organization)s.")),
    "organization.rejected": (N_("Registration rejected"),
                              N_("The trading center rejected the registration of %(organization)s: %(reason)s. "
                                 "Correct it and register again.")),
}


ORGANIZATION_LIFECYCLE = Lifecycle("organization", {
    "pending": ("approved", "rejected"),
    "rejected": ("pending",),  # the applicant corrects and resubmits
})


def _org_state(org):
    return {
        "status": org.status,
        "credit_score": org.credit_score,
        "credit_grade": org.credit_grade,
        "blacklisted_until": org.blacklisted_until,
    }


# Every organisation event records _org_state, so verification can compare it with the row.
ORGANIZATION_WATCHED = ("status", "credit_score", "credit_grade", "blacklisted_until")


def _check_uscc(uscc, field="uscc", applicant=None):
    """A valid USCC that no other organisation holds (a rejected application holds none)."""
    require_valid_uscc(uscc, field)
    held = select(Organization.id).where(Organization.uscc == uscc, Organization.status != "rejected")
    if applicant is not None:
        held = held.where(Organization.id != applicant.id)
    if db.session.scalar(held):
        raise Conflict("uscc_taken", "An organisation with this USCC is already registered.", {field: ["already registered"]})


def _check_username(username):
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise Conflict("username_taken", "This username is taken.", {"username": ["taken"]})


def register_bidder(username, password, name, uscc, contact_name, contact_phone):
    """Online registration: a bidder user and its organisation, pending approval."""
    _check_uscc(uscc, "organization.uscc")
    _check_username(username)
    check_password_rules(password, username, name)
    org = Organization(
        name=name, uscc=uscc, kind="bidder", status="pending",
        contact_name=contact_name, contact_phone=contact_phone, created_at=clock.now(),
    )
    db.session.add(org)
    user = User(username=username, role="bidder", organization=org, display_name=contact_name)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_event(org, "organization.registered", user, after=_org_state(org) | {"name": name, "uscc": uscc})
    record_event(user, "user.created", user, after={"username": username, "role": "bidder"})
    return user, org


def _require_center(actor):
    require(acts_as_center(actor), "not_center", "Only the trading center may do this.")


def create_organization(actor, name, uscc, kind, contact_name=None, contact_phone=None):
    """Organisations created by the center are approved at once."""
    _require_center(actor)
    if kind not in ORG_KINDS:
        raise ValidationFailed({"kind": [message("must be one of %(choices)s", choices=[Code(k) for k in ORG_KINDS])]})
    _check_uscc(uscc)
    now = clock.now()
    org = Organization(
        name=name, uscc=uscc, kind=kind, status="approved", contact_name=contact_name,
        contact_phone=contact_phone, created_at=now, approved_at=now,
    )
    db.session.add(org)
    db.session.flush()
    record_event(org, "organization.created", actor, after=_org_state(org) | {"name": name, "uscc": uscc, "kind": kind})
    return org


def search_organizations(status=None, kind=None, newest_first=False):
    """Select statement for the organisation lists of the API and the pages."""
    stmt = select(Organization).order_by(Organization.id.desc() if newest_first else Organization.id)
    if status:
        stmt = stmt.where(Organization.status == status)
    if kind:
        stmt = stmt.where(Organization.kind == kind)
    return stmt


def get_organization(org_id, lock=False):
    org = db.session.get(Organization, org_id, with_for_update=lock or None)
    if org is None:
        raise NotFound("not_found", "Organisation not found.")
    return org


def _pending_organization(actor, org_id):
    _require_center(actor)
    org = get_organization(org_id, lock=True)
    if org.status != "pending":
        raise Conflict("wrong_status", "The organisation is %(status)s, not pending.", status=Code(org.status))
    return org


def approve_organization(actor, org_id):
    org = _pending_organization(actor, org_id)
    ORGANIZATION_LIFECYCLE.change(org, "approved", actor, "organization.approved", {"approved_at": clock.now()})
    notify(org, "organization.approved", page_link("core.account"), organization=org.name)
    return org


def reject_organization(actor, org_id, reason):
    """Refuse a pending registration; the reason is kept in the trail."""
    org = _pending_organization(actor, org_id)
    if not reason or not reason.strip():
        raise ValidationFailed({"reason": ["a reason is required"]})
    ORGANIZATION_LIFECYCLE.change(org, "rejected", actor, "organization.rejected", {"rejection_reason": reason},
                                  {"reason": reason})
    notify(org, "organization.rejected", page_link("core.account"), organization=org.name, reason=reason)
    return org


def _application(org):
    return {"name": org.name, "uscc": org.uscc, "contact_name": org.contact_name,
            "contact_phone": org.contact_phone, "rejection_reason": org.rejection_reason}


def resubmit_application(actor, name, uscc, contact_name, contact_phone):
    """The rejected applicant corrects its registration and sends it back for approval (pending)."""
    org = get_organization(actor.organization_id, lock=True)
    if not org.is_rejected:
        raise Conflict("wrong_status", "Only a rejected application can be resubmitted; this one is %(status)s.",
                       status=Code(org.status))
    _check_uscc(uscc, applicant=org)
    before = _application(org) | {"rejection_reason": org.rejection_reason}
    org.name, org.uscc, org.contact_name, org.contact_phone = name, uscc, contact_name, contact_phone
    return ORGANIZATION_LIFECYCLE.change(org, "pending", actor, "organization.resubmitted",
                                         {"rejection_reason": None}, _application(org), before)


_UNSET = object()


def set_credit(actor, org_id, note, score=None, grade=None, blacklisted_until=_UNSET):
    """Set a credit score or grade (one of them), and/or the blacklist date."""
    _require_center(actor)
    if score is not None and grade is not None:
        raise ValidationFailed({"score": ["give a score or a grade, not both"]})
    if score is None and grade is None and blacklisted_until is _UNSET:
        raise ValidationFailed({"score": ["give a score, a grade or blacklisted_until"]})
    if score is not None and not 0 <= score <= 100:
        raise ValidationFailed({"score": ["must be between 0 and 100"]})
    if grade is not None and grade not in GRADE_SCORES:
        raise ValidationFailed({"grade": ["must be one of A, B, C, D"]})
    if not note or not note.strip():
        raise ValidationFailed({"note": ["a note is required"]})
    org = get_organization(org_id, lock=True)
    before = _org_state(org)
    if score is not None:
        org.credit_score, org.credit_grade = score, None
    if grade is not None:
        org.credit_score, org.credit_grade = None, grade
    if blacklisted_until is not _UNSET:
        org.blacklisted_until = blacklisted_until
        org.blacklist_reason = note if blacklisted_until else None
    org.credit_note = note
    record_event(org, "organization.credit_set", actor, before, _org_state(org) | {"note": note})
    return org


def add_credit_record(actor, org_id, deduction, reason, expires_on):
    """A bad-conduct record the center enters: lowers the score until expires_on."""
    _require_center(actor)
    fields = {}
    if not Decimal(0) < deduction <= Decimal(100):
        fields["deduction"] = ["must be greater than 0 and at most 100"]
    if not reason or not reason.strip():
        fields["reason"] = ["a reason is required"]
    if expires_on <= clock.today():
        fields["expires_on"] = ["must be in the future"]
    if fields:
        raise ValidationFailed(fields)
    return _add_credit_record(actor, get_organization(org_id, lock=True), "deduction", deduction, reason, expires_on)


def _add_credit_record(actor, org, kind, points, reason, expires_on, valid_from=None, source_kind=None,
                       source_ref=None, source_link=None):
    record = CreditRecord(
        organization=org, kind=kind, points=points, reason=reason, valid_from=valid_from, expires_on=expires_on,
        source_kind=source_kind, source_ref=source_ref, source_link=source_link,
        created_by_id=getattr(actor, "id", None), created_at=clock.now(),
    )
    db.session.add(record)
    db.session.flush()
    record_event(org, "organization.credit_record_added", actor, after={
        "record_id": record.id, "kind": kind, "points": points, "reason": reason, "valid_from": valid_from,
        "expires_on": expires_on, "source_kind": source_kind, "source_ref": source_ref,
    })
    return record


PERFORMANCE_RATINGS = ("excellent", "good", "fair", "poor")
# The record each rating adds: (kind, config of its points, config of its months); `good` and `fair` add none.
_PERFORMANCE_RECORDS = {
    "poor": ("deduction", "CREDIT_POOR_DEDUCTION", "CREDIT_POOR_MONTHS"),
    "excellent": ("bonus", "CREDIT_EXCELLENT_BONUS", "CREDIT_EXCELLENT_MONTHS"),
}


def record_performance(actor, org_id, rating, reason, on_date, source_kind, source_ref, source_link=None):
    """A performance rating (履约评价) of a supplier: `poor` adds a deduction record, `excellent` a bonus
    record (points and months from config, valid from on_date to on_date + months); `good` and `fair` add
    nothing. Returns the CreditRecord or None. The caller has checked who may rate."""
    fields = {}
    if rating not in PERFORMANCE_RATINGS:
        fields["rating"] = [message("must be one of %(choices)s", choices=[Code(r) for r in PERFORMANCE_RATINGS])]
    if not reason or not reason.strip():
        fields["reason"] = ["a reason is required"]
    if fields:
        raise ValidationFailed(fields)
    if rating not in _PERFORMANCE_RECORDS:
        return None
    kind, points, months = _PERFORMANCE_RECORDS[rating]
    config = current_app.config
    return _add_credit_record(
        actor, get_organization(org_id, lock=True), kind, Decimal(config[points]), reason,
        on_date + relativedelta(months=config[months]), valid_from=on_date, source_kind=source_kind,
        source_ref=source_ref, source_link=source_link,
    )


def public_credit(org_id):
    """The credit of an approved bidder as its public page shows it today: score, base, bonus cap, the active
    bonus (capped) and deductions, and every record newest first. Anything else is not found: a pending
    application is private."""
    org = db.session.get(Organization, org_id)
    if org is None or not org.credit_is_public:
        raise NotFound("not_found", "Organisation not found.")
    today = clock.today()
    return {
        "organization": org, "score": org.effective_credit_score(today), "base": org.base_credit_score(),
        "bonus_cap": current_app.config["CREDIT_BONUS_CAP"], "bonus": org.credit_bonus(today),
        "deducted": org.credit_deducted(today), "records": sorted(org.credit_records, key=lambda r: r.id, reverse=True),
    }


ROLE_ORG_KIND = {"purchaser": "purchaser", "bidder": "bidder"}


def create_user(actor, username, password, role, organization_id=None, profile=None, display_name=None,
                password_hash=None):
    """Create an account; purchasers and bidders belong to an organisation of their kind; `profile` is the
    data of the role's profile (the expert's), built by the module that registered it.

    `password_hash`, when given, is stored instead of hashing `password` (scrypt takes ~0.1 s,
    so the demo seed hashes its one password once for all its accounts).
    """
    _require_center(actor)
    if role not in ROLES:
        raise ValidationFailed({"role": [message("must be one of %(choices)s", choices=[Code(r) for r in ROLES])]})
    _check_username(username)
    org = None
    if organization_id is not None:
        org = db.session.get(Organization, organization_id)
        if org is None:
            raise ValidationFailed({"organization_id": ["no such organisation"]})
    needed_kind = ROLE_ORG_KIND.get(role)
    if needed_kind and (org is None or org.kind != needed_kind):
        raise ValidationFailed({"organization_id": [message(
            "a %(role)s belongs to a %(kind)s organisation", role=Code(role), kind=Code(needed_kind))]})
    if not password_hash:
        check_password_rules(password, username, org.name if org else None)
    registered = registry_of(current_app).user_profiles.get(role)
    create_profile = registered.create if registered else None
    user = User(username=username, role=role, organization=org, display_name=display_name)
    if password_hash:
        user.password_hash = password_hash
    else:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    if create_profile is not None:
        create_profile(user, profile)
    record_event(user, "user.created", actor, after={"username": username, "role": role, "organization_id": organization_id})
    return user


@functools.cache
def _dummy_hash(generate):
    """A hash made like the users' ones (`generate` is the hashing function in use)."""
    return generate(secrets.token_urlsafe(16))


def authenticate(username, password):
    """The active user with this username and password, or None. An unknown username costs the
    same hash check as a known one, so the time taken does not tell which usernames exist."""
    user = db.session.scalar(select(User).where(User.username == username))
    password_hash = user.password_hash if user is not None else _dummy_hash(models.generate_password_hash)
    if not check_password_hash(password_hash, password) or user is None or not user.is_active:
        return None
    return user


def issue_token(user):
    """Return (token, expires_at); only the token's digest is kept."""
    token = secrets.token_urlsafe(32)
    expires_at = clock.now().replace(microsecond=0) + timedelta(hours=current_app.config["API_TOKEN_HOURS"])
    db.session.add(ApiToken(user=user, token_hash=token_digest(token), expires_at=expires_at, created_at=clock.now()))
    db.session.flush()
    return token, expires_at


def user_for_token(token):
    row = db.session.scalar(select(ApiToken).options(joinedload(ApiToken.user).joinedload(User.organization))
                            .where(ApiToken.token_hash == token_digest(token)))
    if row is None or row.expires_at <= clock.now() or not row.user.is_active:
        return None
    return row.user
