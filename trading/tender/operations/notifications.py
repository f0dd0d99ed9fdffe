"""The notifications the tender lifecycle sends (declared here, sent from trading.tender.operations).

Nothing sealed is ever notified: sign-ups and bids send nothing, and the opening tells the
participating bidders and the purchasing unit only that the opening record is available.
"""
from core.errors import N_
from core.notifications import page_link

# The notifications this feature sends: kind -> (title, body), English templates (core.notifications).
NOTIFICATION_KINDS = {
    "project.returned": (N_("Project %(code)s returned"),
                         N_("The trading center returned project %(code)s “%(title)s” for correction: %(reason)s")),
    "project.published": (N_("Project %(code)s published"),
                          N_("The tender notice of project %(code)s “%(title)s” has been published.")),
    # The opening sends project.<its outcome>: project.opened or project.failed.
    "project.opened": (N_("Bids opened: project %(code)s"),
                       N_("The bids of project %(code)s “%(title)s” have been opened; the opening record is available.")),
    "project.failed": (N_("Tender failed: project %(code)s"),
                       N_("The bids of project %(code)s “%(title)s” have been opened with too few valid bids: "
                          "the tender failed. The opening record is available.")),
}


def project_link(project):
    return page_link("trading.project", project_id=project.id)


def opening_recipients(project, bids):
    """The purchasing unit and every organisation whose bid was opened."""
    return [project.purchaser, *(bid.organization for bid in bids)]
