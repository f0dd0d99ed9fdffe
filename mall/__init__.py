"""The online mall: suppliers approved per category, the catalogue, search and price monitoring."""
from flask_babel import lazy_gettext as _

from core.plugins import Plugin


def setup(app, registry):
    from mall import models  # noqa: F401  (the tables)

    registry.add_labels({"pending": _("Pending"), "approved": _("Approved"), "rejected": _("Rejected"),
                         "suspended": _("Suspended")})


plugin = Plugin("mall", setup)
