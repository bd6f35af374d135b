// Test support for the fetch builtins: a state with fetcherBuiltins put into its base
// environment (whether or not builtins/index.ts wires them yet), the Node host and fetcher;
// the HTTP server child process; running Nix (2.8 or 2.26) and normalising its error output.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { evaluate, EvalState, printValue } from "../../src/eval/index.js";
import { toNixError } from "../../src/eval/state.js";
import { PrimOp, type Value } from "../../src/eval/value.js";
import { fetcherBuiltins } from "../../src/eval/builtins/fetchers.js";
import { nodeHost } from "../../src/node/host-node.js";
import { nodeFetcher } from "../../src/node/fetcher-node.js";
import { oracle, type NixVersion } from "../support/oracle.js";

/** Outcome of one evaluation: printed value or error message, and warning lines. */
export interface Outcome {
  out?: string;
  err?: string;
  warnings: string[];
}

/** Evaluates `expr` with nixts (Node host and fetcher, in-memory store) in the mode of Nix
 * `version` (default 2.8), printing as `--eval --strict`. */
export function runNixts(expr: string, version: NixVersion = "2.8"): Outcome {
  const warnings: string[] = [];
  const host = { ...nodeHost(), printError: (l: string) => void warnings.push(l) };
  const fetcher = nodeFetcher({ toolStderr: "ignore", printError: (l) => void warnings.push(l) });
  const state = new EvalState(version === "2.8" ? { host, fetcher } : { host, fetcher, nixVersion: version });
  // Put our table in place of whatever the state has (a placeholder until index.ts wires it):
  // the slot of the base environment holding the old value gets the new one. (2.26 mode runs
  // the state's own builtins, as index.ts wires them, with their traces.)
  const env = state.baseEnv as unknown as Value[];
  for (const d of version === "2.8" ? fetcherBuiltins : []) {
    if (!("impl" in d) || (d.versions !== undefined && !d.versions.includes(state.nixVersion))) continue;
    const p = new PrimOp(d.name, d.arity, d.impl, d.lazy ?? false);
    const old = state.builtins.map.get(d.name);
    const slot = env.indexOf(old as Value);
    if (slot < 0) throw new Error(`${d.name} is not in the base environment`);
    env[slot] = p;
    state.builtins.map.set(d.name, p);
  }
  try {
    const v = evaluate(expr, { state });
    return { out: printValue(state, v, { strict: true }), warnings: warnings.filter((w) => w.startsWith("warning: ")) };
  } catch (e) {
    return { err: toNixError(e).message, warnings: warnings.filter((w) => w.startsWith("warning: ")) };
  }
}

/** Evaluates `expr` with `nix-instantiate --eval --strict` of Nix `version` (default 2.8), really
 * fetching, writing its store (2.26's own store under another root). */
export function runNix(expr: string, version: NixVersion = "2.8"): Outcome {
  const r = spawnSync(oracle(version).bin("nix-instantiate"), ["--eval", "--strict", "-E", expr], { encoding: "utf8", env: { ...process.env, NIX_PATH: "" } });
  const stderr = r.stderr ?? "";
  // Warnings Nix prints itself (a tool's own stderr, e.g. git's, is not part of the comparison).
  const warnings = stderr.split("\n").filter((l) => l.startsWith("warning: ") && !l.startsWith("warning: error:"));
  if (r.status === 0) return { out: (r.stdout ?? "").replace(/\n$/, ""), warnings };
  return { err: nixErrorMessage(stderr, version), warnings };
}

/** The message of Nix's last `error:` block, without position, code frame or hints, unindented
 * (under Nix 2.26's trace, the innermost message). */
export function nixErrorMessage(stderr: string, version: NixVersion = "2.8"): string {
  const lines = stderr.split("\n");
  let start = -1;
  for (let i = 0; i < lines.length; i++) if (lines[i]!.startsWith("error: ")) start = i;
  if (version !== "2.8") {
    for (let i = 0; i < lines.length; i++) if (/^ {7}error: /.test(lines[i]!)) start = i;
    if (start >= 0) lines[start] = lines[start]!.trimStart();
  }
  if (start < 0) return stderr;
  let text = lines.slice(start).join("\n").slice("error: ".length);
  // (Nix 2.26 puts the position right under the message, without a blank line.)
  const at = text.search(version === "2.8" ? /\n\n {7}at / : /\n\n? {7}at /);
  if (at >= 0) text = text.slice(0, at);
  const hint = text.indexOf("\n(use '--show-trace'");
  if (hint >= 0) text = text.slice(0, hint);
  // A usage error's hint names the program (`Try 'nix-instantiate --help'`); the CLI tests check it.
  text = text.replace(/\nTry '[^'\n]*' for more information\.\n*$/, "");
  return text.replace(/\n {7}/g, "\n").replace(/\n+$/, "");
}

/** A running test HTTP server (child process). */
export interface TestServer {
  readonly url: string;
  stop(): void;
}

/** Starts test/fetchers/server.mjs serving `root` on 127.0.0.1. */
export async function startServer(root: string): Promise<TestServer> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "server.mjs");
  const child: ChildProcess = spawn(process.execPath, [script, root], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (c: Buffer) => {
      buf += c.toString();
      if (buf.includes("\n")) resolve(buf.trim());
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      child.stdin!.end();
      child.kill();
    },
  };
}
