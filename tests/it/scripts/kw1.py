#!/usr/bin/env python3
"""An independent implementation of keywarden's kw1 format, written from the
text of contract §6 only, with Python's `cryptography` package.

    kw1.py decrypt KEY_B64   < stored values, one per line  -> JSON list of plaintexts
    kw1.py encrypt KEY_B64 PLAINTEXT                        -> one kw1 value

stored  = "kw1:" KID ":" base64url-nopad(iv || ct || tag)
KID     = first 8 hex chars of HMAC-SHA256(key, "keywarden key id")
ct      = AES-256-CFB128(key, iv, plaintext)
tag     = HMAC-SHA256(mac_key, "kw1:" || KID || ":" || iv || ct)
mac_key = HKDF-SHA256(ikm=key, salt=none, info="keywarden/v1/mac")
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import warnings

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

try:
    from cryptography.hazmat.decrepit.ciphers.modes import CFB
except ImportError:  # cryptography < 43
    from cryptography.hazmat.primitives.ciphers.modes import CFB

warnings.simplefilter("ignore")


def kid(key):
    return hmac.new(key, b"keywarden key id", hashlib.sha256).hexdigest()[:8]


def mac_key(key):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"keywarden/v1/mac").derive(key)


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def decrypt(key, stored):
    fmt, k, body = stored.split(":", 2)
    if fmt != "kw1" or k != kid(key):
        raise ValueError("wrong format or KID")
    blob = b64url_decode(body)
    iv, ct, tag = blob[:16], blob[16:-32], blob[-32:]
    expect = hmac.new(mac_key(key), b"kw1:" + k.encode() + b":" + iv + ct, hashlib.sha256).digest()
    if not hmac.compare_digest(tag, expect):
        raise ValueError("tag mismatch")
    d = Cipher(algorithms.AES(key), CFB(iv)).decryptor()
    return (d.update(ct) + d.finalize()).decode()


def encrypt(key, plaintext):
    iv = os.urandom(16)
    e = Cipher(algorithms.AES(key), CFB(iv)).encryptor()
    ct = e.update(plaintext.encode()) + e.finalize()
    k = kid(key)
    tag = hmac.new(mac_key(key), b"kw1:" + k.encode() + b":" + iv + ct, hashlib.sha256).digest()
    return "kw1:%s:%s" % (k, base64.urlsafe_b64encode(iv + ct + tag).decode().rstrip("="))


def main():
    cmd, key = sys.argv[1], base64.b64decode(sys.argv[2])
    assert len(key) == 32
    if cmd == "decrypt":
        print(json.dumps([decrypt(key, line.strip()) for line in sys.stdin if line.strip()]))
    elif cmd == "encrypt":
        print(encrypt(key, sys.argv[3]))
    else:
        sys.exit("unknown command")


if __name__ == "__main__":
    main()
