"""MCP fixture client on the mcp 1.x SDK (ClientSession over streamable_http_client).

    KW_TOKEN=... KW_HEADERS='{"X-A": "b"}' tests/mcp/.venv1/bin/python tests/mcp/client1.py \
        --url http://127.0.0.1:P/mcp --steps '[["list"], ["call", "search", {"query": "q"}]]'

Runs the steps in one session (initialize first) and prints one JSON line per
step; see README.md in this folder for the step kinds and output shapes.
Exit status 0 whenever the steps ran (even if they failed), 2 on bad usage.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx
import mcp.types as types
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import McpError

from kwmcp_common import HttpRecorder, StepRunner, client_argparser, parse_steps, request_headers, run_steps


def texts_of(result: types.CallToolResult) -> list[str]:
    return [c.text if isinstance(c, types.TextContent) else f"[{c.type}]" for c in result.content]


class Adapter:
    def __init__(self, url: str, headers: dict[str, str], recorder: HttpRecorder) -> None:
        self.url = url
        self.headers = headers
        self.recorder = recorder
        self.session: ClientSession | None = None
        self.get_session_id: Any = None
        self.protocol_version: str | None = None

    @contextlib.asynccontextmanager
    async def connect(self) -> AsyncIterator[None]:
        http = httpx.AsyncClient(
            headers=self.headers,
            timeout=httpx.Timeout(30.0, read=300.0),
            event_hooks={"response": [self.recorder.on_response]},
        )
        async with http, streamable_http_client(self.url, http_client=http) as (read, write, get_session_id):
            async with ClientSession(
                read, write, client_info=types.Implementation(name="keywarden-fixture-client1", version="1.0")
            ) as session:
                result = await session.initialize()
                self.session = session
                self.get_session_id = get_session_id
                self.protocol_version = str(result.protocolVersion)
                yield

    async def list_page(self, cursor: str | None) -> tuple[list[str], str | None]:
        assert self.session is not None
        result = await self.session.list_tools(params=types.PaginatedRequestParams(cursor=cursor) if cursor else None)
        return [t.name for t in result.tools], result.nextCursor

    async def call(self, name: str, arguments: dict[str, Any], progress: Any) -> tuple[list[str], bool]:
        assert self.session is not None
        result = await self.session.call_tool(name, arguments, progress_callback=progress)
        return texts_of(result), bool(result.isError)

    def session_info(self) -> tuple[str | None, str | None]:
        return (self.get_session_id() if self.get_session_id else None), self.protocol_version

    def error_of(self, e: BaseException) -> dict[str, Any] | None:
        if isinstance(e, McpError):
            return {"code": e.error.code, "message": e.error.message}
        return None


def main() -> None:
    args = client_argparser(__doc__.splitlines()[0]).parse_args()
    steps = parse_steps(args.steps)
    recorder = HttpRecorder()
    adapter = Adapter(args.url, request_headers(), recorder)
    runner = StepRunner(adapter, recorder, args.timeout)
    anyio.run(run_steps, steps, runner, adapter.connect)


if __name__ == "__main__":
    main()
