// Test support for the fetch builtins: a state with fetcherBuiltins put into its base
// environment (whether or not builtins/index.ts wires them yet), the Node host and fetcher;
// the HTTP server child process; running Nix 2.8 and normalising its error output.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { evaluate, EvalState, printValue } from "../../src/eval/index.js";
import { toNixError } from "../../src/eval/state.js";
import { PrimOp, type Value } from "../../src/eval/value.js";
import { fetcherBuiltins } from "../../src/eval/builtins/fetchers.js";
import { nodeHost } from "../../src/node/host-node.js";
import { nodeFetcher } from "../../src/node/fetcher-node.js";
import { nix28 } from "../support/oracle.js";

/** Outcome of one evaluation: printed value or error message, and warning lines. */
export interface Outcome {
  out?: string;
  err?: string;
  warnings: string[];
}

/** Evaluates `expr` with nixts (Node host and fetcher, in-memory store), printing as `--eval --strict`. */
export function runNixts(expr: string): Outcome {
  const warnings: string[] = [];
  const host = { ...nodeHost(), printError: (l: string) => void warnings.push(l) };
  const state = new EvalState({ host, fetcher: nodeFetcher({ toolStderr: "ignore", printError: (l) => void warnings.push(l) }) });
  // Put our table in place of whatever the state has (a placeholder until index.ts wires it):
  // the slot of the base environment holding the old value gets the new one.
  const env = state.baseEnv as unknown as Value[];
  for (const d of fetcherBuiltins) {
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

/** Evaluates `expr` with `nix-instantiate --eval --strict` (really fetching, writing /nix/store). */
export function runNix(expr: string): Outcome {
  const r = spawnSync(nix28.bin("nix-instantiate"), ["--eval", "--strict", "-E", expr], { encoding: "utf8", env: { ...process.env, NIX_PATH: "" } });
  const stderr = r.stderr ?? "";
  // Warnings Nix prints itself (a tool's own stderr, e.g. git's, is not part of the comparison).
  const warnings = stderr.split("\n").filter((l) => l.startsWith("warning: ") && !l.startsWith("warning: error:"));
  if (r.status === 0) return { out: (r.stdout ?? "").replace(/\n$/, ""), warnings };
  return { err: nixErrorMessage(stderr), warnings };
}

/** The message of Nix's last `error:` block, without position, code frame or hints, unindented. */
export function nixErrorMessage(stderr: string): string {
  const lines = stderr.split("\n");
  let start = -1;
  for (let i = 0; i < lines.length; i++) if (lines[i]!.startsWith("error: ")) start = i;
  if (start < 0) return stderr;
  let text = lines.slice(start).join("\n").slice("error: ".length);
  const at = text.search(/\n\n {7}at /);
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
