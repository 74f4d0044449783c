"""MCP fixture server on the mcp 1.x SDK (FastMCP), Streamable HTTP at /mcp.

    tests/mcp/.venv1/bin/python tests/mcp/server1.py --port P [--log FILE]
        [--json-response] [--stateless] [--page-size N] [--unicode-tool]

Speaks the initialize-era protocol revisions (2024-11-05 .. 2025-11-25) with
Mcp-Session-Id sessions (none with --stateless). Prints one line,
{"ready": true, "port": N}, on stdout once it serves; logs go to stderr.
See README.md in this folder for the tools and the log format.
"""

from __future__ import annotations

import json
from typing import Annotated

import anyio
import mcp.types as types
from mcp.server.fastmcp import Context, FastMCP
from mcp.server.fastmcp.exceptions import ToolError
from mcp.shared.exceptions import McpError
from pydantic import Field

from kwmcp_common import LONG_TOOL_NAME, UNICODE_TOOL_NAME, serve, server_argparser

args = server_argparser(__doc__.splitlines()[0]).parse_args()

mcp = FastMCP(
    "keywarden-fixture-mcp1",
    instructions="Test fixture for keywarden's MCP gateway.",
    host=args.host,
    json_response=args.json_response,
    stateless_http=args.stateless,
    log_level="INFO" if args.verbose else "WARNING",
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
    request = ctx.request_context.request
    headers = dict(request.headers) if request is not None else {}
    return json.dumps(headers, sort_keys=True)


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


if args.page_size > 0:
    page_size = args.page_size

    async def list_tools_paged(request: types.ListToolsRequest) -> types.ListToolsResult:
        """tools/list in pages of --page-size; the cursor is opaque to clients ('page-<offset>')."""
        tools = await mcp.list_tools()
        cursor = request.params.cursor if request.params is not None else None
        start = 0
        if cursor is not None:
            if not cursor.startswith("page-") or not cursor[5:].isdigit() or int(cursor[5:]) > len(tools):
                raise McpError(types.ErrorData(code=types.INVALID_PARAMS, message=f"invalid cursor {cursor!r}"))
            start = int(cursor[5:])
        end = start + page_size
        return types.ListToolsResult(tools=tools[start:end], nextCursor=f"page-{end}" if end < len(tools) else None)

    mcp._mcp_server.list_tools()(list_tools_paged)  # replaces FastMCP's one-page handler


serve(mcp.streamable_http_app(), args)
