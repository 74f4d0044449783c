"""Shared parts of keywarden's MCP test fixtures (server1/2.py, client1/2.py).

Nothing here imports an MCP SDK: the same file is used under .venv1 (mcp 1.x)
and .venv2 (mcp 2.x). The fixture scripts put their own folder on sys.path
(Python does that for the script being run), so `import kwmcp_common` works
from any working directory.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import socket
import sys
import time
from typing import Any

# ---------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------

LONG_TOOL_NAME = "long_" + "x" * 123  # exactly 128 characters, the spec's maximum
assert len(LONG_TOOL_NAME) == 128
UNICODE_TOOL_NAME = "r\u00e9sum\u00e9"  # "résumé": only with --unicode-tool


def server_argparser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--port", type=int, required=True, help="TCP port on --host; 0 picks a free one (see the ready line)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--log", metavar="FILE", help="append one JSON line per HTTP request received (before it is handled)")
    p.add_argument(
        "--json-response",
        action="store_true",
        help="answer POSTs with application/json instead of text/event-stream (progress is then not streamed)",
    )
    p.add_argument(
        "--stateless",
        action="store_true",
        help="stateless Streamable HTTP for the initialize-era protocol (no Mcp-Session-Id)",
    )
    p.add_argument("--page-size", type=int, default=0, help="paginate tools/list with this many tools a page (0: one page)")
    p.add_argument("--unicode-tool", action="store_true", help=f"also register a tool named {UNICODE_TOOL_NAME!r}")
    p.add_argument("--verbose", action="store_true", help="SDK and uvicorn logs at INFO on stderr (default WARNING)")
    return p


def headers_of(scope: dict[str, Any]) -> tuple[dict[str, str], list[list[str]]]:
    """The request's headers as {lowercased name: value} (repeats joined by ', ') and as the raw list."""
    folded: dict[str, str] = {}
    raw: list[list[str]] = []
    for k, v in scope.get("headers", []):
        name = k.decode("latin-1").lower()
        value = v.decode("latin-1")
        raw.append([name, value])
        folded[name] = folded[name] + ", " + value if name in folded else value
    return folded, raw


class FixtureASGI:
    """Wraps the SDK's ASGI app: the --log request log, and the ready line.

    With a log file, each HTTP request is read whole, written as one JSON line
    {"time", "method", "path", "query", "headers", "header_list", "body"} and
    flushed, and only then handed to the SDK's app (which gets the same body).
    After the app's lifespan startup completes, one line
    `{"ready": true, "port": N}` is printed on stdout; nothing else is.
    """

    def __init__(self, app: Any, log_path: str | None, port: int) -> None:
        self.app = app
        self.port = port
        self.log = open(log_path, "a", encoding="utf-8") if log_path else None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":

            async def send_lifespan(message: dict[str, Any]) -> None:
                await send(message)
                if message["type"] == "lifespan.startup.complete":
                    print(json.dumps({"ready": True, "port": self.port}), flush=True)

            await self.app(scope, receive, send_lifespan)
            return
        if scope["type"] != "http" or self.log is None:
            await self.app(scope, receive, send)
            return
        pending: list[dict[str, Any]] = []
        body = b""
        while True:
            message = await receive()
            pending.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        folded, raw = headers_of(scope)
        line = {
            "time": time.time(),
            "method": scope["method"],
            "path": scope["path"],
            "query": scope.get("query_string", b"").decode("latin-1"),
            "headers": folded,
            "header_list": raw,
            "body": body.decode("utf-8", "replace"),
        }
        self.log.write(json.dumps(line) + "\n")
        self.log.flush()

        async def replay() -> dict[str, Any]:
            if pending:
                return pending.pop(0)
            return await receive()

        await self.app(scope, replay, send)


def serve(app: Any, args: argparse.Namespace) -> None:
    """Run `app` under uvicorn on args.host:args.port (a socket bound here, so --port 0 works)."""
    import uvicorn

    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    # proto=IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets whose proto says TCP, and
    # without it a reused keep-alive connection stalls ~40 ms per response (Nagle + delayed ACK).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(512)
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        FixtureASGI(app, args.log, port),
        log_level="info" if args.verbose else "warning",
        lifespan="on",
        timeout_graceful_shutdown=1,
    )
    uvicorn.Server(config).run(sockets=[sock])


# ---------------------------------------------------------------------------
# Clients
# ---------------------------------------------------------------------------

USAGE_EXIT = 2


def client_argparser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description=description,
        epilog="Bearer token from env KW_TOKEN, extra headers from env KW_HEADERS (a JSON object).",
    )
    p.add_argument("--url", required=True, help="the MCP endpoint, e.g. http://127.0.0.1:8931/mcp")
    p.add_argument("--steps", required=True, help='JSON array of steps, e.g. \'[["list"], ["call", "search", {"query": "q"}]]\'')
    p.add_argument("--timeout", type=float, default=10.0, help="seconds a step may take before it reports {\"timeout\": true}")
    return p


def parse_steps(text: str) -> list[list[Any]]:
    """Validate the --steps JSON; exits with status 2 on bad usage."""
    try:
        steps = json.loads(text)
    except ValueError as e:
        usage(f"--steps is not JSON: {e}")
    if not isinstance(steps, list):
        usage("--steps must be a JSON array")
    arity = {"list": (0, 0), "call": (1, 2), "progress": (0, 2), "session": (0, 0), "sleep": (1, 1), "bench": (4, 4), "first_event": (1, 1)}
    for step in steps:
        if not isinstance(step, list) or not step or step[0] not in arity:
            usage(f"not a step: {json.dumps(step)} (kinds: {', '.join(arity)})")
        lo, hi = arity[step[0]]
        if not lo <= len(step) - 1 <= hi:
            usage(f"step {json.dumps(step)} takes {lo}..{hi} arguments")
    return steps


def usage(message: str) -> None:
    print(f"usage error: {message}", file=sys.stderr)
    sys.exit(USAGE_EXIT)


def request_headers() -> dict[str, str]:
    """Authorization from KW_TOKEN, then KW_HEADERS (a JSON object of strings) on top."""
    headers: dict[str, str] = {}
    token = os.environ.get("KW_TOKEN")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    extra = os.environ.get("KW_HEADERS")
    if extra:
        try:
            parsed = json.loads(extra)
        except ValueError as e:
            usage(f"KW_HEADERS is not JSON: {e}")
        if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
            usage("KW_HEADERS must be a JSON object of strings")
        headers.update(parsed)
    return headers


def emit(obj: dict[str, Any]) -> None:
    print(json.dumps(obj), flush=True)


class HttpRecorder:
    """httpx/httpx2 response hook: remembers statuses, the session id, and bodies of failures.

    Lets the clients report an HTTP-layer failure as {"http_error": {...}} even
    when the SDK turns it into a stand-in JSON-RPC error (2.x) or a crash (1.x).
    """

    def __init__(self) -> None:
        self.responses: list[dict[str, Any]] = []
        self.session_id: str | None = None

    async def on_response(self, response: Any) -> None:
        entry: dict[str, Any] = {
            "method": response.request.method,
            "status": response.status_code,
            "content_type": response.headers.get("content-type", ""),
        }
        sid = response.headers.get("mcp-session-id")
        if sid:
            self.session_id = sid
        if response.status_code >= 400:
            try:
                await response.aread()
                entry["body"] = response.text[:500]
            except Exception as e:  # noqa: BLE001 - best effort
                entry["body"] = f"<unreadable: {e}>"
        self.responses.append(entry)

    def mark(self) -> int:
        return len(self.responses)

    def failure_since(self, mark: int) -> dict[str, Any] | None:
        """The last non-2xx response since `mark`, if any."""
        for entry in reversed(self.responses[mark:]):
            if entry["status"] >= 400:
                return entry
        return None


def is_jsonrpc_error_body(entry: dict[str, Any]) -> bool:
    """Whether a recorded failure carried a JSON-RPC error object (so the SDK saw a real error)."""
    if not entry.get("content_type", "").lower().startswith("application/json"):
        return False
    try:
        body = json.loads(entry.get("body", ""))
    except ValueError:
        return False
    return isinstance(body, dict) and isinstance(body.get("error"), dict) and "code" in body["error"]


def http_error(status: int | None, message: str) -> dict[str, Any]:
    return {"http_error": {"status": status, "message": message}}


def exception_text(e: BaseException) -> str:
    """A one-line description of an exception, digging into exception groups."""
    while isinstance(e, BaseExceptionGroup) and e.exceptions:
        e = e.exceptions[0]
    text = str(e) or type(e).__name__
    return f"{type(e).__name__}: {text}"


def innermost(e: BaseException) -> BaseException:
    while isinstance(e, BaseExceptionGroup) and e.exceptions:
        e = e.exceptions[0]
    return e


def stats_ms(samples: list[float]) -> tuple[float | None, float | None]:
    """(median, p99 by nearest rank) of durations in seconds, as milliseconds."""
    if not samples:
        return None, None
    s = sorted(samples)
    n = len(s)
    median = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    p99 = s[max(0, math.ceil(0.99 * n) - 1)]
    return round(median * 1000, 3), round(p99 * 1000, 3)


class StepRunner:
    """Runs the steps in one connection through an SDK adapter and prints one JSON line per step.

    The adapter (client1.py / client2.py) provides:
      async list_page(cursor) -> (names, next_cursor)
      async call(name, arguments, progress_callback or None) -> (texts, is_error)
      session_info() -> (session_id or None, protocol_version or None)
      error_of(exception) -> {"code", "message"} for a JSON-RPC error, else None
    """

    PROGRESS_TOOL = "slow"

    def __init__(self, adapter: Any, recorder: HttpRecorder, timeout: float) -> None:
        self.adapter = adapter
        self.recorder = recorder
        self.timeout = timeout

    def classify(self, e: BaseException, mark: int) -> dict[str, Any]:
        """The output line for a step that raised `e` (HTTP records since `mark` say whether HTTP failed)."""
        failure = self.recorder.failure_since(mark)
        error = self.adapter.error_of(innermost(e))
        if error is not None and (failure is None or is_jsonrpc_error_body(failure)):
            out: dict[str, Any] = {"error": error}
            if failure is not None:
                out["http_status"] = failure["status"]
            return out
        if failure is not None:
            return http_error(failure["status"], failure.get("body") or (error or {}).get("message") or exception_text(e))
        return http_error(None, exception_text(e))

    async def run(self, step: list[Any]) -> dict[str, Any]:
        import anyio

        kind = step[0]
        mark = self.recorder.mark()
        try:
            if kind == "sleep":
                await anyio.sleep(float(step[1]))
                return {"slept": float(step[1])}
            if kind == "bench":
                return await self.bench(step[1], step[2], int(step[3]), int(step[4]))
            if kind == "first_event":
                return await self.first_event(int(step[1]))
            with anyio.fail_after(self.timeout):
                if kind == "list":
                    return await self.list_all()
                if kind == "call":
                    texts, is_error = await self.adapter.call(step[1], step[2] if len(step) > 2 else {}, None)
                    return {"content": texts, "is_error": is_error}
                if kind == "progress":
                    return await self.progress(int(step[1]) if len(step) > 1 else 3, float(step[2]) if len(step) > 2 else 0.2)
                if kind == "session":
                    sid, version = self.adapter.session_info()
                    return {"session_id": sid, "protocol_version": version}
            raise AssertionError(kind)  # parse_steps admits no other kind
        except TimeoutError:
            return {"timeout": True}
        except Exception as e:  # noqa: BLE001 - every failure becomes an output line
            return self.classify(e, mark)

    async def list_all(self) -> dict[str, Any]:
        names: list[str] = []
        cursor: str | None = None
        pages = 0
        while True:
            page, cursor = await self.adapter.list_page(cursor)
            names.extend(page)
            pages += 1
            if cursor is None or pages >= 100:
                return {"tools": names, "pages": pages}

    def progress_call(self, steps: int, delay: float) -> tuple[str, dict[str, Any]]:
        return self.PROGRESS_TOOL, {"steps": steps, "delay": delay}

    async def progress(self, steps: int, delay: float) -> dict[str, Any]:
        events: list[list[float]] = []
        t0 = time.monotonic()

        async def on_progress(progress: float, total: float | None, message: str | None) -> None:
            events.append([progress, round(time.monotonic() - t0, 4)])

        name, arguments = self.progress_call(steps, delay)
        texts, is_error = await self.adapter.call(name, arguments, on_progress)
        return {
            "progress": events,
            "result_at": round(time.monotonic() - t0, 4),
            "content": texts,
            "is_error": is_error,
        }

    async def bench(self, tool: str, arguments: dict[str, Any], n: int, concurrency: int) -> dict[str, Any]:
        import anyio

        latencies: list[float] = []
        errors: list[dict[str, Any]] = []
        limiter = anyio.Semaphore(max(1, concurrency))

        async def one() -> None:
            async with limiter:
                mark = self.recorder.mark()
                t = time.monotonic()
                try:
                    with anyio.fail_after(self.timeout):
                        _, is_error = await self.adapter.call(tool, arguments, None)
                    latencies.append(time.monotonic() - t)
                    if is_error:
                        errors.append({"is_error": True})
                except TimeoutError:
                    errors.append({"timeout": True})
                except Exception as e:  # noqa: BLE001
                    errors.append(self.classify(e, mark))

        t0 = time.monotonic()
        async with anyio.create_task_group() as tg:
            for _ in range(n):
                tg.start_soon(one)
        wall = time.monotonic() - t0
        median, p99 = stats_ms(latencies)
        out: dict[str, Any] = {
            "median_ms": median,
            "p99_ms": p99,
            "per_s": round(len(latencies) / wall, 2) if wall > 0 else None,
            "n": n,
            "ok": len(latencies) - sum(1 for e in errors if e.get("is_error")),
            "errors": len(errors),
        }
        if errors:
            out["first_error"] = errors[0]
        return out

    async def first_event(self, n: int) -> dict[str, Any]:
        """n sequential progress calls (one step, no delay): time from sending to the first progress event."""
        import anyio

        samples: list[float] = []
        errors = 0
        for _ in range(n):
            t0 = time.monotonic()
            first: list[float] = []

            async def on_progress(progress: float, total: float | None, message: str | None) -> None:
                if not first:
                    first.append(time.monotonic() - t0)

            name, arguments = self.progress_call(1, 0.0)
            try:
                with anyio.fail_after(self.timeout):
                    await self.adapter.call(name, arguments, on_progress)
            except Exception:  # noqa: BLE001 - counted, not reported one by one
                errors += 1
                continue
            if first:
                samples.append(first[0])
            else:
                errors += 1
        median, p99 = stats_ms(samples)
        return {"first_event_median_ms": median, "first_event_p99_ms": p99, "n": n, "errors": errors}


async def run_steps(steps: list[list[Any]], runner: StepRunner, connect: Any) -> None:
    """Open the connection with `connect` (an async context manager yielding nothing), run every step in it.

    If the connection itself dies (or never opens), the step it died in and
    every step after it report that failure instead of crashing the script.
    """
    done = 0
    mark = runner.recorder.mark()
    try:
        async with connect():
            for step in steps:
                mark = runner.recorder.mark()
                emit(await runner.run(step))
                done += 1
    except (Exception, BaseExceptionGroup) as e:  # noqa: BLE001 - groups from the SDKs' task groups too
        if done < len(steps):
            out = runner.classify(e, mark)
            emit(out)
            later = {**out}
            for step in steps[done + 1 :]:
                emit({**later, "not_run": True})
        else:
            print(f"closing the connection failed: {exception_text(e)}", file=sys.stderr)
