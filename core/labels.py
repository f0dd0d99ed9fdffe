"""Labels of core's own codes (roles, organisation kinds and statuses, field names); modules add theirs."""
from flask_babel import lazy_gettext as _

CORE_LABELS = {
    # Background tasks (core.tasks): a failed task's status (and the trail's action of the same name), its name.
    "task.failed": _("Failed after retries"), "task.rerun": _("Run again by the center"),
    "trail.anchor": _("Trail anchor"), "notifications.send": _("Notifications to the inbox"),
    "notifications.deliver": _("Notification to an external channel"),
    "pending": _("Pending approval"), "approved": _("Approved"), "rejected": _("Rejected"),
    "admin": _("Trading center"), "purchaser": _("Purchasing unit"), "bidder": _("Bidder"),
    "expert": _("Expert"), "supervisor": _("Supervisor"), "center": _("Trading center"),
    "reason": _("Reason"), "note": _("Note"), "score": _("Credit score"), "grade": _("Credit grade"),
    "username": _("Username"), "organization_id": _("Organisation"), "password": _("Password"),
    "organization": _("Organisation"), "organization.name": _("Organisation name"),
    "organization.uscc": _("Unified social credit code (USCC)"), "uscc": _("Unified social credit code (USCC)"),
    "deduction": _("Deduction (points)"), "expires_on": _("Expires on"), "blacklisted_until": _("Blacklisted until"),
    # Credit records (core.models.CreditRecord): their kinds, and the fields their trail events record.
    "credit.deduction": _("Deduction"), "credit.bonus": _("Bonus"), "bonus": _("Bonus"), "points": _("Points"),
    "valid_from": _("Valid from"), "source_kind": _("Source"), "source_ref": _("Source reference"),
    "name": _("Name"), "kind": _("Kind"), "role": _("Role"),
    # What the trail's actions on core's objects and its recorded fields are called on the pages.
    "status": _("Status"),
    "sha256": _("SHA-256"),
    "size": _("Size (bytes)"),
    "text": _("Text"),
    "answer": _("Answer"),
    "organization.approved": _("Organisation approved"),
    "organization.created": _("Organisation created"),
    "organization.credit_record_added": _("Credit record added"),
    "organization.credit_set": _("Credit score set"),
    "organization.registered": _("Organisation registered"),
    "organization.rejected": _("Organisation rejected"),
    "organization.resubmitted": _("Application resubmitted"),
    # The platform's time zone (TIMEZONE) as the pages name it.
    "Asia/Shanghai": _("Beijing time"),
    # Stored documents (core.documents) on their trail.
    "stored_document.status.pending": _("Being generated"), "stored_document.status.ready": _("Generated"),
    "stored_document.status.failed": _("Generation failed"), "stored_document.version": _("Version"),
    "user.created": _("Account created"),
    "user.password_changed": _("Password changed"),
}
