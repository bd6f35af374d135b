// The one test oracle: real Nix of a pinned version (2.8.0 or 2.26.3) as installed by
// .ci/nix-oracle, never whatever `nix-instantiate` is on PATH. It knows where each version's
// binaries and language tests are, runs batches of expressions in one process, escapes strings,
// and holds the skip policy: outside CI a missing oracle or corpus skips with one line saying
// how to enable it; in CI nothing is ever skipped (the suites fail instead).

import { spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
/** Both versions, in the order the suites that run against both oracles take them. */
export const NIX_VERSIONS: readonly NixVersion[] = ["2.8", "2.26"];

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

/** The outcome of one item of {@link Oracle.evalEach}: its value, or Nix's error for it alone. */
export type NixItemOutcome = { value: unknown; error?: undefined } | { value?: undefined; error: string };

/** Options of {@link Oracle.evalEach}. */
export interface EachOptions {
  /**
   * Values come back whatever bytes their strings hold: Nix itself writes each string and
   * attribute name as `%XX` escapes of its bytes at or above 0x80 (and `%` as `%25`) before
   * printing (Nix 2.26's `--json` refuses a string that is no UTF-8), and a non-finite float as
   * `%inf` / `%-inf` / `%nan` (2.26 prints those as `null`); this side undoes both.
   */
  readonly byteSafe?: boolean;
  /** Reads a batch's stdout (a byte string) into its list (default `JSON.parse`). */
  readonly parse?: (stdout: string) => unknown[];
  /** What a non-finite float becomes under `byteSafe` (default the JS number). */
  readonly float?: (text: "inf" | "-inf" | "nan") => unknown;
  /** How many Nix processes run at once (default 4). */
  readonly concurrency?: number;
}

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
  /** The environment its evaluations run with: 2.26 evaluates without a store (`NIX_REMOTE=dummy://`). */
  readonly evalEnv: Readonly<Record<string, string>>;
  /** Where a store path this version wrote is on disk: 2.8 uses /nix/store itself, 2.26 a store
   * of its own under another root (`store = local?root=...` in its nix.conf, see .ci/nix-oracle). */
  storeFile(storePath: string): string;
  /** The path of one of its programs (`nix-instantiate`, `nix-store`, `nix`). */
  bin(program: string): string;
  /** Runs one of its programs (latin1 in and out unless options say otherwise). */
  run(program: string, args: readonly string[], options?: SpawnSyncOptions): ReturnType<typeof spawnSync>;
  /** Why a suite with these needs is skipped, or undefined when it runs (always in CI). */
  skipReason(needs?: Needs): string | undefined;
  /** Evaluates a list of expressions with `--eval --strict --json` in one process. */
  evalList(items: readonly string[], timeoutMs?: number): NixListOutcome;
  /**
   * Evaluates a list of expressions like evalList, but an item that fails does not fail the
   * others: a failing batch is halved until each failing item has run on its own.
   */
  evalEach(items: readonly string[], options?: EachOptions): Promise<NixItemOutcome[]>;
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
  const evalEnv: Record<string, string> = version === "2.26" ? { NIX_REMOTE: "dummy://" } : {};
  const ownRoot = storeRoot(binDir);
  const o: Oracle = {
    version,
    fullVersion: full,
    binDir,
    available,
    langTestsDir,
    evalEnv,
    storeFile: (p) => (ownRoot === "" ? p : path.join(ownRoot, p)),
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
    evalList: (items, timeoutMs = 600_000) => evalListWith(bin("nix-instantiate"), items, timeoutMs, evalEnv),
    evalEach: (items, options = {}) => evalEachWith(bin("nix-instantiate"), items, options, evalEnv),
    evalValues(items) {
      const r = o.evalList(items);
      if (r.error !== undefined) throw new Error(`nix-instantiate ${full} failed: ${r.error}`);
      return r.values;
    },
    evalJsonText(source, timeoutMs = 600_000) {
      const r = evalJsonFile(bin("nix-instantiate"), source, timeoutMs, evalEnv);
      if (r.status !== 0) throw new Error(`nix-instantiate ${full} failed: ${r.error ?? r.stderr}`);
      return r.stdout;
    },
  };
  return o;
}

/** The root of the local store an oracle's nix.conf names (`store = local?root=R`), or "" for /. */
function storeRoot(binDir: string): string {
  const conf = path.join(binDir, "../etc/nix.conf");
  if (!existsSync(conf)) return "";
  const m = /^store\s*=\s*local\?root=(\S+)\s*$/m.exec(readFileSync(conf, "utf8"));
  return m ? m[1]! : "";
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
function evalJsonFile(nixInstantiate: string, source: string, timeoutMs: number, env: Readonly<Record<string, string>>, flags: readonly string[] = []) {
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-oracle-"));
  try {
    const file = path.join(dir, "cases.nix");
    writeFileSync(file, Buffer.from(source, "latin1"));
    return spawnSync(nixInstantiate, ["--eval", "--strict", "--json", ...flags, file], {
      maxBuffer: 1 << 30,
      timeout: timeoutMs,
      encoding: "latin1",
      env: { ...process.env, ...env },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function evalListWith(
  nixInstantiate: string,
  items: readonly string[],
  timeoutMs: number,
  env: Readonly<Record<string, string>>,
  source = nixList(items),
  parse: (stdout: string) => unknown[] = (t) => JSON.parse(t) as unknown[],
): NixListOutcome {
  const r = evalJsonFile(nixInstantiate, source, timeoutMs, env);
  if (r.status === 0) return { values: parse(r.stdout) };
  // The message runs from `error: ` to the position block (it may span lines itself).
  const at = r.stderr.indexOf("error: ");
  if (at < 0) throw new Error(`nix-instantiate failed without an error: ${r.error ?? r.stderr}`);
  const message = r.stderr.slice(at + "error: ".length);
  const end = message.search(/\n\n {7}at |\n$/);
  return { error: end < 0 ? message : message.slice(0, end) };
}

/** The Nix function `__enc` of {@link EachOptions.byteSafe}, as `let` bindings. */
const BYTE_SAFE_PRELUDE = (() => {
  const high = Array.from({ length: 128 }, (_, i) => 0x80 + i);
  const from = ['"%"', ...high.map((b) => nixString(String.fromCharCode(b)))].join(" ");
  const to = ['"%25"', ...high.map((b) => `"%${b.toString(16).toUpperCase()}"`)].join(" ");
  return [
    `__e = builtins.replaceStrings [ ${from} ] [ ${to} ];`,
    "__enc = v: if builtins.isString v then __e v",
    "  else if builtins.isList v then map __enc v",
    "  else if builtins.isAttrs v then builtins.listToAttrs (map (n: { name = __e n; value = __enc v.${n}; }) (builtins.attrNames v))",
    '  else if builtins.isFloat v && v != v then "%nan"',
    '  else if builtins.isFloat v && v > 1.7976931348623157e308 then "%inf"',
    '  else if builtins.isFloat v && v < -1.7976931348623157e308 then "%-inf"',
    "  else v;",
  ].join("\n");
})();

/** Undoes `__enc` on a parsed value: `%XX` escapes back to bytes, `%inf`... to floats. */
function byteSafeDecode(v: unknown, float: (t: "inf" | "-inf" | "nan") => unknown): unknown {
  const str = (s: string) => s.replace(/%([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  if (typeof v === "string") return v === "%inf" || v === "%-inf" || v === "%nan" ? float(v.slice(1) as "inf") : str(v);
  if (Array.isArray(v)) return v.map((x) => byteSafeDecode(x, float));
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[str(k)] = byteSafeDecode(x, float);
    return o;
  }
  return v;
}

async function evalEachWith(
  nixInstantiate: string,
  items: readonly string[],
  options: EachOptions,
  env: Readonly<Record<string, string>>,
): Promise<NixItemOutcome[]> {
  const out: NixItemOutcome[] = new Array<NixItemOutcome>(items.length);
  const float = options.float ?? ((t) => (t === "inf" ? Infinity : t === "-inf" ? -Infinity : NaN));
  const enc = (e: string) => (options.byteSafe ? `(__enc (${e}))` : `(${e})`);
  const source = (idx: readonly number[], traced: boolean) => {
    const list = `[\n${idx.map((i, k) => (traced ? `(builtins.trace "${MARK}${k}" ${enc(items[i]!)})` : enc(items[i]!))).join("\n")}\n]\n`;
    return options.byteSafe ? `let\n${BYTE_SAFE_PRELUDE}\nin ${list}` : list;
  };
  const good: number[] = [];
  // Nix forces the list's elements in order and stops at the first that fails. Each element
  // traces its index when forced, so the last index traced is the one that failed: those before
  // it are good, and the run goes on after it.
  const scan = async (idx: readonly number[]): Promise<void> => {
    let rest = idx;
    while (rest.length > 0) {
      const r = await evalStdin(nixInstantiate, source(rest, true), env);
      if (r.status === 0) return void good.push(...rest);
      const error = errorOf(r.stderr);
      const marks = [...r.stderr.matchAll(MARK_LINE)];
      if (marks.length === 0 && rest.length > 1) {
        // Nothing was forced: the batch does not parse. Halve it until the culprit is alone.
        const mid = rest.length >> 1;
        await scan(rest.slice(0, mid));
        rest = rest.slice(mid);
        continue;
      }
      const k = marks.length > 0 ? Number(marks[marks.length - 1]![1]) : 0;
      good.push(...rest.slice(0, k));
      out[rest[k]!] = { error };
      rest = rest.slice(k + 1);
    }
  };
  // Parts of the list are scanned side by side, a few Nix processes at a time.
  const parts = Math.min(options.concurrency ?? 4, items.length);
  const all = items.map((_, i) => i);
  await Promise.all(Array.from({ length: parts }, (_, p) => scan(all.slice(Math.floor((p * all.length) / parts), Math.floor(((p + 1) * all.length) / parts)))));
  // The good items again, in one batch, for their values.
  good.sort((a, b) => a - b);
  if (good.length > 0) {
    const r = await evalStdin(nixInstantiate, source(good, false), env);
    if (r.status !== 0) throw new Error(`nix-instantiate failed on items that each succeeded: ${errorOf(r.stderr)}`);
    const values = (options.parse ?? ((t: string) => JSON.parse(t) as unknown[]))(r.stdout);
    good.forEach((i, j) => (out[i] = { value: options.byteSafe ? byteSafeDecode(values[j], float) : values[j] }));
  }
  return out;
}

/** What each element of a scanned batch traces when it is forced, then its index. */
const MARK = "#nixts-item ";
const MARK_LINE = /^trace: #nixts-item (\d+)$/gm;

/** `nix-instantiate --eval --strict --json -` of `source` (a byte string) on standard input. */
function evalStdin(nixInstantiate: string, source: string, env: Readonly<Record<string, string>>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(nixInstantiate, ["--eval", "--strict", "--json", "-"], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => stdout.push(b));
    child.stderr.on("data", (b: Buffer) => stderr.push(b));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout: Buffer.concat(stdout).toString("latin1"), stderr: Buffer.concat(stderr).toString("latin1") }));
    child.stdin.end(Buffer.from(source, "latin1"));
  });
}

/** The innermost error message (after the trace, if any) up to its position. */
function errorOf(stderr: string): string {
  const re = /(^|\n)(?: {7})?error: /g;
  let from = -1;
  for (let m = re.exec(stderr); m; m = re.exec(stderr)) from = m.index + m[0].length;
  if (from < 0) throw new Error(`nix-instantiate failed without an error: ${stderr}`);
  const message = stderr.slice(from);
  const end = message.search(/\n {7}at |\n$/);
  return (end < 0 ? message : message.slice(0, end)).replace(/\n+$/, "");
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
