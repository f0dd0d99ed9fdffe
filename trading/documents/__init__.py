"""Tender documents (招标文件) with sealed downloads, and the bid documents the opening reveals."""


def register(app, registry):
    from core import register_blueprints
    from core.plugins import int_setting
    from trading.documents import api, seed, views
    from trading.documents import operations as documents

    # The largest tender document accepted.
    registry.add_settings(app, MAX_DOCUMENT_BYTES=int_setting(20 * 1024 * 1024))
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_seed_step(seed.seed_documents, order=62)
    app.add_template_global(documents.project_documents)
    app.add_template_global(documents.can_download, "can_download_documents")
    app.add_template_global(documents.bid_document_readers)
    app.add_template_global(documents.downloads_after_opening)
    app.add_template_global(documents.bid_document_list)
