// Helpers to use real Nix as the oracle in the derivation tests, for either pinned version
// (default 2.8): availability check (skip with a message outside CI, never in CI), batched
// nix-instantiate / nix-hash / show-derivation calls, and reading store files as byte strings
// (Nix 2.26 writes its .drv files into a store of its own, see Oracle.storeFile).

import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { announceSkip, oracle, type NixVersion } from "../support/oracle.js";

/**
 * Whether oracle tests should be skipped: only when Nix is missing and we are not in CI
 * (in CI a missing Nix must fail the suite). Prints why when skipping.
 */
export function skipOracle(suite: string, version: NixVersion = "2.8"): boolean {
  const reason = oracle(version).skipReason();
  announceSkip(suite, reason);
  return reason !== undefined;
}

/** Runs one of the oracle's programs and returns stdout as a byte string (latin1); throws with stderr on failure. */
export function run(cmd: string, args: string[], input?: string, version: NixVersion = "2.8", env: Readonly<Record<string, string>> = {}): string {
  try {
    return execFileSync(oracle(version).bin(cmd), args, {
      encoding: "latin1",
      input: input === undefined ? undefined : Buffer.from(input, "latin1"),
      stdio: ["pipe", "pipe", "pipe"],
      maxBuffer: 1 << 28,
      env: { ...process.env, ...env },
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(" ").slice(0, 200)} failed: ${err.stderr ?? err.message}`);
  }
}

/** How a Nix 2.26 evaluation runs: with its own store (writing .drv files and sources there) or without one. */
export type StoreUse = "store" | "no-store";

/** Evaluates a Nix expression strictly and returns its JSON value. Nix 2.8 writes to its store;
 * Nix 2.26 does with "store", and evaluates without a store (nothing written) otherwise. */
export function nixEvalJson(expr: string, version: NixVersion = "2.8", store: StoreUse = "store"): unknown {
  const args = ["--eval", "--strict", "--json", ...(version === "2.8" || store === "store" ? ["--read-write-mode"] : []), "--expr", expr];
  const out = run("nix-instantiate", args, undefined, version, version === "2.8" || store === "store" ? {} : oracle(version).evalEnv);
  return JSON.parse(Buffer.from(out, "latin1").toString("utf8"));
}

/** Evaluates a Nix expression and returns the error message (first line after `error: `, the
 * innermost message under Nix 2.26's trace), or undefined. */
export function nixEvalError(expr: string, version: NixVersion = "2.8"): string | undefined {
  const o = oracle(version);
  const args = ["--eval", "--strict", ...(version === "2.8" ? ["--read-write-mode"] : []), "--expr", expr];
  const r = spawnSync(o.bin("nix-instantiate"), args, { encoding: "latin1", env: { ...process.env, ...(version === "2.8" ? {} : o.evalEnv) } });
  if (r.status === 0) return undefined;
  const m = /error: (.*)/.exec(r.stderr);
  return m ? m[1] : r.stderr;
}

/** Reads a file as a byte string. */
export function readBytes(path: string): string {
  return readFileSync(path).toString("latin1");
}

/** The bytes of a store path `version` wrote (2.26's own store is under another root). */
export function readStoreBytes(path: string, version: NixVersion): string {
  return readBytes(oracle(version).storeFile(path));
}

/** `nix show-derivation` output (byte string) for several .drv paths at once (Nix 2.8's JSON). */
export function nixShowDerivation(paths: string[]): string {
  return run("nix", ["--extra-experimental-features", "nix-command", "show-derivation", ...paths]);
}

/** Converts a byte string holding UTF-8 to a JS string. */
export function utf8(s: string): string {
  return Buffer.from(s, "latin1").toString("utf8");
}
