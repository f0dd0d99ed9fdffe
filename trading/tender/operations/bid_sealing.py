"""Sealed bids: the canonical bid content its receipt is computed over, sealed with the
project's scope key (core.sealing). Every document is sealed as one of the bid's parts (BID_PARTS)."""
import base64

from core import sealing
from core.hashing import sha256_hex
from core.money import format_money

receipt_for = sealing.receipt_for
# The parts of a bid (domain.md: Sign-up and bids): the panel sees the technical part only (暗标).
BID_PARTS = ("technical", "commercial", "qualification")


def bid_content(project, organization, price, technical_proposal, documents, sme=False):
    """The canonical bid content the receipt is computed over; `sme`, the commercial part's SME declaration."""
    return {
        "project": project.code,
        "bidder_uscc": organization.uscc,
        "price": format_money(price),
        "sme": bool(sme),
        "technical_proposal": technical_proposal,
        "documents": [{"name": d["name"], "part": d["part"], "sha256": sha256_hex(d["content"])}
                      for d in documents],
    }


def seal_bid(project, content, documents):
    return sealing.seal(project.sealed_key, {
        "content": content,
        "documents": [
            {"name": d["name"], "part": d["part"], "content_base64": base64.b64encode(d["content"]).decode("ascii")}
            for d in documents
        ],
    })


def unseal_bid(project, ciphertext):
    """Decrypt a bid; return its payload, or None when the ciphertext was tampered with."""
    return sealing.unseal(project.sealed_key, ciphertext)
