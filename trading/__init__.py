"""Tender projects: registration (进场登记), publication, documents, questions, amendments, notices, sign-up,
sealed bids and the remote opening hall (不见面开标)."""
from core.plugins import Plugin
from trading import amendments, blind, calendar, documents, hall, notices, questions, tender

FEATURES = (tender, documents, questions, amendments, notices, hall, blind, calendar)


def setup(app, registry):
    for feature in FEATURES:
        feature.register(app, registry)


plugin = Plugin("trading", setup)
