"""Sealed content until it is revealed: a Fernet key per scope (a project's bids, a competition's
quotes), itself encrypted with the application's master key, and receipts over canonical content.

The database keeps only the wrapped scope key; `BID_MASTER_KEY` stays outside it.
"""
import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

from core.hashing import canonical_hash


def _master():
    key = current_app.config.get("BID_MASTER_KEY")
    if not key:
        digest = hashlib.sha256(("bid-master:" + current_app.config["SECRET_KEY"]).encode()).digest()
        key = base64.urlsafe_b64encode(digest)
    return Fernet(key)


def new_scope_key():
    """A fresh scope key, returned wrapped by the master key (what the database keeps)."""
    return _master().encrypt(Fernet.generate_key()).decode("ascii")


def _scope_fernet(wrapped_key):
    return Fernet(_master().decrypt(wrapped_key.encode("ascii")))


def seal(wrapped_key, payload):
    """Encrypt a JSON-safe payload with the scope's key."""
    return _scope_fernet(wrapped_key).encrypt(json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def unseal(wrapped_key, ciphertext):
    """Decrypt a sealed payload; None when the ciphertext was tampered with."""
    try:
        return json.loads(_scope_fernet(wrapped_key).decrypt(ciphertext).decode("utf-8"))
    except (InvalidToken, ValueError, TypeError):
        return None


def receipt_for(content):
    """The receipt of sealed content: SHA-256 of its canonical JSON (sorted keys, no spaces, UTF-8)."""
    return canonical_hash(content)
