"""Canonical JSON and SHA-256: the one definition behind trail hashes and sealed receipts."""
import hashlib
import json


def canonical(data):
    """Keys sorted, no spaces, UTF-8 as is: the same text for the same content, everywhere."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(data):
    """SHA-256 of text (UTF-8) or bytes, as 64 hex digits."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def canonical_hash(data):
    """SHA-256 of the canonical JSON of `data` (e.g. a bid's receipt)."""
    return sha256_hex(canonical(data))
