// An evaluation state: the VM, the base environment of builtins, the import cache, the search
// path, the host and the store. It implements EvalContext for builtins. The pipeline lives in
// `evalSource`: lex/parse → AST → scope resolution → compile → run on the VM.

import type { Source, Span } from "../parser/ast.js";
import { globalScopeOf } from "../parser/global-names.js";
import { DEFAULT_NIX_VERSION, type NixVersion } from "../nix-version.js";
import { parseSource, type ParseOptions } from "../parser/parser.js";
import { resolveScopes } from "../parser/resolve.js";
import { MemoryStore, type Store } from "../derivation/index.js";
import { EvalError, InfiniteRecursionError, missingPath, NixError, positionless, StackOverflowError, typeError } from "../errors.js";
import { buildBaseEnv, globalNamesFor } from "./builtins/index.js";
import { AccessPolicy, type RestrictOptions } from "./restrictions.js";
import { compileTop } from "./compiler.js";
import { COREPKGS } from "./corepkgs.js";
import { storeAwareHost } from "./store-host.js";
import { BUILTIN_SYMBOL_ORDER, SymbolOrder } from "./symbols.js";
import type { EvalContext, StringWithContext } from "./context.js";
import type { Fetcher } from "./fetcher.js";
import { canonPath } from "./format.js";
import { hostFS, pureHost, type Host } from "./host.js";
import { Machine } from "./machine.js";
import { functionPosition } from "./builtin-trace.js";
import * as ops from "./operators.js";
import { type Env, Lambda, NixAttrs, NixFloat, NixPath, NixString, PrimOp, PrimOpApp, Thunk, ThunkState, withCapacity, type Value } from "./value.js";

/** One entry of the search path (`-I prefix=path`, `NIX_PATH`). */
export interface SearchPathEntry {
  /** `nixpkgs` in `nixpkgs=/path`; empty for a bare directory. */
  prefix: string;
  path: string;
}

/** Options of an evaluation. */
export interface EvalOptions extends RestrictOptions {
  /** The Nix version to follow: its builtins, `builtins.nixVersion`, ... (default {@link DEFAULT_NIX_VERSION}). */
  nixVersion?: NixVersion;
  /** Experimental features that are on (`flakes`, `parse-toml-timestamps`, `pipe-operators`,
   * ...); Nix 2.26 mode follows what some of them add. Default none. */
  experimentalFeatures?: readonly string[];
  /** Nix 2.26's `trace-verbose` setting: `builtins.traceVerbose` traces (default false). */
  traceVerbose?: boolean;
  /** Nix 2.26's `abort-on-warn` setting: `builtins.warn` fails after printing (default false). */
  abortOnWarn?: boolean;
  /** Filesystem, environment, clock, stderr. Defaults to a pure host with none of them. */
  host?: Host;
  /** The store derivations and copied paths go to. Defaults to an in-memory store. */
  store?: Store;
  /** Search path, `-I` entries first, then `NIX_PATH`'s. */
  searchPath?: SearchPathEntry[];
  /** `builtins.currentSystem`; default `x86_64-linux`. */
  system?: string;
  /** Maximum VM frames before `stack overflow` (default 1,000,000). */
  maxFrames?: number;
  /** Nix 2.26's `max-call-depth`: function calls under way at once before `stack overflow;
   * max-call-depth exceeded` (default 10,000 in 2.26 mode; Nix 2.8 has no such limit). */
  maxCallDepth?: number;
  /** Stop the evaluation after this many milliseconds (an InterruptedError). */
  timeoutMs?: number;
  /** Stop the evaluation once this signal is aborted (from another thread's doing, or a callback). */
  signal?: AbortSignal;
  /** Stop once element 0 is nonzero (an Int32Array on a SharedArrayBuffer, set by another thread). */
  interrupt?: Int32Array;
  /** Stop once the JS heap holds more than this many bytes (measured by `heapUsed`; by default
   * node:v8's used heap size, looked at every 256 frames entered or left). */
  maxHeapBytes?: number;
  /** How full the JS heap is, for `maxHeapBytes` where the runtime has no node:v8. */
  heapUsed?: () => number;
  /** Network access for fetch builtins; without one they fail. */
  fetcher?: Fetcher;
  /** Whether a store path is valid where a path's context is realised (`import`, `readFile`,
   * ...): the real store's view (the CLI's; in read-only mode Nix writes nothing there).
   * Default: whatever `store` holds. */
  isPathValid?: (path: string) => boolean;
  /** Directory relative search-path entries are resolved against (default `/`). */
  cwd?: string;
}

/** Parses a `NIX_PATH`-style string (`a=/x:/y`) into entries. */
export function parseSearchPath(s: string): SearchPathEntry[] {
  return s
    .split(":")
    .filter((e) => e !== "")
    .map((e) => {
      const i = e.indexOf("=");
      return i < 0 ? { prefix: "", path: e } : { prefix: e.slice(0, i), path: e.slice(i + 1) };
    });
}

/** The state of an evaluation; builtins see it as an EvalContext. */
export class EvalState implements EvalContext {
  readonly host: Host;
  readonly store: Store;
  /** See {@link EvalOptions.isPathValid}. */
  readonly isPathValid: (path: string) => boolean;
  /** Store paths the fetch builtins produced. */
  private readonly fetchedPaths = new Set<string>();

  /** Records a fetch builtin's result (valid wherever contexts are realised); returns it. */
  addFetchedPath(path: string): string {
    this.fetchedPaths.add(path);
    this.access.allowPath(path);
    return path;
  }
  readonly machine: Machine;
  readonly nixVersion: NixVersion;
  readonly traceVerbose: boolean;
  readonly abortOnWarn: boolean;
  readonly experimentalFeatures: ReadonlySet<string>;
  /** How sources are parsed: the version's syntax, the features on, where warnings go. */
  private readonly parseOptions: ParseOptions;
  /** The names in scope at the top of every file (see globalNamesFor). */
  private readonly globalNames: readonly string[];
  /** The base environment's names of this version, in slot order. */
  private readonly baseNames: readonly string[];
  readonly searchPath: SearchPathEntry[];
  /** What files and URIs the evaluation may reach (restrict-eval, pure-eval, allowed-uris). */
  readonly access: AccessPolicy;
  readonly system: string;
  readonly fetcher: Fetcher | undefined;
  readonly cwd: string;
  readonly baseEnv: Env;
  /** `builtins` itself. */
  readonly builtins: NixAttrs;
  /** Nix's symbol order (see symbols.ts). */
  readonly symbols: SymbolOrder;
  private readonly importCache = new Map<string, Value>();
  /** Store paths of source paths already copied, by source path. */
  private readonly copiedPaths = new Map<string, string>();

  constructor(options: EvalOptions = {}) {
    this.store = options.store ?? new MemoryStore();
    // With a real store to check validity against, only what the fetchers made is read from
    // memory: Nix (read-only) has not written the rest.
    this.host = storeAwareHost(options.host ?? pureHost, this.store, options.isPathValid ? (p) => this.fetchedPaths.has(p) : undefined);
    // Pure evaluation has no search path at all (`builtins.nixPath` is `[ ]`).
    this.searchPath = options.pureEval ? [] : (options.searchPath ?? []);
    this.nixVersion = options.nixVersion ?? DEFAULT_NIX_VERSION;
    this.traceVerbose = options.traceVerbose ?? false;
    this.abortOnWarn = options.abortOnWarn ?? false;
    this.experimentalFeatures = new Set(options.experimentalFeatures ?? []);
    this.parseOptions = {
      home: this.host.getEnv("HOME"),
      nixVersion: this.nixVersion,
      experimentalFeatures: [...this.experimentalFeatures],
      warn: (m) => this.host.printError(`warning: ${m}`),
    };
    this.globalNames = globalNamesFor(this.nixVersion, options.pureEval ?? false, this.experimentalFeatures);
    this.baseNames = globalScopeOf(this.nixVersion, this.experimentalFeatures).globalNames;
    this.system = options.system ?? "x86_64-linux";
    this.fetcher = options.fetcher;
    const store = this.store;
    const valid = options.isPathValid ?? ((p: string) => store.isValidPath(p));
    // Fetchers put their results in the real store even when nothing else is written, as Nix's do.
    this.isPathValid = (p) => this.fetchedPaths.has(p) || valid(p);
    this.cwd = options.cwd ?? "/";
    const cwd = this.cwd;
    // Restricted, the search path's directories are readable from the start (URLs are not paths).
    this.access = new AccessPolicy(
      options,
      () => this.searchPath.filter((e) => !e.path.includes("://")).map((e) => (e.path.startsWith("/") ? e.path : `${cwd}/${e.path}`)),
      (p) => this.host.realPath(p),
    );
    this.machine = new Machine(options.maxFrames, {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      interrupt: options.interrupt,
      maxHeapBytes: options.maxHeapBytes,
      heapUsed: options.heapUsed,
    }, options.nixVersion ?? DEFAULT_NIX_VERSION, options.maxCallDepth);
    this.machine.ctx = this;
    // Builtin names come before anything parsed, as in Nix.
    this.symbols = new SymbolOrder(BUILTIN_SYMBOL_ORDER);
    const { env, builtins } = buildBaseEnv(this);
    this.baseEnv = env;
    this.builtins = builtins;
  }

  private readonly searchPathChecked = new Map<string, boolean>();

  /** Whether a search path entry's directory exists; Nix warns once about one that does not. */
  searchPathEntryExists(entry: string, absolute: string): boolean {
    let ok = this.searchPathChecked.get(absolute);
    if (ok === undefined) {
      ok = this.host.lstat(absolute) !== null;
      this.searchPathChecked.set(absolute, ok);
      if (!ok) this.host.printError(`warning: Nix search path entry '${entry}' does not exist, ignoring`);
    }
    return ok;
  }

  /** {@link symbolRank} as a function value. */
  private readonly rankOf = (name: string): number => this.symbols.rank(name);

  symbolRank(name: string): number {
    return this.symbols.rank(name);
  }

  attrOrder(s: NixAttrs): readonly string[] {
    return s.keysInOrder(this.symbols);
  }

  /** Looks up a builtin by name (`map`, `foldl'`). */
  builtin(name: string): Value {
    return this.baseEnv[this.baseNames.indexOf(name) + 1] as Value;
  }

  /** Parses, resolves and compiles a source; returns a thunk-free value by running it. */
  evalSource(src: Source, env: Env = this.baseEnv): Value {
    const chunk = this.compileSource(src);
    return this.machine.runChunk(chunk, env);
  }

  /** Parse → resolve → compile (no evaluation). */
  compileSource(src: Source, globals: readonly string[] = this.globalNames) {
    const ast = parseSource(src, this.parseOptions);
    // Nix makes a source's symbols as it parses it, before binding its variables (in symbol
    // order). The names of our own derivation wrapper are not Nix's.
    if (!src.virtual) this.symbols.internExpr(ast);
    resolveScopes(ast, globals, src.virtual ? undefined : this.rankOf);
    return compileTop(ast, src.name);
  }

  /** `import path`: evaluates a file (a directory means its default.nix), cached per file.
   * `asImport: false` is for the file a command line names, which Nix does not trace. */
  importFile(path: string, asImport = true): Value {
    const file = this.resolveImportPath(COREPKGS.has(path) ? path : this.access.checkSourcePath(path));
    const cached = this.importCache.get(file);
    if (cached !== undefined) return cached;
    const src = this.readSource(file);
    const thunk = new Thunk(this.compileSource(src), this.baseEnv);
    this.importCache.set(file, thunk);
    if (asImport) this.machine.importedFiles.set(thunk, file);
    return thunk;
  }

  /** Evaluates a file with extra variables in scope (`scopedImport`): resolved as `with` lookups. */
  scopedImport(scope: NixAttrs, path: string): Value {
    const file = this.resolveImportPath(COREPKGS.has(path) ? path : this.access.checkSourcePath(path));
    const src = this.readSource(file);
    // The scope set sits in a `with`-like environment outside the file; builtins stay lexical.
    const ast = parseSource(src, this.parseOptions);
    const base = this.baseNames;
    const globals = [...this.globalNames, ...scope.sortedKeys().filter((k) => !base.includes(k))];
    this.symbols.internExpr(ast);
    resolveScopes(ast, globals, this.rankOf);
    const vals = globals.map((g, i) => (i < base.length ? (scope.map.get(g) ?? (this.baseEnv[i + 1] as Value)) : scope.map.get(g)!));
    const env: Env = [null, ...vals];
    return new Thunk(compileTop(ast, src.name), env);
  }

  private resolveImportPath(path: string): string {
    if (COREPKGS.has(path)) return path;
    const st = this.host.lstat(path);
    if (st === null) throw missingPath(path);
    if (st.type === "directory") return canonPath(path + "/default.nix");
    if (st.type === "symlink") return this.resolveImportPath(this.host.realPath(path));
    return path;
  }

  /** Reads a file as a Source. */
  readSource(file: string): Source {
    const text = COREPKGS.get(file) ?? this.host.readFile(file);
    const i = file.lastIndexOf("/");
    return { name: file, baseDir: i <= 0 ? "/" : file.slice(0, i), text };
  }

  // ---- EvalContext ----

  force(v: Value): Value {
    return v instanceof Thunk ? this.machine.force(v) : v;
  }

  deepForce(v: Value): Value {
    const seen = new Set<object>();
    // Nix forces each value here without a position: meeting one under evaluation is an
    // infinite recursion reported nowhere.
    const forceHere = (x: Value): Value => {
      if (x instanceof Thunk && x.state === ThunkState.Blackhole) {
        throw positionless(new InfiniteRecursionError("infinite recursion encountered"));
      }
      // A lazy application is called from where Nix places its function (its determinePos).
      return this.machine.forceAt(x, functionPosition(x));
    };
    const top = forceHere(v);
    // Depth first, as Nix's forceValueDeep; an item remembers the attribute it came from so a
    // failure can be traced through every enclosing attribute.
    type Item = { v: Value; up: Item | null; set: NixAttrs | null; name: string };
    const work: Item[] = [{ v: top, up: null, set: null, name: "" }];
    while (work.length > 0) {
      const item = work.pop()!;
      let x: Value;
      try {
        x = forceHere(item.v);
      } catch (e) {
        if (e instanceof NixError)
          for (let i: Item | null = item; i !== null; i = i.up)
            if (i.set !== null) e.addTrace(`while evaluating the attribute '${i.name}'`, i.set.positions?.get(i.name));
        throw e;
      }
      if (Array.isArray(x)) {
        if (seen.has(x)) continue;
        seen.add(x);
        for (let k = x.length - 1; k >= 0; k--) work.push({ v: x[k] as Value, up: item.up, set: item.set, name: item.name });
      } else if (x instanceof NixAttrs) {
        if (seen.has(x)) continue;
        seen.add(x);
        const keys = this.attrOrder(x);
        for (let k = keys.length - 1; k >= 0; k--) work.push({ v: x.map.get(keys[k]!) as Value, up: item, set: x, name: keys[k]! });
      }
    }
    return top;
  }

  call(fn: Value, ...args: Value[]): Value {
    return this.machine.call(fn, ...args);
  }

  callHere(fn: Value, ...args: Value[]): Value {
    return this.machine.callHere(fn, ...args);
  }

  callUnsited(fn: Value, ...args: Value[]): Value {
    return this.machine.callFrom(undefined, fn, args);
  }

  callAt(site: Span | undefined, fn: Value, ...args: Value[]): Value {
    return this.machine.callFrom(site, fn, args);
  }

  lazyApply(fn: Value, arg: Value): Value {
    return this.machine.lazyApply(fn, arg);
  }

  forceInt(v: Value): number | bigint {
    const x = this.force(v);
    if (typeof x === "number" || typeof x === "bigint") return x;
    throw typeError("an integer", x);
  }

  forceNumber(v: Value): number {
    const x = this.force(v);
    if (typeof x === "number" || typeof x === "bigint") return Number(x);
    if (x instanceof NixFloat) return x.value;
    throw typeError("a float", x);
  }

  forceBool(v: Value): boolean {
    const x = this.force(v);
    if (typeof x === "boolean") return x;
    throw typeError("a Boolean", x);
  }

  forceList(v: Value): Value[] {
    const x = this.force(v);
    if (Array.isArray(x)) return x;
    throw typeError("a list", x);
  }

  forceAttrs(v: Value): NixAttrs {
    const x = this.force(v);
    if (x instanceof NixAttrs) return x;
    throw typeError("a set", x);
  }

  forceFunction(v: Value): Value {
    const x = this.force(v);
    if (x instanceof Lambda || x instanceof PrimOp || x instanceof PrimOpApp) return x;
    if (x instanceof NixAttrs && x.map.has("__functor")) return x;
    throw typeError("a function", x);
  }

  forceString(v: Value): string {
    const x = this.force(v);
    if (typeof x === "string") return x;
    if (x instanceof NixString) return x.s;
    throw typeError("a string", x);
  }

  forceStringWithContext(v: Value): StringWithContext {
    const x = this.force(v);
    if (typeof x === "string") return { s: x, context: new Set() };
    if (x instanceof NixString) return { s: x.s, context: new Set(x.context) };
    throw typeError("a string", x);
  }

  coerceToString(v: Value, context: Set<string>, opts: ops.CoerceOptions): string {
    return ops.coerceToString(this, v, context, opts);
  }

  coerceToPath(v: Value, context: Set<string> = new Set()): string {
    const x = this.force(v);
    if (x instanceof NixPath) return x.path;
    const s = this.coerceToString(x, context, { coerceMore: false, copyToStore: false });
    if (s === "" || s[0] !== "/") {
      const e = new EvalError(`string '${s}' doesn't represent an absolute path`);
      e.about = x;
      throw e;
    }
    return canonPath(s);
  }

  copyPathToStore(path: string): string {
    const known = this.copiedPaths.get(path);
    if (known) return known;
    this.access.checkSourcePath(path);
    if (this.host.lstat(path) === null) throw missingPath(path);
    const name = path.slice(path.lastIndexOf("/") + 1);
    const sp = this.store.addPathToStore(name, { fs: hostFS(this.host), path });
    this.copiedPaths.set(path, sp);
    this.access.allowPath(sp);
    return sp;
  }

  equals(a: Value, b: Value): boolean {
    return ops.equals(this, a, b);
  }

  lessThan(a: Value, b: Value): boolean {
    return ops.lessThan(this, a, b);
  }

  emptySetSpan: Span | undefined = undefined;

  makeAttrs(entries: Iterable<[string, Value]>): NixAttrs {
    const m = new Map(entries);
    return withCapacity(new NixAttrs(m), m.size);
  }

  currentSpan(): Span | undefined {
    return this.machine.currentSpan();
  }
}

/** Converts JS exceptions that escape the VM (stack exhaustion in builtins, internal bugs) to NixErrors. */
export function toNixError(e: unknown): NixError {
  if (e instanceof NixError) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new StackOverflowError();
  // JS's limits on string and array sizes stand where Nix runs out of memory.
  if (e instanceof RangeError && /Invalid (string|array|typed array) length|Array buffer allocation failed/i.test(e.message)) return new EvalError("out of memory");
  return new EvalError(`internal error: ${e instanceof Error ? e.message : String(e)}`);
}
