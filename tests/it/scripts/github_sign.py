#!/usr/bin/env python3
"""An independent signer for GitHub's secret-scanning alerts, written from
GitHub's partner-program documentation with Python's `cryptography` only.

    github_sign.py DIR

Makes a P-256 key pair, writes DIR/keys.json in the format of
https://api.github.com/meta/public_keys/secret_scanning, and prints JSON:
the key identifier, the signature of DIR/body.json and the signature of
DIR/other.json. A signature is ECDSA with SHA-256 over the raw bytes of
the body, DER-encoded, then base64 (the Github-Public-Key-Signature header).
"""
import base64
import hashlib
import json
import os
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec


def main(d):
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    kid = hashlib.sha256(pem.encode()).hexdigest()
    with open(os.path.join(d, "keys.json"), "w") as f:
        json.dump({"public_keys": [{"key_identifier": kid, "key": pem, "is_current": True}]}, f)

    def sign(name):
        with open(os.path.join(d, name), "rb") as f:
            body = f.read()
        return base64.b64encode(key.sign(body, ec.ECDSA(hashes.SHA256()))).decode()

    print(json.dumps({
        "key_identifier": kid,
        "signature": sign("body.json"),
        "signature_of_other_body": sign("other.json"),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
