"""JSON API: accounts, organisations, credit and the audit trail check."""
from flask import Blueprint
from flask_limiter.util import get_remote_address
from sqlalchemy import select

from core import accounts, passwords, sessions, signing, throttle, trail
from core.auth import (api_roles, api_user, bearer_token, has_organization_role, open_to_rejected_applicants,
                       registration_rate_limit)
from core.errors import NotAuthenticated, NotFound
from core.extensions import limiter
from core.models import ROLES, TrailAnchor
from core.openapi import doc
from core.schemas import (
    AnchorOut, AnchorPageOut, ApplicationIn, CreditIn, CreditRecordIn, CreditRecordOut, OrganizationIn,
    OrganizationOut, OrganizationQuery, PageArgs, PasswordChangedOut, PasswordChangeIn, PublicCreditOut, ReasonIn,
    RegisterIn, RegisterOut, TokenIn, TokenOut, TrailVerifyOut, UserIn, UserOut, load_args, load_json, paginate,
)

api = Blueprint("core_api", __name__, url_prefix="/api/v1")


@api.post("/auth/register")
@limiter.limit(registration_rate_limit)
@doc("Register a bidder organisation and its first user (pending approval)", RegisterIn, RegisterOut, status=201,
     errors=(429,))
def register():
    data = load_json(RegisterIn())
    org_data = data["organization"]
    user, org = accounts.register_bidder(
        data["username"], data["password"], org_data["name"], org_data["uscc"],
        org_data["contact_name"], org_data["contact_phone"],
    )
    return {"user": UserOut().dump(user), "organization": OrganizationOut().dump(org)}, 201


@api.post("/auth/tokens")
@doc("Exchange username and password for a bearer token (failed attempts are throttled: 429)", TokenIn, TokenOut,
     status=201, errors=(401, 429))
def create_token():
    data = load_json(TokenIn())
    user = throttle.attempt_login(data["username"], data["password"], get_remote_address())
    if user is None:
        raise NotAuthenticated("invalid_credentials", "Wrong username or password.")
    token, expires_at = accounts.issue_token(user)
    return TokenOut().dump({"token": token, "expires_at": expires_at}), 201


@api.delete("/auth/tokens")
@api_roles(*ROLES)
@open_to_rejected_applicants
@doc("Revoke the bearer token that authenticates this call", status=204)
def revoke_token():
    sessions.revoke_token(bearer_token())
    return "", 204


@api.get("/me")
@api_roles(*ROLES)
@open_to_rejected_applicants
@doc("The calling user", response=UserOut)
def me():
    return UserOut().dump(api_user())


@api.post("/me/password")
@api_roles(*ROLES)
@open_to_rejected_applicants
@doc("Change the caller's password; ends every session and token of the account (this one too)",
     PasswordChangeIn, PasswordChangedOut)
def change_password():
    data = load_json(PasswordChangeIn())
    sessions_ended, tokens_revoked = passwords.change_password(api_user(), data["current_password"],
                                                               data["new_password"])
    return PasswordChangedOut().dump({"sessions_ended": sessions_ended, "tokens_revoked": tokens_revoked})


@api.get("/me/application")
@api_roles("bidder", "purchaser")
@open_to_rejected_applicants
@doc("The caller's organisation as registered, with its status and the reason of a rejection",
     response=OrganizationOut)
def my_application():
    # Bidders and purchasers always belong to an organisation.
    return OrganizationOut().dump(accounts.get_organization(api_user().organization_id))


@api.put("/me/application")
@api_roles("bidder", "purchaser")
@open_to_rejected_applicants
@doc("Correct a rejected registration and resubmit it (status back to pending)", ApplicationIn, OrganizationOut)
def resubmit_application():
    data = load_json(ApplicationIn())
    return OrganizationOut().dump(accounts.resubmit_application(api_user(), **data))


@api.post("/users")
@api_roles("admin")
@doc("Create a purchaser, bidder, expert, supervisor or admin account", UserIn, UserOut, status=201)
def create_user():
    data = load_json(UserIn())
    user = accounts.create_user(
        api_user(), data["username"], data["password"], data["role"], data.get("organization_id"),
        profile=data.get(data["role"]), display_name=data.get("display_name"),
    )
    return UserOut().dump(user), 201


@api.post("/organizations")
@api_roles("admin")
@doc("Create an organisation (approved at once)", OrganizationIn, OrganizationOut, status=201)
def create_organization():
    data = load_json(OrganizationIn())
    org = accounts.create_organization(api_user(), **data)
    return OrganizationOut().dump(org), 201


@api.get("/organizations")
@api_roles("admin", "supervisor")
@doc("List organisations (?status=&kind=)", response=OrganizationOut, query=OrganizationQuery, paginated=True)
def list_organizations():
    args = load_args(OrganizationQuery())
    return paginate(accounts.search_organizations(args["status"], args["kind"]), args, OrganizationOut().dump)


@api.get("/organizations/<int:org_id>")
@api_roles("admin", "supervisor", "purchaser", "bidder")
@doc("One organisation with its credit; bidders and purchasers see only their own", response=OrganizationOut)
def get_organization(org_id):
    user = api_user()
    if has_organization_role(user) and user.organization_id != org_id:
        raise NotFound("not_found", "Organisation not found.")
    return OrganizationOut().dump(accounts.get_organization(org_id))


@api.post("/organizations/<int:org_id>/approve")
@api_roles("admin")
@doc("Approve a pending organisation", response=OrganizationOut)
def approve_organization(org_id):
    return OrganizationOut().dump(accounts.approve_organization(api_user(), org_id))


@api.post("/organizations/<int:org_id>/reject")
@api_roles("admin")
@doc("Refuse a pending registration, with a reason", ReasonIn, OrganizationOut)
def reject_organization(org_id):
    return OrganizationOut().dump(accounts.reject_organization(api_user(), org_id, load_json(ReasonIn())["reason"]))


@api.get("/organizations/<int:org_id>/credit")
@doc("An approved bidder's public credit: its score, base and bonus cap, and every credit record (deductions and "
     "bonuses, with their source), newest first", response=PublicCreditOut)
def public_credit(org_id):
    return PublicCreditOut().dump(accounts.public_credit(org_id))


@api.put("/organizations/<int:org_id>/credit")
@api_roles("admin")
@doc("Set the credit score or grade and the blacklist date", CreditIn, OrganizationOut)
def set_credit(org_id):
    data = load_json(CreditIn())
    kwargs = {"blacklisted_until": data["blacklisted_until"]} if "blacklisted_until" in data else {}
    org = accounts.set_credit(api_user(), org_id, data["note"], data.get("score"), data.get("grade"), **kwargs)
    return OrganizationOut().dump(org)


@api.post("/organizations/<int:org_id>/credit/records")
@api_roles("admin")
@doc("Add a bad-conduct record (deduction until expiry)", CreditRecordIn, CreditRecordOut, status=201)
def add_credit_record(org_id):
    data = load_json(CreditRecordIn())
    record = accounts.add_credit_record(api_user(), org_id, data["deduction"], data["reason"], data["expires_on"])
    return CreditRecordOut().dump(record), 201


@api.get("/audit/trail/verify")
@api_roles("admin", "supervisor")
@doc("Verify the hash chains, the anchors' signatures and the present state against the trail",
     response=TrailVerifyOut)
def verify_trail():
    return trail.verify_trail()


@api.get("/audit/trail/anchors")
@doc("The signed anchors, oldest first, for outsiders to keep (public_key: Ed25519, PEM SubjectPublicKeyInfo; "
     "signature: base64 over the ASCII hex hash)", response=AnchorPageOut, query=PageArgs)
def list_anchors():
    page = paginate(select(TrailAnchor).order_by(TrailAnchor.id), load_args(PageArgs()), trail.public_anchor)
    return {"public_key": signing.public_key_pem()} | page


@api.post("/audit/trail/anchors")
@api_roles("admin")
@doc("Anchor the chain heads that moved since the last anchor, now", response=AnchorOut, status=201)
def anchor_trail():
    # Never the heads or their number: it would reveal how many sealed sign-ups and bids exist.
    return trail.public_anchor(trail.create_anchor()), 201

