#!/usr/bin/env node
// The in-process column of `npm run bench`: runs one case through the CLI's main() inside this
// Node process, as a library user's long-running process would, N + 1 times; prints JSON with
// the first run's seconds (cold: modules loaded, JIT not warm), the median of the others (warm)
// and the sha256 of the first run's stdout (checked against Nix's by bench/run.mjs).
// Usage (from the case's working directory): node bench/in-process.mjs N ARGS...
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";

const [runsArg, ...args] = process.argv.slice(2);
const runs = Number(runsArg);
const { main, processIO } = await import(new URL("../dist/cli/main.js", import.meta.url).href);

const times = [];
let hash = "";
for (let i = 0; i <= runs; i++) {
  const out = [];
  const t = performance.now();
  const code = await main(args, { ...processIO, cwd: process.cwd(), stdout: (s) => out.push(s), stderr: () => {} });
  times.push((performance.now() - t) / 1000);
  if (code !== 0) throw new Error(`exit ${code}`);
  if (i === 0) hash = createHash("sha256").update(Buffer.from(out.join(""), "latin1")).digest("hex");
}
const warm = times.slice(1).sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ cold: times[0], warm: warm[Math.floor(warm.length / 2)] ?? times[0], hash }) + "\n");
