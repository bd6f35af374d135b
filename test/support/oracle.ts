// Shared test support: where the repository, ../shared and Nix 2.8's tests/lang are, whether
// real Nix (the oracle) is available, and the rule for skipping: outside CI a missing oracle
// skips with a plain message; in CI it never skips (the suites fail instead).

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const repoRoot = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** The shared folder beside the repository (test data, benchmarks). */
export const sharedDir = path.resolve(repoRoot, "../shared");
/** Nix 2.8's tests/lang, as fetched by .ci/fetch-nix-lang-tests. */
export const langTestsDir = process.env["NIX_LANG_TESTS"] ?? path.join(homedir(), ".cache/nix-lang-tests/nix-2.8.0/tests/lang");

/** Whether `nix-instantiate` runs here. */
export const hasNix: boolean = spawnSync("nix-instantiate", ["--version"], { encoding: "utf8" }).status === 0;
/** True in CI, where oracle-backed suites must run. */
export const inCI = Boolean(process.env["CI"]);

/** Why an oracle-backed suite is skipped, or undefined when it runs (always in CI). */
export function skipReason(needs: { nix?: boolean; langTests?: boolean } = { nix: true }): string | undefined {
  if (inCI) return undefined;
  if (needs.nix && !hasNix) return "nix-instantiate (Nix 2.8) is not on PATH; run .ci/install-nix-oracle";
  if (needs.langTests && !existsSync(langTestsDir)) return `Nix 2.8's tests/lang not found at ${langTestsDir}; run .ci/fetch-nix-lang-tests`;
  return undefined;
}

/** Prints a plain skip message once per suite. */
export function announceSkip(suite: string, reason: string | undefined): void {
  if (reason) console.warn(`[${suite}] SKIPPED: ${reason}`);
}

/** The outcome of one batched oracle run: the JSON list, or Nix's first `error:` line. */
export type NixListOutcome = { values: unknown[]; error?: undefined } | { values?: undefined; error: string };

/**
 * Evaluates a Nix list of expressions with `nix-instantiate --eval --strict --json` in one run.
 * Byte strings pass both ways as latin1. An evaluation error is returned, not thrown.
 */
export function evalNixListOutcome(items: readonly string[], timeoutMs = 600_000): NixListOutcome {
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-oracle-"));
  try {
    const file = path.join(dir, "cases.nix");
    writeFileSync(file, Buffer.from("[\n" + items.map((e) => `(${e})`).join("\n") + "\n]\n", "latin1"));
    const r = spawnSync("nix-instantiate", ["--eval", "--strict", "--json", file], {
      maxBuffer: 1 << 30,
      timeout: timeoutMs,
      encoding: "latin1",
    });
    if (r.status === 0) return { values: JSON.parse(r.stdout) as unknown[] };
    // The message runs from `error: ` to the position block (it may span lines itself).
    const at = r.stderr.indexOf("error: ");
    if (at < 0) throw new Error(`nix-instantiate failed without an error: ${r.error ?? r.stderr}`);
    const message = r.stderr.slice(at + "error: ".length);
    const end = message.search(/\n\n {7}at |\n$/);
    return { error: end < 0 ? message : message.slice(0, end) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
