"""The badges' signatures: RSA key pairs, their private half kept encrypted, and JSON Web
Signatures (RFC 7515) in compact form, RS256 only.

The compact form is ``base64url(header) . base64url(payload) . base64url(signature)``,
base64url without padding, the header ``{"alg": "RS256", "kid": "<key id>"}``. It is
written here because it is a few lines over ``cryptography`` (no JOSE library needed).
The private key's password is derived from the installation's ``SECRET_KEY`` by
HMAC-SHA256 with a fixed purpose, so a copy of the database alone cannot sign badges.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings
from django.utils.translation import gettext as _

from upskilling.errors import UpskillingError

ALGORITHM = "RS256"
KEY_SIZE = 2048
PUBLIC_EXPONENT = 65537
# Changing it makes every stored private key unreadable: it names what the password is for.
PASSWORD_PURPOSE = b"upskilling.badges.signing-key.v1"
# A signed assertion is a few kilobytes; this bounds what an anonymous visitor makes us parse.
MAX_JWS_LENGTH = 64 * 1024

BASE64URL = re.compile(r"[A-Za-z0-9_-]+")

FORMAT = "jws_format"
UNKNOWN_KEY = "jws_unknown_key"
BAD_SIGNATURE = "jws_signature"


def key_password() -> bytes:
    """The password of the private keys: HMAC-SHA256 of the purpose under ``SECRET_KEY``."""
    secret = str(settings.SECRET_KEY).encode()
    return hmac.new(secret, PASSWORD_PURPOSE, hashlib.sha256).hexdigest().encode()


@dataclass(frozen=True)
class KeyPair:
    public_pem: str
    private_pem: str  # encrypted


def key_pair_generate() -> KeyPair:
    """A new RSA 2048 key pair: the public half as PEM, the private half as encrypted PEM."""
    private_key = rsa.generate_private_key(public_exponent=PUBLIC_EXPONENT, key_size=KEY_SIZE)
    private_pem = private_key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.BestAvailableEncryption(key_password()),
    )
    public_pem = private_key.public_key().public_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PublicFormat.SubjectPublicKeyInfo,
    )
    return KeyPair(public_pem=public_pem.decode("ascii"), private_pem=private_pem.decode("ascii"))


def private_key_load(private_pem: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(private_pem.encode("ascii"), password=key_password())
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError("A badge signing key is an RSA key.")
    return key


def public_key_load(public_pem: str) -> rsa.RSAPublicKey:
    key = serialization.load_pem_public_key(public_pem.encode("ascii"))
    if not isinstance(key, rsa.RSAPublicKey):
        raise TypeError("A badge signing key is an RSA key.")
    return key


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """The bytes of unpadded base64url ``text``; ``ValueError`` when it is not that."""
    if not BASE64URL.fullmatch(text):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64url") from error


def jws_sign(*, payload: bytes, kid: str, private_pem: str) -> str:
    """The compact JWS of ``payload`` signed RS256 by the key ``kid`` (its encrypted PEM)."""
    header = json.dumps({"alg": ALGORITHM, "kid": kid}, separators=(",", ":")).encode()
    signing_input = f"{b64url_encode(header)}.{b64url_encode(payload)}".encode("ascii")
    signature = private_key_load(private_pem).sign(
        signing_input, padding.PKCS1v15(), hashes.SHA256()
    )
    return f"{signing_input.decode('ascii')}.{b64url_encode(signature)}"


@dataclass(frozen=True)
class VerifiedJws:
    header: dict[str, Any]
    payload: bytes
    kid: str


def _refuse_format(detail: str) -> UpskillingError:
    return UpskillingError(
        _("%(field)s: this is not a signed badge (%(detail)s).")
        % {"field": _("Signed badge"), "detail": detail},
        FORMAT,
        field="signed_assertion",
    )


def jws_verify(token: str, *, public_pem_for: Callable[[str], str | None]) -> VerifiedJws:
    """Check the compact JWS ``token``: the header, the key it names (``public_pem_for(kid)``
    gives the key's public PEM, or None when the programme has no such key) and the RS256
    signature. Returns the header and the payload's bytes.

    Refuses (``UpskillingError``, field ``signed_assertion``) text that is not a compact
    JWS of this shape (code ``jws_format``), a key the programme does not know
    (``jws_unknown_key``) and a signature that does not match (``jws_signature``)."""
    token = token.strip()
    if len(token) > MAX_JWS_LENGTH:
        raise _refuse_format(_("it is longer than a signed badge can be"))
    parts = token.split(".")
    if len(parts) != 3:
        raise _refuse_format(_("a signed badge has three parts separated by dots"))
    try:
        header_bytes, payload, signature = (b64url_decode(part) for part in parts)
    except ValueError:
        raise _refuse_format(_("a part is not base64url text")) from None
    try:
        header = json.loads(header_bytes)
    except (UnicodeDecodeError, ValueError):
        raise _refuse_format(_("its header is not JSON")) from None
    if not isinstance(header, dict) or header.get("alg") != ALGORITHM:
        raise _refuse_format(_("its header does not name the RS256 algorithm"))
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _refuse_format(_("its header names no key"))
    public_pem = public_pem_for(kid)
    if public_pem is None:
        raise UpskillingError(
            _(
                "%(field)s: it was signed with a key this programme does not have (%(kid)s). "
                "A badge of another programme is checked on that programme's site."
            )
            % {"field": _("Signed badge"), "kid": kid[:80]},
            UNKNOWN_KEY,
            field="signed_assertion",
        )
    signing_input = f"{parts[0]}.{parts[1]}".encode("ascii")
    try:
        public_key_load(public_pem).verify(
            signature, signing_input, padding.PKCS1v15(), hashes.SHA256()
        )
    except InvalidSignature:
        raise UpskillingError(
            _(
                "%(field)s: the signature does not match: the badge was changed after it "
                "was signed, or it was not signed by this programme."
            )
            % {"field": _("Signed badge")},
            BAD_SIGNATURE,
            field="signed_assertion",
        ) from None
    return VerifiedJws(header=header, payload=payload, kid=kid)
