"""Open data: the platform's procurement as OCDS 1.1 releases, recorded at each public event, for anyone to read
(the API) or download whole (`flask ocds export`)."""


def register(app, registry):
    from celery.schedules import crontab
    from flask_babel import lazy_gettext as _

    from audit.opendata import api, cli, models, views  # noqa: F401 (the model's table)
    from audit.opendata.operations import EVENT_HANDLERS
    from audit.opendata.tasks import OCDS_EXPORT, publish_export, render_export
    from core import register_blueprints
    from core.plugins import Setting

    registry.add_settings(
        app,
        # The ocid prefix the Open Contracting Partnership registered for this publisher (ocds-213czf is its
        # prefix for tests and examples).
        OCDS_PREFIX=Setting("ocds-213czf"),
        OCDS_LICENSE=Setting("https://creativecommons.org/licenses/by/4.0/"),
        # The URL of the center's publication policy, when it has one.
        OCDS_PUBLICATION_POLICY=Setting(None),
    )
    for action, handler in EVENT_HANDLERS.items():
        registry.on_event(action, handler)
    register_blueprints(app, web=[views.web], api=[api.api])
    app.cli.add_command(cli.cli)
    registry.add_document(OCDS_EXPORT, render_export, "application/json")
    registry.add_schedule("write the OCDS export", publish_export, crontab(hour=2, minute=0))
    registry.add_link("footer", "opendata.open_data", _("Open data (OCDS)"), lambda obj, user: True, lambda obj: {})
    registry.add_labels({OCDS_EXPORT: _("OCDS export"), "ocds.publish_export": _("Writing the OCDS export")})
