"""MCP fixture server on the mcp 2.x SDK (MCPServer), Streamable HTTP at /mcp.

    tests/mcp/.venv2/bin/python tests/mcp/server2.py --port P [--log FILE]
        [--json-response] [--stateless] [--page-size N] [--unicode-tool]
        [--tools-cache SCOPE:TTL_MS]

One endpoint serves both eras: a request whose MCP-Protocol-Version header is
2026-07-28 takes the stateless per-request path (server/discover, no
initialize, no session); anything else (no header, or 2024-11-05..2025-11-25)
takes the initialize-era path with Mcp-Session-Id sessions (none with
--stateless). Prints one line, {"ready": true, "port": N}, on stdout once it
serves; logs go to stderr. See README.md in this folder.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import anyio
import mcp_types as types
from mcp.server.caching import CacheHint
from mcp.server.context import ServerRequestContext
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.shared.exceptions import MCPError
from pydantic import Field

from kwmcp_common import LONG_TOOL_NAME, UNICODE_TOOL_NAME, serve, server_argparser

parser = server_argparser(__doc__.splitlines()[0])
parser.add_argument(
    "--tools-cache",
    metavar="SCOPE:TTL_MS",
    help="cache hint for tools/list results at 2026-07-28, e.g. public:60000 (default: the SDK's, private:0)",
)
args = parser.parse_args()

cache_hints: dict[Any, CacheHint] | None = None
if args.tools_cache:
    scope, _, ttl = args.tools_cache.partition(":")
    cache_hints = {"tools/list": CacheHint(ttl_ms=int(ttl or 0), scope=scope)}  # type: ignore[arg-type]


class FixtureServer(MCPServer):
    """MCPServer whose tools/list is paginated when --page-size is given."""

    async def _handle_list_tools(
        self, ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        tools = await self.list_tools()
        if args.page_size <= 0:
            return types.ListToolsResult(tools=tools)
        cursor = params.cursor if params is not None else None
        start = 0
        if cursor is not None:
            if not cursor.startswith("page-") or not cursor[5:].isdigit() or int(cursor[5:]) > len(tools):
                raise MCPError(types.INVALID_PARAMS, f"invalid cursor {cursor!r}")
            start = int(cursor[5:])
        end = start + args.page_size
        return types.ListToolsResult(tools=tools[start:end], next_cursor=f"page-{end}" if end < len(tools) else None)


mcp = FixtureServer(
    "keywarden-fixture-mcp2",
    instructions="Test fixture for keywarden's MCP gateway.",
    log_level="INFO" if args.verbose else "WARNING",
    cache_hints=cache_hints,
)


@mcp.tool(description="Search the records.")
def search(query: str) -> str:
    return f"results for {query}"


@mcp.tool(description="Delete one record.")
def delete_record(id: str) -> str:  # noqa: A002 - the tool's argument is called id
    return f"deleted {id}"


@mcp.tool(description="Reports progress after each of `steps` steps, `delay` seconds apart, then returns 'done'.")
async def slow(ctx: Context, steps: int = 3, delay: float = 0.2) -> str:
    for i in range(1, steps + 1):
        await anyio.sleep(delay)
        await ctx.report_progress(i, steps, f"step {i}/{steps}")
    return "done"


@mcp.tool(name=LONG_TOOL_NAME, description="A tool whose name is exactly 128 characters.")
def long_tool() -> str:
    return "long"


@mcp.tool(description="Returns its argument.")
def echo(text: str) -> str:
    return text


@mcp.tool(description="Adds two integers.")
def add(a: int, b: int) -> str:
    return str(a + b)


@mcp.tool(description="Always fails: a tool result with isError true.")
def fail(message: str = "failed on purpose") -> str:
    raise ToolError(message)


@mcp.tool(description="The HTTP request headers this server received for this call, as JSON.")
def whoami(ctx: Context) -> str:
    return json.dumps(dict(ctx.headers or {}), sort_keys=True)


@mcp.tool(description="Administrative: reset everything.")
def admin_reset() -> str:
    return "reset"


@mcp.tool(description="Administrative: rotate keys.")
def admin_rotate_keys() -> str:
    return "rotated"


@mcp.tool(name="files.read", description="Reads a file (a dotted tool name).")
def files_read(path: str) -> str:
    return f"read {path}"


@mcp.tool(name="files-write", description="Writes a file (a dashed tool name).")
def files_write(path: str, text: str = "") -> str:
    return f"wrote {len(text)} bytes to {path}"


@mcp.tool(description="Search in one region; `region` is marked x-mcp-header (mirrored as Mcp-Param-Region by 2026-07-28 clients).")
def regional_search(query: str, region: Annotated[str, Field(json_schema_extra={"x-mcp-header": "Region"})]) -> str:
    return f"results for {query} in {region}"


if args.unicode_tool:

    @mcp.tool(name=UNICODE_TOOL_NAME, description="A tool with a non-ASCII name.")
    def unicode_tool() -> str:
        return UNICODE_TOOL_NAME


serve(
    mcp.streamable_http_app(json_response=args.json_response, stateless_http=args.stateless, host=args.host),
    args,
)
