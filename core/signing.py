"""The key that signs the trail's anchors: Ed25519, kept outside the database.

`TRAIL_SIGNING_KEY` is the private key in PEM (PKCS#8). In debug and testing, when it is unset,
a development key is derived from SECRET_KEY, so tests and demos are reproducible; anywhere
else an unset key is an error (a start-up check refuses to run production without it).
A signature is the base64 Ed25519 signature over the ASCII bytes of an anchor's hex hash.
"""
import base64
import binascii
import hashlib
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app

from core.security import is_development


def new_private_key_pem():
    """A fresh private key in PEM (PKCS#8), for `flask trail keygen`."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def _pem_bytes(value):
    """The PEM text, also when an environment file flattened its newlines to spaces or to `\\n`."""
    text = (value.decode("ascii") if isinstance(value, bytes) else value).replace("\\n", "\n").strip()
    flattened = re.fullmatch(r"(-----BEGIN [A-Z ]+-----)\s+([A-Za-z0-9+/=\s]+?)\s+(-----END [A-Z ]+-----)", text)
    if flattened and "\n" not in text:
        text = "\n".join([flattened[1], *flattened[2].split(), flattened[3]])
    return text.encode("ascii")


def private_key():
    config = current_app.config
    pem = config.get("TRAIL_SIGNING_KEY")
    if pem:
        key = serialization.load_pem_private_key(_pem_bytes(pem), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise RuntimeError("TRAIL_SIGNING_KEY must be an Ed25519 private key in PEM (PKCS#8).")
        return key
    if is_development(current_app):
        seed = hashlib.sha256(("trail-signing:" + config["SECRET_KEY"]).encode("utf-8")).digest()
        return Ed25519PrivateKey.from_private_bytes(seed)
    raise RuntimeError("TRAIL_SIGNING_KEY is not set: the trail's anchors cannot be signed or checked.")


def public_key():
    return private_key().public_key()


def public_key_pem(key=None):
    """The public key in PEM (SubjectPublicKeyInfo), as published with the anchors."""
    return (key or public_key()).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def sign(text):
    return base64.b64encode(private_key().sign(text.encode("ascii"))).decode("ascii")


def signature_ok(key: Ed25519PublicKey, text, signature):
    """Whether `signature` (base64) is the key's signature over `text`; malformed ones are not."""
    try:
        key.verify(base64.b64decode(signature or "", validate=True), text.encode("ascii"))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
