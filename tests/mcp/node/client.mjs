#!/usr/bin/env node
// MCP fixture client on the official TypeScript SDK (@modelcontextprotocol/sdk:
// Client + StreamableHTTPClientTransport), with the same interface and output
// lines as tests/mcp/client1.py and client2.py:
//
//   KW_TOKEN=... KW_HEADERS='{"X-A": "b"}' node tests/mcp/node/client.mjs \
//       --url http://127.0.0.1:P/mcp --steps '[["list"], ["call", "echo", {"message": "hi"}]]' \
//       [--timeout 10] [--progress-tool NAME] [--terminate]
//
// Steps run in one session (initialize first); one JSON line per step on
// stdout. ["progress", steps, delay] calls server-everything's
// `trigger-long-running-operation` with {"duration": steps * delay, "steps": steps}
// (it sends notifications/progress after each step, duration/steps seconds
// apart); --progress-tool slow switches to the Python fixtures' `slow` tool
// ({"steps", "delay"}), so this client also drives server1.py / server2.py.
// --terminate sends the DELETE that ends the session when done (the SDK's
// Client.close() alone does not). Exit status 0 whenever the steps ran, 2 on
// bad usage.
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";

function usage(message) {
  console.error(`usage error: ${message}`);
  process.exit(2);
}

let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      url: { type: "string" },
      steps: { type: "string" },
      timeout: { type: "string", default: "10" },
      "progress-tool": { type: "string", default: "trigger-long-running-operation" },
      terminate: { type: "boolean", default: false },
    },
  }));
} catch (e) {
  usage(e.message);
}
if (!opts.url || !opts.steps) usage("--url and --steps are required");
const timeoutMs = Number(opts.timeout) * 1000;
if (!(timeoutMs > 0)) usage("--timeout must be a positive number of seconds");

const ARITY = { list: [0, 0], call: [1, 2], progress: [0, 2], session: [0, 0], sleep: [1, 1], bench: [4, 4], first_event: [1, 1] };
let steps;
try {
  steps = JSON.parse(opts.steps);
} catch (e) {
  usage(`--steps is not JSON: ${e.message}`);
}
if (!Array.isArray(steps)) usage("--steps must be a JSON array");
for (const step of steps) {
  if (!Array.isArray(step) || !(step[0] in ARITY)) usage(`not a step: ${JSON.stringify(step)}`);
  const [lo, hi] = ARITY[step[0]];
  if (step.length - 1 < lo || step.length - 1 > hi) usage(`step ${JSON.stringify(step)} takes ${lo}..${hi} arguments`);
}

const headers = {};
if (process.env.KW_TOKEN) headers.Authorization = `Bearer ${process.env.KW_TOKEN}`;
if (process.env.KW_HEADERS) {
  let extra;
  try {
    extra = JSON.parse(process.env.KW_HEADERS);
  } catch (e) {
    usage(`KW_HEADERS is not JSON: ${e.message}`);
  }
  if (typeof extra !== "object" || extra === null || Array.isArray(extra) || !Object.values(extra).every((v) => typeof v === "string")) {
    usage("KW_HEADERS must be a JSON object of strings");
  }
  Object.assign(headers, extra);
}

const emit = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");
const now = () => performance.now() / 1000;
const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits;

class StepTimeout extends Error {}

// One request with the step timeout: aborting cancels it in the SDK (it sends notifications/cancelled).
async function withTimeout(fn) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    return await fn({ signal: controller.signal, timeout: timeoutMs * 2 });
  } catch (e) {
    if (timedOut) throw new StepTimeout();
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

function classify(e) {
  if (e instanceof StepTimeout) return { timeout: true };
  if (e instanceof StreamableHTTPError && e.code > 0) {
    return { http_error: { status: e.code, message: e.message.replace(/^Streamable HTTP error: /, "") } };
  }
  if (e instanceof McpError) {
    return { error: { code: e.code, message: e.message.replace(/^MCP error -?\d+: /, "") } };
  }
  const cause = e?.cause?.code || e?.cause?.message;
  return { http_error: { status: null, message: `${e?.name ?? "Error"}: ${e?.message ?? e}${cause ? ` (${cause})` : ""}` } };
}

const textsOf = (result) => (result.content ?? []).map((c) => (c.type === "text" ? c.text : `[${c.type}]`));

function progressCall(n, delay) {
  if (opts["progress-tool"] === "slow") return ["slow", { steps: n, delay }];
  return [opts["progress-tool"], { duration: n * delay, steps: n }];
}

function statsMs(samples) {
  if (samples.length === 0) return [null, null];
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  const p99 = s[Math.max(0, Math.ceil(0.99 * n) - 1)];
  return [round(median * 1000, 3), round(p99 * 1000, 3)];
}

let client;
let transport;

async function callTool(name, args, onprogress) {
  const result = await withTimeout((o) => client.callTool({ name, arguments: args }, undefined, { ...o, onprogress }));
  return [textsOf(result), Boolean(result.isError)];
}

async function runStep(step) {
  const [kind] = step;
  try {
    switch (kind) {
      case "sleep":
        await new Promise((r) => setTimeout(r, Number(step[1]) * 1000));
        return { slept: Number(step[1]) };
      case "list": {
        const names = [];
        let cursor;
        let pages = 0;
        do {
          const page = await withTimeout((o) => client.listTools(cursor ? { cursor } : undefined, o));
          names.push(...page.tools.map((t) => t.name));
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor && pages < 100);
        return { tools: names, pages };
      }
      case "call": {
        const [content, isError] = await callTool(step[1], step[2] ?? {});
        return { content, is_error: isError };
      }
      case "progress": {
        const events = [];
        const t0 = now();
        const [name, args] = progressCall(step.length > 1 ? Number(step[1]) : 3, step.length > 2 ? Number(step[2]) : 0.2);
        const [content, isError] = await callTool(name, args, (p) => events.push([p.progress, round(now() - t0, 4)]));
        return { progress: events, result_at: round(now() - t0, 4), content, is_error: isError };
      }
      case "session":
        return { session_id: transport.sessionId ?? null, protocol_version: transport.protocolVersion ?? null };
      case "bench":
        return await bench(step[1], step[2], Number(step[3]), Number(step[4]));
      case "first_event":
        return await firstEvent(Number(step[1]));
    }
  } catch (e) {
    return classify(e);
  }
  throw new Error(`unreachable: ${kind}`);
}

async function bench(tool, args, n, concurrency) {
  const latencies = [];
  const errors = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next += 1;
      const t = now();
      try {
        const [, isError] = await callTool(tool, args);
        latencies.push(now() - t);
        if (isError) errors.push({ is_error: true });
      } catch (e) {
        errors.push(classify(e));
      }
    }
  };
  const t0 = now();
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  const wall = now() - t0;
  const [median, p99] = statsMs(latencies);
  const out = {
    median_ms: median,
    p99_ms: p99,
    per_s: wall > 0 ? round(latencies.length / wall, 2) : null,
    n,
    ok: latencies.length - errors.filter((e) => e.is_error).length,
    errors: errors.length,
  };
  if (errors.length) out.first_error = errors[0];
  return out;
}

async function firstEvent(n) {
  const samples = [];
  let errors = 0;
  for (let i = 0; i < n; i++) {
    const t0 = now();
    let first = null;
    const [name, args] = progressCall(1, 0);
    try {
      await callTool(name, args, () => {
        if (first === null) first = now() - t0;
      });
    } catch {
      errors += 1;
      continue;
    }
    if (first === null) errors += 1;
    else samples.push(first);
  }
  const [median, p99] = statsMs(samples);
  return { first_event_median_ms: median, first_event_p99_ms: p99, n, errors };
}

transport = new StreamableHTTPClientTransport(new URL(opts.url), { requestInit: { headers } });
client = new Client({ name: "keywarden-fixture-client-ts", version: "1.0" }, { capabilities: {} });
let done = 0;
try {
  await client.connect(transport, { timeout: timeoutMs });
  for (const step of steps) {
    emit(await runStep(step));
    done += 1;
  }
} catch (e) {
  // The session never opened (initialize failed): every step reports why.
  const out = classify(e);
  for (let i = done; i < steps.length; i++) emit(i === done ? out : { ...out, not_run: true });
}
if (opts.terminate) {
  try {
    await transport.terminateSession();
  } catch (e) {
    console.error(`terminating the session failed: ${e}`);
  }
}
await client.close().catch(() => {});
process.exit(0);
