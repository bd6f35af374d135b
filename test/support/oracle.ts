// Shared test support: where the repository, ../shared and Nix 2.8's tests/lang are, whether
// real Nix (the oracle) is available, and the rule for skipping: outside CI a missing oracle
// skips with a plain message; in CI it never skips (the suites fail instead).

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
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
