// Helpers to use real Nix 2.8 as the oracle in the derivation tests: availability check (skip
// with a message outside CI, never in CI), batched nix-instantiate / nix-hash / show-derivation
// calls, and reading store files as byte strings.

import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { announceSkip, nix28 } from "../support/oracle.js";

/**
 * Whether oracle tests should be skipped: only when Nix is missing and we are not in CI
 * (in CI a missing Nix must fail the suite). Prints why when skipping.
 */
export function skipOracle(suite: string): boolean {
  const reason = nix28.skipReason();
  announceSkip(suite, reason);
  return reason !== undefined;
}

/** Runs one of the oracle's programs and returns stdout as a byte string (latin1); throws with stderr on failure. */
export function run(cmd: string, args: string[], input?: string): string {
  try {
    return execFileSync(nix28.bin(cmd), args, {
      encoding: "latin1",
      input: input === undefined ? undefined : Buffer.from(input, "latin1"),
      stdio: ["pipe", "pipe", "pipe"],
      maxBuffer: 1 << 28,
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(" ").slice(0, 200)} failed: ${err.stderr ?? err.message}`);
  }
}

/** Evaluates a Nix expression strictly (writing to the store) and returns its JSON value. */
export function nixEvalJson(expr: string): unknown {
  const out = run("nix-instantiate", ["--eval", "--strict", "--json", "--read-write-mode", "--expr", expr]);
  return JSON.parse(Buffer.from(out, "latin1").toString("utf8"));
}

/** Evaluates a Nix expression and returns the error message (first line after `error: `), or undefined. */
export function nixEvalError(expr: string): string | undefined {
  const r = spawnSync(nix28.bin("nix-instantiate"), ["--eval", "--strict", "--read-write-mode", "--expr", expr], { encoding: "latin1" });
  if (r.status === 0) return undefined;
  const m = /error: (.*)/.exec(r.stderr);
  return m ? m[1] : r.stderr;
}

/** Reads a file as a byte string. */
export function readBytes(path: string): string {
  return readFileSync(path).toString("latin1");
}

/** `nix show-derivation` output (byte string) for several .drv paths at once. */
export function nixShowDerivation(paths: string[]): string {
  return run("nix", ["--extra-experimental-features", "nix-command", "show-derivation", ...paths]);
}

/** Converts a byte string holding UTF-8 to a JS string. */
export function utf8(s: string): string {
  return Buffer.from(s, "latin1").toString("utf8");
}
