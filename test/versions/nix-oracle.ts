// Test helper: runs real Nix 2.8 (`nix-instantiate --eval --strict --json`) on one big
// expression written to a temp file, so thousands of cases cost one process. Strings are byte
// strings both ways (files written and stdout read as latin1). Not part of the published API.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { nix28 } from "../support/oracle.js";

/** The repository root (`/work/main` in development). */
export const repoRoot = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** nixpkgs lib from the shared corpus, imported by expressions as `lib`. */
export const libPath = path.resolve(repoRoot, "../shared/corpus/nixpkgs-lib/lib");

/** Why the Nix tests are skipped, or `undefined` if they run. */
export const skipReason: string | undefined = nix28.skipReason({ shared: true });

if (skipReason !== undefined) console.warn(`[test/versions] SKIPPED: ${skipReason}`);

/** A Nix string literal for a byte string: escapes `\`, `"`, `$` (so `${` stays text), CR, LF, tab. */
export function nixString(s: string): string {
  let out = '"';
  for (const ch of s) {
    switch (ch) {
      case "\\": out += "\\\\"; break;
      case '"': out += '\\"'; break;
      case "$": out += "\\$"; break;
      case "\n": out += "\\n"; break;
      case "\r": out += "\\r"; break;
      case "\t": out += "\\t"; break;
      default: out += ch;
    }
  }
  return out + '"';
}

/** A Nix list expression of the given element expressions, one per line. */
export function nixList(items: readonly string[]): string {
  return "[\n" + items.map((e) => `(${e})`).join("\n") + "\n]\n";
}

/**
 * Evaluates `expr` with real Nix (`--eval --strict --json`) and returns the parsed JSON.
 * The expression is written to a temp file as bytes; `lib` is bound to nixpkgs lib when
 * `withLib` is set. Throws with Nix's stderr on failure.
 */
export function evalNix(expr: string, options: { withLib?: boolean } = {}): unknown {
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-versions-"));
  try {
    const file = path.join(dir, "cases.nix");
    const source = options.withLib ? `let lib = import ${libPath}; in\n${expr}` : expr;
    writeFileSync(file, Buffer.from(source, "latin1"));
    const out = execFileSync(nix28.bin("nix-instantiate"), ["--eval", "--strict", "--json", file], {
      maxBuffer: 1 << 30,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return JSON.parse(out.toString("latin1"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
