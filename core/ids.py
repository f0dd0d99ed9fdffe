"""Identifiers that reveal no count: random, not sequential (bids, sign-ups, questions)."""
import secrets

from sqlalchemy import select

from core.extensions import db

MAX_ID = 2**31 - 1  # fits every integer column and every JSON client


def new_random_id(model):
    """A random id not yet used by `model` (a taken one is drawn again)."""
    while True:
        candidate = secrets.randbelow(MAX_ID) + 1
        if db.session.scalar(select(model.id).where(model.id == candidate)) is None:
            return candidate
