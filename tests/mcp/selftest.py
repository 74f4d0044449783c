#!/usr/bin/env python3
"""Checks the MCP fixtures directly, with no gateway in between.

    python3 tests/mcp/selftest.py        (after .ci/setup made the venvs and node_modules)

Starts each fixture server on a free loopback port (--port 0, read from its
ready line), drives it with the SDK clients through every step kind, and checks
the output lines and the --log request log. Standard library only; takes about
20 seconds. Ends with the line 'N passed, N failed'; exit status 1 if any failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY1 = str(HERE / ".venv1" / "bin" / "python")
PY2 = str(HERE / ".venv2" / "bin" / "python")
NODE_DIR = HERE / "node"
LONG = "long_" + "x" * 123

passed = 0
failed = 0


def check(name: str, ok: bool, detail: object = "") -> None:
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


class Server:
    def __init__(self, argv: list[str], log: bool = True) -> None:
        self.log = Path(tempfile.mkstemp(prefix="mcp-fixture-", suffix=".log")[1]) if log else None
        if self.log:
            argv = [*argv, "--log", str(self.log)]
        self.proc = subprocess.Popen([*argv, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()  # the ready line
        try:
            self.port = json.loads(line)["port"]
        except (ValueError, KeyError):
            self.proc.kill()
            raise RuntimeError(f"{argv} printed {line!r} instead of its ready line") from None
        self.url = f"http://127.0.0.1:{self.port}/mcp"

    def requests(self) -> list[dict]:
        assert self.log is not None
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        if self.log:
            self.log.unlink()


def run_client(argv: list[str], url: str, steps: list, env: dict[str, str] | None = None, timeout: float = 60) -> list[dict]:
    full_env = {**os.environ, **(env or {})}
    out = subprocess.run([*argv, "--url", url, "--steps", json.dumps(steps)], capture_output=True, text=True, env=full_env, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"{argv} exited {out.returncode}: {out.stderr[-2000:]}")
    return [json.loads(line) for line in out.stdout.splitlines()]


CLIENT1 = [PY1, str(HERE / "client1.py")]
CLIENT2 = [PY2, str(HERE / "client2.py")]
CLIENT_TS = ["node", str(NODE_DIR / "client.mjs")]
PY_TOOLS = ["search", "delete_record", "slow", LONG, "echo", "add", "fail", "whoami", "admin_reset", "admin_rotate_keys", "files.read", "files-write", "regional_search"]
STEPS = [
    ["session"],
    ["list"],
    ["call", "search", {"query": "hello"}],
    ["call", "delete_record", {"id": "7"}],
    ["call", LONG, {}],
    ["call", "fail", {}],
    ["progress", 3, 0.2],
    ["sleep", 0.05],
    ["bench", "search", {"query": "b"}, 20, 4],
    ["first_event", 5],
    ["call", "whoami", {}],
]


def check_python_run(label: str, out: list[dict], version: str, session: bool, streamed: bool = True) -> None:
    check(f"{label}: one line per step", len(out) == len(STEPS), out)
    if len(out) != len(STEPS):
        return
    sess, lst, search, delete, long, fail, prog, slept, bench, first, whoami = out
    check(f"{label}: session", sess.get("protocol_version") == version and (sess.get("session_id") is not None) == session, sess)
    check(f"{label}: list", lst == {"tools": PY_TOOLS, "pages": 1}, lst)
    check(f"{label}: search", search == {"content": ["results for hello"], "is_error": False}, search)
    check(f"{label}: delete_record", delete == {"content": ["deleted 7"], "is_error": False}, delete)
    check(f"{label}: 128-char tool", long == {"content": ["long"], "is_error": False}, long)
    check(f"{label}: failing tool", fail.get("is_error") is True, fail)
    check(f"{label}: progress result", prog.get("content") == ["done"] and prog.get("result_at", 0) >= 0.55, prog)
    if streamed:
        times = [t for _, t in prog.get("progress", [])]
        check(
            f"{label}: progress streamed",
            [p for p, _ in prog.get("progress", [])] == [1, 2, 3] and times[0] < 0.4 and times[1] < 0.55 and times[0] < prog["result_at"] - 0.3,
            prog,
        )
        check(f"{label}: first_event", first.get("errors") == 0 and first.get("first_event_median_ms") is not None, first)
    else:
        check(f"{label}: no progress in JSON mode", prog.get("progress") == [], prog)
    check(f"{label}: sleep", slept == {"slept": 0.05}, slept)
    check(f"{label}: bench", bench.get("ok") == 20 and bench.get("errors") == 0 and bench.get("median_ms") is not None, bench)
    seen = json.loads(whoami["content"][0]) if whoami.get("content") else {}
    check(f"{label}: headers reach the tool", seen.get("authorization") == "Bearer tok-1" and seen.get("x-keywarden-key") == "k1", whoami)


def check_log(label: str, server: Server) -> None:
    reqs = server.requests()
    check(f"{label}: log has requests", len(reqs) > 5, len(reqs))
    check(
        f"{label}: log lines' shape",
        all({"time", "method", "path", "query", "headers", "header_list", "body"} <= r.keys() for r in reqs),
        reqs[:1],
    )
    check(f"{label}: log saw Authorization", all(r["headers"].get("authorization") == "Bearer tok-1" for r in reqs), reqs[:1])
    check(f"{label}: log saw tools/call bodies", any('"tools/call"' in r["body"] and '"search"' in r["body"] for r in reqs), "")


ENV = {"KW_TOKEN": "tok-1", "KW_HEADERS": json.dumps({"X-Keywarden-Key": "k1"})}


def main() -> None:
    servers: list[Server] = []
    try:
        s1 = Server([PY1, str(HERE / "server1.py")])
        s1j = Server([PY1, str(HERE / "server1.py"), "--json-response"], log=False)
        s1s = Server([PY1, str(HERE / "server1.py"), "--stateless", "--page-size", "4", "--unicode-tool"], log=False)
        s2 = Server([PY2, str(HERE / "server2.py")])
        s2j = Server([PY2, str(HERE / "server2.py"), "--json-response"], log=False)
        s2p = Server([PY2, str(HERE / "server2.py"), "--page-size", "5", "--unicode-tool", "--tools-cache", "public:60000"], log=False)
        ev = Server(["node", str(NODE_DIR / "everything.mjs")])
        servers = [s1, s1j, s1s, s2, s2j, s2p, ev]

        check_python_run("client1 -> server1", run_client(CLIENT1, s1.url, STEPS, ENV), "2025-11-25", session=True)
        check_log("server1 --log", s1)
        check_python_run("client1 -> server1 --json-response", run_client(CLIENT1, s1j.url, STEPS, ENV), "2025-11-25", True, streamed=False)
        check_python_run("client2 -> server2", run_client(CLIENT2, s2.url, STEPS, ENV), "2026-07-28", session=False)
        check_log("server2 --log", s2)
        check_python_run("client2 --mode legacy -> server2", run_client([*CLIENT2, "--mode", "legacy"], s2.url, STEPS, ENV), "2025-11-25", True)
        check_python_run("client2 -> server2 --json-response", run_client(CLIENT2, s2j.url, STEPS, ENV), "2026-07-28", False, streamed=False)
        check_python_run("client2 (auto, falls back) -> server1", run_client(CLIENT2, s1.url, STEPS, ENV), "2025-11-25", session=True)
        check_python_run("client1 -> server2", run_client(CLIENT1, s2.url, STEPS, ENV), "2025-11-25", session=True)

        # Pagination, a non-ASCII tool name (base64 Mcp-Name at 2026-07-28), stateless 1.x.
        names = [*PY_TOOLS, "r\u00e9sum\u00e9"]
        for label, argv, server, pages in [
            ("client1 -> server1 --stateless --page-size 4", CLIENT1, s1s, 4),
            ("client2 -> server2 --page-size 5", CLIENT2, s2p, 3),
            ("client2 legacy -> server2 --page-size 5", [*CLIENT2, "--mode", "legacy"], s2p, 3),
        ]:
            out = run_client(argv, server.url, [["list"], ["call", "r\u00e9sum\u00e9", {}], ["session"]])
            check(f"{label}: pages", out[0] == {"tools": names, "pages": pages}, out[0])
            check(f"{label}: unicode tool", out[1] == {"content": ["r\u00e9sum\u00e9"], "is_error": False}, out[1])
        out = run_client(CLIENT1, s1s.url, [["session"]])
        check("server1 --stateless: no session id", out == [{"session_id": None, "protocol_version": "2025-11-25"}], out)

        # Failures: timeouts, a closed port, a bad usage.
        for label, argv in [("client1", CLIENT1), ("client2", CLIENT2)]:
            url = s1.url if label == "client1" else s2.url
            out = run_client([*argv, "--timeout", "0.3"], url, [["call", "slow", {"steps": 2, "delay": 0.5}], ["call", "search", {"query": "after"}]])
            check(f"{label}: step timeout", out == [{"timeout": True}, {"content": ["results for after"], "is_error": False}], out)
        for label, argv in [("client1", CLIENT1), ("client2", CLIENT2), ("client.mjs", CLIENT_TS)]:
            out = run_client(argv, "http://127.0.0.1:9/mcp", [["list"], ["session"]])
            check(
                f"{label}: connection refused",
                len(out) == 2 and out[0]["http_error"]["status"] is None and out[1].get("not_run") is True,
                out,
            )
            bad = subprocess.run([*argv, "--url", s1.url, "--steps", '[["nonsense"]]'], capture_output=True, text=True, timeout=30)
            check(f"{label}: bad usage exits 2", bad.returncode == 2 and bad.stdout == "", (bad.returncode, bad.stdout))

        # The TypeScript client against server-everything (and against the Python servers).
        ts_steps = [
            ["session"],
            ["list"],
            ["call", "echo", {"message": "hi"}],
            ["call", "get-sum", {"a": 1, "b": 2}],
            ["progress", 3, 0.2],
            ["sleep", 0.05],
            ["bench", "echo", {"message": "b"}, 20, 4],
            ["first_event", 5],
        ]
        out = run_client(CLIENT_TS, ev.url, ts_steps, ENV)
        check("client.mjs -> everything: one line per step", len(out) == len(ts_steps), out)
        if len(out) == len(ts_steps):
            sess, lst, echo, total, prog, slept, bench, first = out
            check("client.mjs -> everything: session", sess["protocol_version"] == "2025-11-25" and sess["session_id"], sess)
            check("client.mjs -> everything: list", "echo" in lst["tools"] and "trigger-long-running-operation" in lst["tools"], lst)
            check("client.mjs -> everything: echo", echo == {"content": ["Echo: hi"], "is_error": False}, echo)
            check("client.mjs -> everything: get-sum", total == {"content": ["The sum of 1 and 2 is 3."], "is_error": False}, total)
            times = [t for _, t in prog["progress"]]
            check(
                "client.mjs -> everything: progress streamed",
                [p for p, _ in prog["progress"]] == [1, 2, 3] and times[0] < 0.4 and times[0] < prog["result_at"] - 0.3,
                prog,
            )
            check("client.mjs -> everything: sleep", slept == {"slept": 0.05}, slept)
            check("client.mjs -> everything: bench", bench["ok"] == 20 and bench["errors"] == 0, bench)
            check("client.mjs -> everything: first_event", first["errors"] == 0 and first["first_event_median_ms"] is not None, first)
        reqs = ev.requests()
        check("everything --log", reqs and all(r["headers"].get("authorization") == "Bearer tok-1" for r in reqs), reqs[:1])
        for label, server in [("server1", s1), ("server2", s2)]:
            out = run_client([*CLIENT_TS, "--progress-tool", "slow"], server.url, [["list"], ["call", "search", {"query": "ts"}], ["progress", 2, 0.2]])
            check(f"client.mjs -> {label}: list", out[0] == {"tools": PY_TOOLS, "pages": 1}, out[0])
            check(f"client.mjs -> {label}: call", out[1] == {"content": ["results for ts"], "is_error": False}, out[1])
            check(f"client.mjs -> {label}: progress", [p for p, _ in out[2]["progress"]] == [1, 2] and out[2]["content"] == ["done"], out[2])
    finally:
        for server in servers:
            server.stop()
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    t0 = time.monotonic()
    main()
