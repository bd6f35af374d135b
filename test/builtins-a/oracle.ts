// Test helper for the builtins-a suites: runs real Nix 2.8 once on a big list expression written
// to a temp file (`nix-instantiate --eval --strict --json`) and returns the parsed JSON, with byte
// strings both ways (latin1). Also Nix literal printing for generated inputs.

import { spawnSync } from "node:child_process";
import { evalNixListOutcome, nix28 } from "../support/oracle.js";

/** Reason to skip the Nix differential suites, or undefined (never skipped in CI). */
export const skipReason: string | undefined = nix28.skipReason();

/** A Nix string literal for a byte string (`\`, `"`, `$`, newline, CR and tab escaped). */
export function nixStr(s: string): string {
  return (
    '"' +
    s.replace(/[\\"$\n\r\t]/g, (c) => ({ "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] ?? "\\" + c) +
    '"'
  );
}

/** Evaluates a Nix list of expressions with real Nix; returns the JSON array of results. */
export function evalNixList(items: readonly string[]): unknown[] {
  const r = evalNixListOutcome(items);
  if (r.error !== undefined) throw new Error(`nix-instantiate failed: ${r.error}`);
  return r.values;
}

/** Evaluates one expression with real Nix; returns stdout, or the first `error:` line. */
export function evalNixOne(expr: string, flags: string[] = ["--strict"]): { out?: string; err?: string } {
  const r = spawnSync(nix28.bin("nix-instantiate"), ["--eval", ...flags, "-E", expr], { encoding: "latin1" });
  if (r.status === 0) return { out: r.stdout };
  return { err: r.stderr.split("\n").find((l) => l.startsWith("error:")) ?? r.stderr };
}

/** UTF-8 bytes of a JS string as a byte string. */
export function bytes(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}
