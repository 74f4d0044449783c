"""MCP fixture client on the mcp 2.x SDK (mcp.Client over streamable_http_client).

    KW_TOKEN=... KW_HEADERS='{"X-A": "b"}' tests/mcp/.venv2/bin/python tests/mcp/client2.py \
        --url http://127.0.0.1:P/mcp --steps '[["list"], ["call", "search", {"query": "q"}]]' \
        [--mode auto|legacy|2026-07-28]

--mode auto (the SDK's default) probes server/discover at 2026-07-28 and falls
back to the initialize handshake on a server that does not speak it; legacy
forces initialize; 2026-07-28 adopts that revision with no probe at all.
The SDK's client-side response cache is off, so every list reaches the wire.
Runs the steps in one connection and prints one JSON line per step; see
README.md in this folder. Exit status 0 whenever the steps ran, 2 on bad usage.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx2
import mcp_types as types
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from kwmcp_common import HttpRecorder, StepRunner, client_argparser, parse_steps, request_headers, run_steps


def texts_of(result: types.CallToolResult) -> list[str]:
    return [c.text if isinstance(c, types.TextContent) else f"[{c.type}]" for c in result.content]


class Adapter:
    def __init__(self, url: str, headers: dict[str, str], recorder: HttpRecorder, mode: str) -> None:
        self.url = url
        self.headers = headers
        self.recorder = recorder
        self.mode = mode
        self.client: Client | None = None

    @contextlib.asynccontextmanager
    async def connect(self) -> AsyncIterator[None]:
        http = httpx2.AsyncClient(
            headers=self.headers,
            timeout=httpx2.Timeout(30.0, read=300.0),
            event_hooks={"response": [self.recorder.on_response]},
        )
        async with http:
            client = Client(
                streamable_http_client(self.url, http_client=http),
                mode=self.mode,
                cache=None,
                client_info=types.Implementation(name="keywarden-fixture-client2", version="2.0"),
            )
            async with client:
                self.client = client
                yield

    async def list_page(self, cursor: str | None) -> tuple[list[str], str | None]:
        assert self.client is not None
        result = await self.client.list_tools(cursor=cursor)
        return [t.name for t in result.tools], result.next_cursor

    async def call(self, name: str, arguments: dict[str, Any], progress: Any) -> tuple[list[str], bool]:
        assert self.client is not None
        result = await self.client.call_tool(name, arguments, progress_callback=progress)
        return texts_of(result), bool(result.is_error)

    def session_info(self) -> tuple[str | None, str | None]:
        version = self.client.protocol_version if self.client is not None else None
        return self.recorder.session_id, version

    def error_of(self, e: BaseException) -> dict[str, Any] | None:
        if isinstance(e, MCPError):
            return {"code": e.code, "message": e.message}
        return None


def main() -> None:
    parser = client_argparser(__doc__.splitlines()[0])
    parser.add_argument("--mode", default="auto", help="auto (default), legacy, or 2026-07-28")
    args = parser.parse_args()
    steps = parse_steps(args.steps)
    recorder = HttpRecorder()
    adapter = Adapter(args.url, request_headers(), recorder, args.mode)
    runner = StepRunner(adapter, recorder, args.timeout)
    anyio.run(run_steps, steps, runner, adapter.connect)


if __name__ == "__main__":
    main()
