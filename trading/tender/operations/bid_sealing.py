"""Sealed bids: the canonical bid content its receipt is computed over, sealed with the
project's scope key (core.sealing). Every document is sealed as one of the bid's parts (BID_PARTS)."""
import base64
from decimal import Decimal

from core import sealing
from core.hashing import sha256_hex
from core.money import format_money

receipt_for = sealing.receipt_for
# The parts of a bid (domain.md: Sign-up and bids): the panel sees the technical part only (暗标).
BID_PARTS = ("technical", "commercial", "qualification")


def deposit_record(deposit):
    """The canonical deposit record of a bid ({method, amount, reference, issuer}), or None when it declares none."""
    if not deposit:
        return None
    return {"method": deposit["method"], "amount": format_money(deposit["amount"]),
            "reference": deposit["reference"].strip(), "issuer": (deposit.get("issuer") or "").strip() or None}


def deposit_short(required, record):
    """Whether a deposit record leaves the project's deposit unpaid (none declared, or less than required)."""
    return required > 0 and (record is None or Decimal(record["amount"]) < required)


def bid_content(project, organization, price, technical_proposal, documents, sme=False, deposit=None):
    """The canonical bid content the receipt is computed over; `sme`, the commercial part's SME declaration;
    `deposit`, the deposit record."""
    return {
        "project": project.code,
        "bidder_uscc": organization.uscc,
        "price": format_money(price),
        "sme": bool(sme),
        "deposit": deposit_record(deposit),
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


def seal_deposit(project, record):
    """The deposit record sealed on its own (None when the bid declares none)."""
    return None if record is None else sealing.seal(project.sealed_key, {"deposit": record})


def unseal_deposit(project, ciphertext):
    """The deposit record sealed on its own, or None."""
    payload = sealing.unseal(project.sealed_key, ciphertext) if ciphertext else None
    return payload and payload.get("deposit")


def unseal_bid(project, ciphertext):
    """Decrypt a bid; return its payload, or None when the ciphertext was tampered with."""
    return sealing.unseal(project.sealed_key, ciphertext)
