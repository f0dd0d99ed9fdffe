"""The catalogue search's synonyms (domain.md: The mall): the groups of words a search treats as one, kept by the
center on its page; a new installation starts from the list in the repository (synonyms.txt, here)."""
import time
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from core import clock
from core.auth import acts_as_center, require
from core.errors import ValidationFailed, message
from core.extensions import db
from core.trail import record_event
from mall.catalogue.models import SynonymList
from mall.catalogue.operations.search import merged, parse_groups

DEFAULT_FILE = Path(__file__).with_name("synonyms.txt")
MAX_GROUPS = 1000
MAX_GROUP_WORDS = 12
MAX_WORD = 20
MAX_TEXT = 100_000


def default_text():
    return DEFAULT_FILE.read_text(encoding="utf-8")


def stored():
    return db.session.scalar(select(SynonymList).order_by(SynonymList.id).limit(1))


def current_text():
    """The list as the center keeps it (the repository's until it first saves one)."""
    row = stored()
    return row.text if row is not None else default_text()


# The groups as last read by this process, and when: every search reads them, so a process keeps them for
# CACHE_SECONDS (a change made in another process reaches this one within that time; the catalogue's re-indexing
# after it takes longer anyway).
CACHE_SECONDS = 5.0


def _cache():
    return current_app.extensions.setdefault("mall_synonyms", {})


def word_groups():
    """The synonym groups the search uses (groups sharing a word merged)."""
    cache, now = _cache(), time.monotonic()
    if cache.get("until", 0) <= now:
        cache.update(groups=merged(parse_groups(current_text())), until=now + CACHE_SECONDS)
    return cache["groups"]


def problems(text):
    """What is wrong with a list: {"text": [messages]}, empty when it can be saved."""
    found = []
    if len(text) > MAX_TEXT:
        found.append(message("At most %(max)s characters.", max=MAX_TEXT))
    groups = parse_groups(text)
    if len(groups) > MAX_GROUPS:
        found.append(message("At most %(max)s groups.", max=MAX_GROUPS))
    lines = [line.strip() for line in text.splitlines()]
    for number, line in enumerate(line for line in lines if line and not line.startswith("#")):
        words = parse_groups(line)[0]
        if len(words) < 2:
            found.append(message("Group %(number)s (%(words)s): a group needs at least two words.",
                                 number=number + 1, words=line))
        elif len(words) > MAX_GROUP_WORDS:
            found.append(message("Group %(number)s (%(words)s): at most %(max)s words.", number=number + 1,
                                 words=line, max=MAX_GROUP_WORDS))
        elif any(len(w) > MAX_WORD for w in words):
            found.append(message("Group %(number)s (%(words)s): a word has at most %(max)s characters.",
                                 number=number + 1, words=line, max=MAX_WORD))
    return {"text": found} if found else {}


def save_synonyms(actor, text):
    """The center replaces the synonym list; the search uses it from the next request on."""
    require(acts_as_center(actor), "not_center", "Only the trading center keeps the search synonyms.")
    text = (text or "").replace("\r\n", "\n").strip() + "\n"
    found = problems(text)
    if found:
        raise ValidationFailed(found)
    row = stored()
    before = row.recorded_state() if row is not None else None
    if row is None:
        row = SynonymList(text=text, updated_at=clock.now(), updated_by_id=actor.id)
        db.session.add(row)
    row.text, row.updated_at, row.updated_by_id = text, clock.now(), actor.id
    db.session.flush()
    record_event(row, "synonyms.saved", actor, before, {"text": text, "groups": len(parse_groups(text))})
    forget()
    return row


def forget():
    """Read the groups again at the next search (the list was saved in this process)."""
    _cache().clear()
