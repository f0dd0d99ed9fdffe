"""Sealed bids: per-project Fernet keys wrapped by the application key, canonical receipts."""
import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

from core.money import format_money


def _master():
    key = current_app.config.get("BID_MASTER_KEY")
    if not key:
        digest = hashlib.sha256(("bid-master:" + current_app.config["SECRET_KEY"]).encode()).digest()
        key = base64.urlsafe_b64encode(digest)
    return Fernet(key)


def new_project_key():
    """A fresh project key, returned encrypted with the master key (what the database keeps)."""
    return _master().encrypt(Fernet.generate_key()).decode("ascii")


def _project_fernet(project):
    return Fernet(_master().decrypt(project.sealed_key.encode("ascii")))


def bid_content(project, organization, price, technical_proposal, documents):
    """The canonical bid content the receipt is computed over."""
    return {
        "project": project.code,
        "bidder_uscc": organization.uscc,
        "price": format_money(price),
        "technical_proposal": technical_proposal,
        "documents": [
            {"name": d["name"], "sha256": hashlib.sha256(d["content"]).hexdigest()} for d in documents
        ],
    }


def receipt_for(content):
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal(project, content, documents):
    payload = {
        "content": content,
        "documents": [
            {"name": d["name"], "content_base64": base64.b64encode(d["content"]).decode("ascii")}
            for d in documents
        ],
    }
    return _project_fernet(project).encrypt(json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def unseal(project, ciphertext):
    """Decrypt a bid; return its payload, or None when the ciphertext was tampered with."""
    try:
        return json.loads(_project_fernet(project).decrypt(ciphertext).decode("utf-8"))
    except (InvalidToken, ValueError):
        return None
