#!/usr/bin/env python3
"""An independent implementation of keywarden's kw1 and kw2 formats, written
from the text of contract §6 and §6a only, with Python's `cryptography`.

    kw2.py decrypt KEY_B64   < "ID<TAB>STORED" lines -> JSON list: plaintext, or {"error": why}
    kw2.py encrypt KEY_B64 ID PLAINTEXT               -> one kw2 value bound to credential ID
    kw2.py encrypt-kw1 KEY_B64 PLAINTEXT              -> one kw1 value (bound to no row)

stored  = FORMAT ":" KID ":" base64url-nopad(iv || ct || tag)
KID     = first 8 hex chars of HMAC-SHA256(key, "keywarden key id")
ct      = AES-256-CFB128(key, iv, plaintext)
kw1 tag = HMAC-SHA256(mac_key, "kw1:" || KID || ":" || iv || ct)
kw2 tag = HMAC-SHA256(mac_key, "kw2:" || KID || ":" || f(id) || iv || ct)
f(x)    = decimal byte length of x || ":" || x || ","   (a netstring)
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


def netstring(b):
    return str(len(b)).encode() + b":" + b + b","


def tag(key, fmt, k, cred_id, iv_ct):
    bound = netstring(cred_id.encode()) if fmt == "kw2" else b""
    msg = fmt.encode() + b":" + k.encode() + b":" + bound + iv_ct
    return hmac.new(mac_key(key), msg, hashlib.sha256).digest()


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def decrypt(key, cred_id, stored):
    fmt, k, body = stored.split(":", 2)
    if fmt not in ("kw1", "kw2") or k != kid(key):
        raise ValueError("wrong format or KID")
    blob = b64url_decode(body)
    iv, ct, t = blob[:16], blob[16:-32], blob[-32:]
    if not hmac.compare_digest(t, tag(key, fmt, k, cred_id, iv + ct)):
        raise ValueError("tag mismatch")
    d = Cipher(algorithms.AES(key), CFB(iv)).decryptor()
    return (d.update(ct) + d.finalize()).decode()


def encrypt(key, fmt, cred_id, plaintext):
    iv = os.urandom(16)
    e = Cipher(algorithms.AES(key), CFB(iv)).encryptor()
    ct = e.update(plaintext.encode()) + e.finalize()
    k = kid(key)
    t = tag(key, fmt, k, cred_id, iv + ct)
    return "%s:%s:%s" % (fmt, k, base64.urlsafe_b64encode(iv + ct + t).decode().rstrip("="))


def main():
    cmd, key = sys.argv[1], base64.b64decode(sys.argv[2])
    assert len(key) == 32
    if cmd == "decrypt":
        out = []
        for line in sys.stdin:
            if not line.strip():
                continue
            cred_id, stored = line.strip().split("\t")
            try:
                out.append(decrypt(key, cred_id, stored))
            except ValueError as e:
                out.append({"error": str(e)})
        print(json.dumps(out))
    elif cmd == "encrypt":
        print(encrypt(key, "kw2", sys.argv[3], sys.argv[4]))
    elif cmd == "encrypt-kw1":
        print(encrypt(key, "kw1", "", sys.argv[3]))
    else:
        sys.exit("unknown command")


if __name__ == "__main__":
    main()
