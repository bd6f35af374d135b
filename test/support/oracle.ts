// The one test oracle: real Nix of a pinned version (2.8.0 or 2.26.3) as installed by
// .ci/nix-oracle, never whatever `nix-instantiate` is on PATH. It knows where each version's
// binaries and language tests are, runs batches of expressions in one process, escapes strings,
// and holds the skip policy: outside CI a missing oracle or corpus skips with one line saying
// how to enable it; in CI nothing is ever skipped (the suites fail instead).

import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const repoRoot = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** The shared folder beside the repository (corpora, benchmarks); absent on a newcomer's clone. */
export const sharedDir = path.resolve(repoRoot, "../shared");
/** True in CI, where oracle-backed suites must run. */
export const inCI = Boolean(process.env["CI"]);

/** The Nix versions nixts follows. */
export type NixVersion = "2.8" | "2.26";

const FULL: Record<NixVersion, string> = { "2.8": "2.8.0", "2.26": "2.26.3" };
const LANG_DIR: Record<NixVersion, string> = { "2.8": "tests/lang", "2.26": "tests/functional/lang" };
const ENV_BIN: Record<NixVersion, string> = { "2.8": "NIX_ORACLE_2_8", "2.26": "NIX_ORACLE_2_26" };
const ENV_LANG: Record<NixVersion, string> = { "2.8": "NIX_LANG_TESTS_2_8", "2.26": "NIX_LANG_TESTS_2_26" };

/** What a suite needs besides the oracle's binaries. */
export interface Needs {
  /** The binaries (default true). */
  readonly nix?: boolean;
  /** The version's language tests. */
  readonly langTests?: boolean;
  /** `../shared` (the corpora). */
  readonly shared?: boolean;
}

/** The outcome of one batched run: the JSON list, or Nix's first `error:` message. */
export type NixListOutcome = { values: unknown[]; error?: undefined } | { values?: undefined; error: string };

/** One pinned Nix version. */
export interface Oracle {
  readonly version: NixVersion;
  /** `2.8.0` or `2.26.3`, what `nix-instantiate --version` prints. */
  readonly fullVersion: string;
  /** The folder with nix-instantiate, nix-store, nix. */
  readonly binDir: string;
  /** Whether its nix-instantiate runs and is that version. */
  readonly available: boolean;
  /** The version's language-test folder (tests/lang or tests/functional/lang). */
  readonly langTestsDir: string;
  /** The path of one of its programs (`nix-instantiate`, `nix-store`, `nix`). */
  bin(program: string): string;
  /** Runs one of its programs (latin1 in and out unless options say otherwise). */
  run(program: string, args: readonly string[], options?: SpawnSyncOptions): ReturnType<typeof spawnSync>;
  /** Why a suite with these needs is skipped, or undefined when it runs (always in CI). */
  skipReason(needs?: Needs): string | undefined;
  /** Evaluates a list of expressions with `--eval --strict --json` in one process. */
  evalList(items: readonly string[], timeoutMs?: number): NixListOutcome;
  /** Like evalList, throwing Nix's error instead of returning it. */
  evalValues(items: readonly string[]): unknown[];
  /** `--eval --strict --json` of a whole source (a byte string): stdout, or a throw with stderr. */
  evalJsonText(source: string, timeoutMs?: number): string;
}

/** Why a suite needing the corpora skips, and what enables it. */
const SHARED_MISSING = `${sharedDir} (the corpora and benchmarks) is not beside the repository; put the project's shared folder there to run this suite`;

const cache = new Map<NixVersion, Oracle>();

/** The pinned Nix `version`: binaries from `$NIX_ORACLE_2_8` / `$NIX_ORACLE_2_26` or .ci/nix-oracle's prefix. */
export function oracle(version: NixVersion): Oracle {
  let o = cache.get(version);
  if (!o) cache.set(version, (o = makeOracle(version)));
  return o;
}

function makeOracle(version: NixVersion): Oracle {
  const full = FULL[version];
  const root = process.env["NIX_ORACLE_ROOT"] ?? "/opt/nix-oracle";
  const binDir = process.env[ENV_BIN[version]] ?? path.join(root, full, "bin");
  const langCache = process.env["NIX_ORACLE_CACHE"] ?? path.join(homedir(), ".cache/nix-oracle");
  const langTestsDir = process.env[ENV_LANG[version]] ?? path.join(langCache, `src-${full}`, "src", LANG_DIR[version]);
  const bin = (program: string) => path.join(binDir, program);
  const available = (() => {
    if (!existsSync(bin("nix-instantiate"))) return false;
    const r = spawnSync(bin("nix-instantiate"), ["--version"], { encoding: "utf8" });
    return r.status === 0 && r.stdout.includes(full);
  })();
  const setup = `bash .ci/nix-oracle ${version} bin`;
  const o: Oracle = {
    version,
    fullVersion: full,
    binDir,
    available,
    langTestsDir,
    bin,
    run: (program, args, options = {}) =>
      spawnSync(bin(program), args as string[], { encoding: "latin1", maxBuffer: 1 << 30, ...options }),
    skipReason(needs = {}) {
      if (inCI) return undefined;
      if ((needs.nix ?? true) && !available) return `Nix ${full} not found in ${binDir}; run \`${setup}\` (or set ${ENV_BIN[version]})`;
      if (needs.langTests && !existsSync(langTestsDir))
        return `Nix ${full}'s language tests not found at ${langTestsDir}; run \`bash .ci/nix-oracle ${version} lang-tests\``;
      if (needs.shared && !existsSync(sharedDir)) return SHARED_MISSING;
      return undefined;
    },
    evalList: (items, timeoutMs = 600_000) => evalListWith(bin("nix-instantiate"), items, timeoutMs),
    evalValues(items) {
      const r = o.evalList(items);
      if (r.error !== undefined) throw new Error(`nix-instantiate ${full} failed: ${r.error}`);
      return r.values;
    },
    evalJsonText(source, timeoutMs = 600_000) {
      const r = evalJsonFile(bin("nix-instantiate"), source, timeoutMs);
      if (r.status !== 0) throw new Error(`nix-instantiate ${full} failed: ${r.error ?? r.stderr}`);
      return r.stdout;
    },
  };
  return o;
}

/** Whether a tool (git, tar, zip, ...) runs here: `TOOL --version` starts. */
export function hasTool(tool: string): boolean {
  return spawnSync(tool, ["--version"], { stdio: "ignore" }).error === undefined;
}

/** Prints a suite's skip line once (nothing when it runs). */
export function announceSkip(suite: string, reason: string | undefined): void {
  if (reason) console.warn(`[${suite}] SKIPPED: ${reason}`);
}

/** Why a suite needing only `../shared` is skipped (never in CI). */
export function sharedSkipReason(): string | undefined {
  return inCI || existsSync(sharedDir) ? undefined : SHARED_MISSING;
}

/** A Nix string literal for a byte string: escapes `\`, `"`, `$` (so `${` stays text), CR, LF, tab. */
export function nixString(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "$") out += "\\$";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else out += ch;
  }
  return out + '"';
}

/** UTF-8 bytes of a JS string as a byte string (how nixts and these helpers pass strings). */
export function bytes(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}

/** A Nix list expression of the given element expressions, one per line. */
export function nixList(items: readonly string[]): string {
  return "[\n" + items.map((e) => `(${e})`).join("\n") + "\n]\n";
}

/** `nix-instantiate --eval --strict --json` of `source` (a byte string) written to a temp file. */
function evalJsonFile(nixInstantiate: string, source: string, timeoutMs: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-oracle-"));
  try {
    const file = path.join(dir, "cases.nix");
    writeFileSync(file, Buffer.from(source, "latin1"));
    return spawnSync(nixInstantiate, ["--eval", "--strict", "--json", file], { maxBuffer: 1 << 30, timeout: timeoutMs, encoding: "latin1" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function evalListWith(nixInstantiate: string, items: readonly string[], timeoutMs: number): NixListOutcome {
  const r = evalJsonFile(nixInstantiate, nixList(items), timeoutMs);
  if (r.status === 0) return { values: JSON.parse(r.stdout) as unknown[] };
  // The message runs from `error: ` to the position block (it may span lines itself).
  const at = r.stderr.indexOf("error: ");
  if (at < 0) throw new Error(`nix-instantiate failed without an error: ${r.error ?? r.stderr}`);
  const message = r.stderr.slice(at + "error: ".length);
  const end = message.search(/\n\n {7}at |\n$/);
  return { error: end < 0 ? message : message.slice(0, end) };
}

// ---- the Nix 2.8 oracle under the names the suites used before there were two versions ----

/** Nix 2.8.0, the oracle of today's suites. */
export const nix28 = oracle("2.8");
/** Nix 2.8's tests/lang. */
export const langTestsDir = nix28.langTestsDir;

/** Why a suite needing Nix 2.8 (and optionally its tests/lang) is skipped. */
export function skipReason(needs: Needs = {}): string | undefined {
  return nix28.skipReason(needs);
}

/** {@link Oracle.evalList} of Nix 2.8. */
export function evalNixListOutcome(items: readonly string[], timeoutMs = 600_000): NixListOutcome {
  return nix28.evalList(items, timeoutMs);
}
