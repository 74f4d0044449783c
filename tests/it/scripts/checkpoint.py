#!/usr/bin/env python3
"""An independent verifier of keywarden's signed checkpoints, written from
the documented format only (README "Signed checkpoints"; C2SP signed-note
and tlog-checkpoint), with Python's `cryptography` Ed25519.

    checkpoint.py PUBLIC_KEY_FILE NOTE_FILE
        -> exit 0 and JSON {origin, tree_size, root_hex, time} when the note
           carries a valid signature by the key; exit 1 otherwise.

public key = name "+" hex(key id) "+" base64(0x01 || 32-byte Ed25519 key)
key id     = SHA-256(name || 0x0A || 0x01 || key)[:4]
note       = text "\n" signature lines; text ends with "\n"
signature  = "\u2014 " name " " base64(key id || 64-byte signature over text) "\n"
text       = origin "\n" tree size "\n" base64(head hash) "\n" "time " RFC 3339 "\n"
"""
import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def main():
    name, key_id_hex, data = open(sys.argv[1]).read().strip().split("+", 2)
    raw = base64.b64decode(data)
    assert len(raw) == 33 and raw[0] == 1, "not an Ed25519 verifier key"
    public = raw[1:]
    key_id = hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4]
    assert key_id.hex() == key_id_hex, "key id does not match the key"

    note = open(sys.argv[2], "rb").read().decode("utf-8")
    cut = note.rindex("\n\n")
    text, signatures = note[: cut + 1], note[cut + 2 :]
    for line in signatures.splitlines():
        assert line.startswith("\u2014 "), "not a signature line"
        signer, sig = line[2:].split(" ")
        blob = base64.b64decode(sig)
        if signer != name or blob[:4] != key_id:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(blob[4:], text.encode())
        except InvalidSignature:
            print("signature does not verify", file=sys.stderr)
            sys.exit(1)
        origin, size, root, *extensions = text.rstrip("\n").split("\n")
        time = [e[5:] for e in extensions if e.startswith("time ")]
        print(json.dumps({
            "origin": origin,
            "tree_size": size,
            "root_hex": base64.b64decode(root).hex(),
            "time": time[0] if time else None,
        }))
        return
    print("no signature by this key", file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    main()
