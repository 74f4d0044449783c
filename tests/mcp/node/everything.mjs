#!/usr/bin/env node
// Starts @modelcontextprotocol/server-everything's Streamable HTTP server on 127.0.0.1.
//
//   node tests/mcp/node/everything.mjs --port P [--log FILE]
//
// The package itself (`mcp-server-everything streamableHttp`) takes its port
// from the PORT environment variable (default 3001) and listens on every
// interface, path /mcp. This wrapper sets PORT, makes the listen go to
// 127.0.0.1 only, and sends the server's chatter (console.log) to stderr, so
// stdout carries one line, {"ready": true, "port": N}, once it accepts.
// --port 0 picks a free port (read it from the ready line).
//
// --log FILE: the server is put on a private port behind a small pass-through
// proxy on P that appends one JSON line per request to FILE, in the same shape
// as the Python fixtures' --log ({"time", "method", "path", "query",
// "headers", "header_list", "body"}), written before the request is forwarded.
// Responses (SSE included) are streamed back unbuffered.
import fs from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";

let args;
try {
  ({ values: args } = parseArgs({
    options: { port: { type: "string" }, log: { type: "string" }, host: { type: "string", default: "127.0.0.1" } },
  }));
} catch (e) {
  console.error(`usage error: ${e.message}`);
  process.exit(2);
}
if (args.port === undefined || !/^\d+$/.test(args.port)) {
  console.error("usage: node everything.mjs --port P [--log FILE] [--host 127.0.0.1]");
  process.exit(2);
}
const host = args.host;

// The server logs every request with console.log: keep stdout for the ready line.
console.log = (...a) => console.error(...a);

function ready(port) {
  process.stdout.write(JSON.stringify({ ready: true, port }) + "\n");
}

function startLogProxy(innerPort) {
  const agent = new http.Agent({ keepAlive: true });
  const front = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url, "http://x");
      const headerList = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        headerList.push([req.rawHeaders[i].toLowerCase(), req.rawHeaders[i + 1]]);
      }
      const folded = {};
      for (const [k, v] of headerList) folded[k] = k in folded ? `${folded[k]}, ${v}` : v;
      fs.appendFileSync(
        args.log,
        JSON.stringify({
          time: Date.now() / 1000,
          method: req.method,
          path: url.pathname,
          query: url.search.replace(/^\?/, ""),
          headers: folded,
          header_list: headerList,
          body: body.toString("utf8"),
        }) + "\n",
      );
      const upstream = http.request(
        { host: "127.0.0.1", port: innerPort, method: req.method, path: req.url, headers: req.headers, agent },
        (upRes) => {
          res.writeHead(upRes.statusCode, upRes.headers);
          upRes.pipe(res);
        },
      );
      upstream.on("error", (e) => {
        if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
        res.end(String(e));
      });
      res.on("close", () => upstream.destroy());
      upstream.end(body);
    });
  });
  front.listen(Number(args.port), host, () => ready(front.address().port));
}

// express's app.listen(PORT, cb) becomes listen(PORT, host, cb) here.
const originalListen = http.Server.prototype.listen;
let patched = true;
http.Server.prototype.listen = function (...a) {
  if (!patched || (typeof a[0] !== "number" && typeof a[0] !== "string")) {
    return originalListen.apply(this, a);
  }
  patched = false; // only the everything server's own listen
  const cb = a.find((x) => typeof x === "function");
  return originalListen.call(this, Number(a[0]), args.log ? "127.0.0.1" : host, () => {
    if (cb) cb();
    const port = this.address().port;
    if (args.log) startLogProxy(port);
    else ready(port);
  });
};

process.env.PORT = args.log ? "0" : args.port;
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));
await import("@modelcontextprotocol/server-everything/dist/transports/streamableHttp.js");
