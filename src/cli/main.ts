// The `nixts` command: a thin CLI with nix-instantiate's flags (--parse, --eval, --strict, --json,
// --xml, -E, -A, --arg, --argstr, -I, --show-trace, instantiation) plus `show-derivation`.
// It wires the Node host and store to the library and prints what Nix 2.8 prints.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { STDIN_SOURCE, STRING_SOURCE } from "../parser/ast.js";
import { filterTerminalText, StackOverflowError, UsageError } from "../errors.js";
import { parseSource } from "../parser/parser.js";
import { printExpr } from "../parser/print.js";
import { BUILTIN_SYMBOL_ORDER, SymbolOrder } from "../eval/symbols.js";
import { resolveScopes } from "../parser/resolve.js";
import { globalScopeOf } from "../parser/global-names.js";
import { DEFAULT_NIX_VERSION, NIX_RELEASE, parseNixVersion, type NixVersion } from "../nix-version.js";
import type { Source } from "../parser/ast.js";
import { EvalState, parseSearchPath, type SearchPathEntry } from "../eval/state.js";
import type { Value } from "../eval/value.js";
import { toNixError } from "../eval/state.js";
import { toByteString } from "../eval/index.js";
import { nodeHost } from "../node/host-node.js";
import { nodeFetcher } from "../node/fetcher-node.js";
import type { CliOptions } from "./options.js";
import { applySettings, parseConfigText, type EvalSettings } from "./settings.js";
export type { CliOptions } from "./options.js";
import { runInstantiate, runShowDerivation, autoCall, selectAttrPath, printResult } from "./commands.js";

/** Boolean settings nix-instantiate also takes as `--NAME` / `--no-NAME`. */
const SETTING_FLAGS = ["restrict-eval", "pure-eval", "show-trace", "abort-on-warn"];
/** Settings nix-instantiate also takes as `--NAME VALUE` (max-call-depth in Nix 2.26 only). */
const VALUE_SETTING_FLAGS = ["experimental-features", "extra-experimental-features", "max-call-depth"];
/** Flags of Nix 2.26 that Nix 2.8 does not have. */
const FLAGS_2_26 = ["--trace-verbose", "--abort-on-warn", "--no-abort-on-warn", "--max-call-depth"];
/** Flags nix-instantiate takes with values, and how many. */
const FLAG_VALUES: Record<string, number> = { ...Object.fromEntries(VALUE_SETTING_FLAGS.map((s) => [`--${s}`, 1])), "--nix-version": 1, "--option": 2, "--arg": 2, "--argstr": 2, "-A": 1, "--attr": 1, "-I": 1, "--include": 1, "--add-root": 1, "--timeout": 1 };
/** Marks a flag's value that starts with a dash while parseArgs reads the command line. */
const DASH_MARK = "\u0000";
const BOOLEAN_FLAGS = new Set([
  "--eval", "--eval-only", "--parse", "--strict", "--json", "--xml", "--no-location", "--show-trace", "-E", "--expr",
  "--readonly-mode", "--read-write-mode", "--indirect", "--parse-only", "--find-file", "--dry-run", "--repair",
  "--help", "--version", "--no-gc-warning", "--trace-verbose",
  ...SETTING_FLAGS.flatMap((s) => [`--${s}`, `--no-${s}`]),
]);

export function parseCli(argv: string[]): CliOptions {
  // Nix's own wording for an unknown flag (anything but `-` that starts with a dash and is not
  // the value of a flag).
  // Values of flags may start with a dash (`-A -1`, `--arg n -1`), which parseArgs would take for
  // flags: they are marked here and unmarked below.
  const args0 = [...argv];
  for (let i = 0; i < args0.length; i++) {
    const a = args0[i]!;
    const flag = a.startsWith("--") && a.includes("=") ? a.slice(0, a.indexOf("=")) : a;
    if (FLAG_VALUES[flag] !== undefined) {
      const n = flag === a ? FLAG_VALUES[flag]! : FLAG_VALUES[flag]! - 1;
      for (let k = 1; k <= n && i + k < args0.length; k++) if (args0[i + k]!.startsWith("-")) args0[i + k] = DASH_MARK + args0[i + k];
      i += n;
    } else if (a.startsWith("-") && a !== "-" && !BOOLEAN_FLAGS.has(a)) throw new Error(`unrecognised flag '${a}'`);
  }
  const unmark = (v: string) => (v.startsWith(DASH_MARK) ? v.slice(DASH_MARK.length) : v);
  const { values: marked, tokens, positionals } = parseArgs({
    args: args0,
    allowPositionals: true,
    strict: true,
    tokens: true,
    options: {
      eval: { type: "boolean" },
      "eval-only": { type: "boolean" },
      timeout: { type: "string" },
      parse: { type: "boolean" },
      strict: { type: "boolean" },
      json: { type: "boolean" },
      xml: { type: "boolean" },
      "no-location": { type: "boolean" },
      "show-trace": { type: "boolean" },
      expr: { type: "boolean", short: "E" },
      attr: { type: "string", short: "A", multiple: true },
      arg: { type: "string", multiple: true },
      argstr: { type: "string", multiple: true },
      include: { type: "string", short: "I", multiple: true },
      "readonly-mode": { type: "boolean" },
      "read-write-mode": { type: "boolean" },
      "add-root": { type: "string" },
      indirect: { type: "boolean" },
      "parse-only": { type: "boolean" },
      "no-gc-warning": { type: "boolean" },
      "find-file": { type: "boolean" },
      "dry-run": { type: "boolean" },
      repair: { type: "boolean" },
      help: { type: "boolean" },
      version: { type: "boolean" },
      option: { type: "string", multiple: true },
      "nix-version": { type: "string" },
      "trace-verbose": { type: "boolean" },
      ...Object.fromEntries(VALUE_SETTING_FLAGS.map((s) => [s, { type: "string", multiple: true }])),
      ...Object.fromEntries(SETTING_FLAGS.flatMap((s) => [[s, { type: "boolean" }], [`no-${s}`, { type: "boolean" }]])),
    },
  });
  const values = Object.fromEntries(
    Object.entries(marked).map(([k, v]) => [k, typeof v === "string" ? unmark(v) : Array.isArray(v) ? v.map((x) => (typeof x === "string" ? unmark(x) : x)) : v]),
  ) as typeof marked;
  // --arg NAME VALUE takes two values: the value is the positional right after the option.
  const args: CliOptions["args"] = [];
  const settings: [string, string][] = [];
  const consumed = new Set<number>();
  tokens!.forEach((t, i) => {
    if (t.kind === "option" && t.name === "option") {
      const next = tokens![i + 1];
      if (!next || next.kind !== "positional") throw new Error(`flag '--option' requires 2 arguments`);
      consumed.add(next.index);
      settings.push([unmark(t.value!), unmark(next.value)]);
    } else if (t.kind === "option" && VALUE_SETTING_FLAGS.includes(t.name)) settings.push([t.name, unmark(t.value ?? "")]);
    else if (t.kind === "option" && SETTING_FLAGS.includes(t.name)) settings.push([t.name, "true"]);
    else if (t.kind === "option" && t.name.startsWith("no-") && SETTING_FLAGS.includes(t.name.slice(3))) settings.push([t.name.slice(3), "false"]);
    if (t.kind === "option" && (t.name === "arg" || t.name === "argstr")) {
      const next = tokens![i + 1];
      if (!next || next.kind !== "positional") throw new Error(`flag '--${t.name}' requires 2 arguments`);
      consumed.add(next.index);
      args.push({ name: unmark(t.value!), value: unmark(next.value), isString: t.name === "argstr" });
    }
  });
  const files = tokens!.filter((t) => t.kind === "positional" && !consumed.has(t.index)).map((t) => (t as { value: string }).value);
  void positionals;
  return {
    // As in nix-instantiate, --help and --version act when met, --find-file before anything else.
    mode: values.help
      ? "help"
      : values.version
        ? "version"
        : values["find-file"]
          ? "find-file"
          : values.parse || values["parse-only"]
            ? "parse"
            : values.eval || values["eval-only"]
              ? "eval"
              : "instantiate",
    strict: !!values.strict,
    json: !!values.json,
    xml: !!values.xml,
    location: !values["no-location"],
    showTrace: !!values["show-trace"],
    expr: !!values.expr,
    readOnly: !!values["readonly-mode"] || !!values["dry-run"],
    readWrite: !!values["read-write-mode"],
    addRoot: values["add-root"] !== undefined,
    noGcWarning: !!values["no-gc-warning"],
    attrPaths: values.attr ?? [],
    args,
    includes: values.include ?? [],
    files,
    settings,
    nixVersion: values["nix-version"],
    traceVerbose: !!values["trace-verbose"],
  };
}

/** What `nixts --help` prints. */
const USAGE = `Usage: nixts [OPTIONS] [FILES...]   (nix-instantiate 2.8's command line)

  nixts FILE                     instantiate: write the .drv files, print their paths
  nixts --eval [--strict] FILE   evaluate and print the value (--json, --xml [--no-location])
  nixts --parse FILE             print the parsed expression as nix-instantiate --parse does
  nixts --find-file NAME         look NAME up in the search path (-I, NIX_PATH)
  nixts show-derivation PATH     print a .drv file as nix show-derivation does
  nixts --show-kernel            evaluate the kernel example and print its derivation record

  -E, --expr           FILES are expressions, not files ('-' reads standard input)
  -A, --attr PATH      select an attribute of the result (repeatable)
  --arg NAME EXPR      argument for the result's function; --argstr NAME STRING likewise
  -I, --include PATH   add to the search path (PREFIX=PATH or PATH)
  --show-trace         print every frame of an error's trace
  --readonly-mode, --dry-run   instantiate without writing to the store
  --version            print the version of Nix this follows
  --nix-version V      follow Nix 2.8 (2.8.0) or 2.26 (2.26.3); default NIXTS_NIX_VERSION, else ${NIX_RELEASE[DEFAULT_NIX_VERSION]}
`;

/** Where the CLI reads and writes: the real process by default, buffers in tests. */
export interface CliIO {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The arguments as the bytes the process got (one char per byte), where the platform can
   * tell; otherwise `main`'s (UTF-16) arguments are encoded as UTF-8. */
  rawArgv?: readonly string[];
  stdout(bytes: string): void;
  stderr(bytes: string): void;
  stdin(): string;
}

/** The real process's IO. */
export const processIO: CliIO = {
  env: process.env,
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(Buffer.from(s, "latin1")),
  stderr: (s) => process.stderr.write(Buffer.from(s, "latin1")),
  stdin: () => readFileSync(0).toString("latin1"),
};

/** Builds the search path: `-I` entries (byte strings) first, then NIX_PATH's. */
export function searchPathOf(includes: string[], env: NodeJS.ProcessEnv): SearchPathEntry[] {
  return [...includes.flatMap((i) => parseSearchPath(i)), ...parseSearchPath(toByteString(env.NIX_PATH ?? ""))];
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const writeOut = io.stdout;
  // From here on the arguments are byte strings, as Nix reads its command line.
  argv = io.rawArgv !== undefined ? [...io.rawArgv] : argv.map(toByteString);
  if (argv[0] === "show-derivation") return runShowDerivation(argv.slice(1), io.stdout, io.cwd);
  // `npm start`: the embedded default, the kernel example, computed without touching /nix/store.
  if (argv[0] === "--show-kernel")
    argv = [toByteString(path.join(path.dirname(new URL(import.meta.url).pathname), "../../examples/kernel")), "--show-record", "--readonly-mode"].concat(argv.slice(1));
  let opts: CliOptions;
  let nixVersion: NixVersion;
  const showRecord = argv.includes("--show-record");
  argv = argv.filter((a) => a !== "--show-record");
  try {
    opts = parseCli(argv);
    const asked = opts.nixVersion ?? io.env["NIXTS_NIX_VERSION"];
    nixVersion = asked === undefined ? DEFAULT_NIX_VERSION : parseNixVersion(asked, opts.nixVersion === undefined ? "NIXTS_NIX_VERSION" : "--nix-version");
    if (nixVersion === "2.8") for (const f of argv) if (FLAGS_2_26.includes(f)) throw new Error(`unrecognised flag '${f}'`);
  } catch (e) {
    io.stderr(`error: ${(e as Error).message}\nTry 'nixts --help' for more information.\n`);
    return 1;
  }
  // Settings from NIX_CONFIG, then the command line's (warnings first, as Nix prints them).
  let settings: EvalSettings;
  try {
    settings = applySettings([...parseConfigText(toByteString(io.env["NIX_CONFIG"] ?? "")), ...opts.settings], (line) => io.stderr(line + "\n"), nixVersion);
  } catch (e) {
    io.stderr(`error: ${(e as Error).message}\nTry 'nixts --help' for more information.\n`);
    return 1;
  }
  // NIX_ABORT_ON_WARN=1 sets abort-on-warn too (Nix 2.26).
  const abortOnWarn = settings.abortOnWarn || (nixVersion === "2.26" && io.env["NIX_ABORT_ON_WARN"] === "1");
  const version = { nixVersion, traceVerbose: opts.traceVerbose || settings.traceVerbose, abortOnWarn };
  // Nix's logger filters what it prints as it does error text (tabs expanded, escapes dropped).
  const host = nodeHost(io.env, (line) => io.stderr(filterTerminalText(line) + "\n"));
  const cwd = toByteString(io.cwd);
  const sources: Source[] = [];
  if (opts.expr) {
    for (const f of opts.files) sources.push({ name: STRING_SOURCE, baseDir: cwd, text: f });
  } else {
    const files = opts.files.length ? opts.files : ["./default.nix"];
    for (const f of files) {
      if (f === "-") sources.push({ name: STDIN_SOURCE, baseDir: cwd, text: io.stdin() });
      else sources.push({ name: "", baseDir: cwd, text: path.resolve(cwd, f) });
    }
  }
  if (opts.mode === "help") {
    writeOut(USAGE);
    return 0;
  }
  if (opts.mode === "version") {
    writeOut(`nixts (Nix) ${NIX_RELEASE[nixVersion]}\n`);
    return 0;
  }
  let state: EvalState | undefined;
  try {
    if (opts.mode === "find-file") {
      // Nix's findFile on each name, without a position when it fails.
      const st = new EvalState({ host, searchPath: searchPathOf(opts.includes, io.env), cwd, ...settings, ...version });
      for (const name of opts.files) {
        let found: Value;
        try {
          found = st.call(st.builtin("__findFile"), st.builtin("__nixPath"), name);
        } catch (e) {
          const err = toNixError(e);
          err.positionless = true;
          err.trace.length = 0;
          throw err;
        }
        writeOut(st.coerceToPath(found) + "\n");
      }
      return 0;
    }
    if (opts.mode === "parse") {
      // Nix prints formals and `let` bindings in the order of its symbol table, shared by all sources.
      const symbols = new SymbolOrder(BUILTIN_SYMBOL_ORDER);
      for (const src of sources) {
        const real = src.name === "" ? readSourceFile(state, host, src.text) : src;
        const warn = (m: string) => host.printError(`warning: ${m}`);
        const ast = parseSource(real, { home: host.getEnv("HOME"), nixVersion, experimentalFeatures: settings.experimentalFeatures, warn });
        symbols.internExpr(ast);
        resolveScopes(ast, globalScopeOf(nixVersion, settings.experimentalFeatures).globalNames, (n) => symbols.rank(n));
        writeOut(printExpr(ast, { rank: (n) => symbols.rank(n), nixVersion }) + "\n");
      }
      return 0;
    }
    const useNodeStore = opts.mode === "instantiate" && !opts.readOnly;
    const { NodeStore, isValidInRealStore } = await import("../node/store-node.js");
    state = new EvalState({
      ...settings,
      ...version,
      host,
      searchPath: searchPathOf(opts.includes, io.env),
      cwd,
      fetcher: nodeFetcher(),
      store: useNodeStore ? new NodeStore() : undefined,
      // Read-only (as --eval is unless --read-write-mode), Nix writes nothing to the store, so
      // contexts are realised against the real one. Evaluating read-write, nixts keeps what it
      // would write in memory and counts it as written.
      isPathValid: useNodeStore || (opts.mode === "eval" && opts.readWrite && !opts.readOnly) ? undefined : isValidInRealStore(),
    });
    for (const src of sources) {
      const v = src.name === "" ? state.importFile(src.text, false) : state.evalSource(src);
      const st = state;
      const roots = (opts.attrPaths.length ? opts.attrPaths : [""]).map((p) => autoCall(st, selectAttrPath(st, v, p, opts, io.cwd), opts, io.cwd));
      for (const r of roots) {
        if (opts.mode === "eval") writeOut(printResult(state, r, opts));
        else writeOut(runInstantiate(state, r, showRecord, opts, io.cwd, (line) => io.stderr(line + "\n")));
      }
    }
    return 0;
  } catch (e) {
    const err = toNixError(e);
    // What the printer wrote before failing: Nix's output is flushed at each line end (its XML
    // writer ends lines; its JSON writer does not), so that part precedes the error message and
    // the rest follows it, flushed at exit. A stack overflow ends Nix at once: the rest is lost.
    const partial = err.partialOutput ?? "";
    const flushed = partial.slice(0, partial.lastIndexOf("\n") + 1);
    if (flushed) writeOut(flushed);
    io.stderr(err.format({ showTrace: settings.showTrace, nixVersion }));
    if (err instanceof UsageError) io.stderr("Try 'nixts --help' for more information.\n");
    const rest = partial.slice(flushed.length);
    if (rest && !(err instanceof StackOverflowError)) writeOut(rest);
    return 1;
  }
}

function readSourceFile(state: EvalState | undefined, host: ReturnType<typeof nodeHost>, file: string): Source {
  void state;
  const st = host.lstat(file);
  const real = st?.type === "directory" ? file + "/default.nix" : file;
  const i = real.lastIndexOf("/");
  return { name: real, baseDir: real.slice(0, i) || "/", text: host.readFile(real) };
}
