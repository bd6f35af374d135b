// A tiny static HTTP server for the fetcher tests, run as a child process so that nixts'
// synchronous downloads do not block it. Serves files under argv[2] on 127.0.0.1 (random
// port, printed as the first stdout line); `/status/N` answers with status N, `/redirect/P`
// redirects to `/P`. Exits when its stdin closes.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";

const root = path.resolve(process.argv[2] ?? ".");
const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const p = decodeURIComponent(url.pathname);
  const status = /^\/status\/(\d{3})$/.exec(p);
  if (status) {
    res.writeHead(Number(status[1]), { "content-type": "text/plain" });
    res.end("status page\n");
    return;
  }
  if (p.startsWith("/redirect/")) {
    res.writeHead(302, { location: "/" + p.slice("/redirect/".length) });
    res.end();
    return;
  }
  const file = path.join(root, p);
  if (!file.startsWith(root + path.sep)) {
    res.writeHead(403);
    res.end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
  }
});
server.listen(0, "127.0.0.1", () => {
  const addr = server.address();
  process.stdout.write(`${typeof addr === "object" && addr ? addr.port : 0}\n`);
});
process.stdin.on("end", () => server.close(() => process.exit(0)));
process.stdin.resume();
