#!/usr/bin/env python3
"""The baseline for the rekey benchmark: a straightforward Python script
that re-encrypts every credential from OLD to NEW in one transaction, with
`cryptography` and sqlite3 or psycopg — what a team would write by hand.

    rekey_baseline.py sqlite PATH OLD_B64 NEW_B64
    rekey_baseline.py postgres URL OLD_B64 NEW_B64
"""
import base64
import hashlib
import hmac
import os
import sys
import warnings

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

try:
    from cryptography.hazmat.decrepit.ciphers.modes import CFB
except ImportError:
    from cryptography.hazmat.primitives.ciphers.modes import CFB

warnings.simplefilter("ignore")


class Key:
    def __init__(self, b64):
        self.key = base64.b64decode(b64)
        self.kid = hmac.new(self.key, b"keywarden key id", hashlib.sha256).hexdigest()[:8]
        self.mac = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"keywarden/v1/mac").derive(self.key)

    def decrypt(self, stored):
        _, kid, body = stored.split(":", 2)
        assert kid == self.kid, "unknown KID"
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        iv, ct, tag = blob[:16], blob[16:-32], blob[-32:]
        want = hmac.new(self.mac, b"kw1:" + kid.encode() + b":" + iv + ct, hashlib.sha256).digest()
        assert hmac.compare_digest(tag, want), "tag mismatch"
        d = Cipher(algorithms.AES(self.key), CFB(iv)).decryptor()
        return d.update(ct) + d.finalize()

    def encrypt(self, plaintext):
        iv = os.urandom(16)
        e = Cipher(algorithms.AES(self.key), CFB(iv)).encryptor()
        ct = e.update(plaintext) + e.finalize()
        tag = hmac.new(self.mac, b"kw1:" + self.kid.encode() + b":" + iv + ct, hashlib.sha256).digest()
        return "kw1:%s:%s" % (self.kid, base64.urlsafe_b64encode(iv + ct + tag).decode().rstrip("="))


def main():
    backend, where, old, new = sys.argv[1:5]
    old, new = Key(old), Key(new)
    if backend == "sqlite":
        import sqlite3
        db = sqlite3.connect(where)
        placeholder = "?"
    else:
        import psycopg
        db = psycopg.connect(where)
        placeholder = "%s"
    cur = db.cursor()
    cur.execute("SELECT id, ciphertext FROM credentials")
    updates = [(new.encrypt(old.decrypt(ct)), cid) for cid, ct in cur.fetchall()]
    cur.executemany(
        "UPDATE credentials SET ciphertext = %s WHERE id = %s" % (placeholder, placeholder), updates
    )
    db.commit()
    print(len(updates))


if __name__ == "__main__":
    main()
