// What builtins may ask of the evaluator: forcing, calling Nix functions, typed forcing with
// Nix's error messages, string coercion with contexts, the host and the store. Implemented by
// EvalState (state.ts); builtins depend only on this interface.

import type { Source, Span } from "../parser/ast.js";
import type { Store } from "../derivation/index.js";
import type { Chunk } from "./chunk.js";
import type { Fetcher } from "./fetcher.js";
import type { SearchPathEntry } from "./state.js";
import type { Host } from "./host.js";
import type { CoerceOptions } from "./operators.js";
import type { NixAttrs, Value } from "./value.js";
import type { AccessPolicy } from "./restrictions.js";
import type { NixVersion } from "../nix-version.js";

/** A string value split into its bytes and its context. */
export interface StringWithContext {
  s: string;
  context: Set<string>;
}

/** The evaluator as builtins see it. */
export interface EvalContext {
  /** The Nix version being followed. */
  readonly nixVersion: NixVersion;
  /** The `trace-verbose` setting (Nix 2.26): whether `traceVerbose` traces. */
  readonly traceVerbose: boolean;
  /** The `abort-on-warn` setting (Nix 2.26): whether `warn` fails after printing. */
  readonly abortOnWarn: boolean;
  /** The experimental features that are on (`experimental-features`); only Nix 2.26 mode
   * consults them (flake builtins, `parse-toml-timestamps`). */
  readonly experimentalFeatures: ReadonlySet<string>;
  /** Forces to weak head normal form. */
  force(v: Value): Value;
  /** Forces deeply (lists and sets recursively), returning the forced value. */
  deepForce(v: Value): Value;
  /** Calls a Nix function value with arguments, as a builtin calls its function argument;
   * result forced. Traces show the builtin's own call as the call site in Nix 2.8, none in 2.26. */
  call(fn: Value, ...args: Value[]): Value;
  /** Calls a Nix function value from the current position (`__toString` in a coercion). */
  callHere(fn: Value, ...args: Value[]): Value;
  /** Like call, with no call site in traces (Nix's `filter` and `genericClosure` call so). */
  callUnsited(fn: Value, ...args: Value[]): Value;
  /** Like call, with `site` as the call site in traces (none when undefined). */
  callAt(site: Span | undefined, fn: Value, ...args: Value[]): Value;
  /** A thunk computing `fn arg` when forced. */
  lazyApply(fn: Value, arg: Value): Value;

  forceInt(v: Value): number | bigint;
  /** An int or float as a JS number (`builtins.ceil` etc.). */
  forceNumber(v: Value): number;
  forceBool(v: Value): boolean;
  forceList(v: Value): Value[];
  forceAttrs(v: Value): NixAttrs;
  /** A function (lambda, builtin or set with `__functor`). */
  forceFunction(v: Value): Value;
  /** A string's bytes; its context is dropped (use forceStringWithContext to keep it). */
  forceString(v: Value): string;
  forceStringWithContext(v: Value): StringWithContext;
  /** Coerces to a string, adding the context to `context`. */
  coerceToString(v: Value, context: Set<string>, opts: CoerceOptions): string;
  /** Coerces to an absolute path string (`builtins.readFile "/x"`, paths, `outPath` sets). */
  coerceToPath(v: Value, context?: Set<string>): string;
  /** Copies a path into the store (as `"${./p}"` does), returning the store path. */
  copyPathToStore(path: string): string;
  equals(a: Value, b: Value): boolean;
  lessThan(a: Value, b: Value): boolean;
  /** A set's names in Nix's symbol order (how `==` and deep forcing walk a set). */
  attrOrder(s: NixAttrs): readonly string[];
  /** Where the last empty set literal evaluated is: the position of every set Nix keeps in its
   * shared empty `Bindings` (see NixAttrs.sharesEmpty). */
  emptySetSpan: Span | undefined;
  /** A name's place in Nix's symbol order (see symbols.ts). */
  symbolRank(name: string): number;
  /** Builds a set from a JS map (no positions). */
  makeAttrs(entries: Iterable<[string, Value]>): NixAttrs;

  /** The host: files, environment, clock, stderr. */
  readonly host: Host;
  /** The store derivations and copied paths go to. */
  readonly store: Store;
  /** What fetch builtins fetch with, when the embedder gave one. */
  readonly fetcher: Fetcher | undefined;
  /** What files and URIs the evaluation may reach (restrict-eval, pure-eval, allowed-uris). */
  readonly access: AccessPolicy;
  /** The search path (`-I`, `NIX_PATH`) in lookup order. */
  readonly searchPath: readonly SearchPathEntry[];
  /** `builtins.currentSystem`. */
  readonly system: string;
  /** The directory relative paths on the command line are read against. */
  readonly cwd: string;
  /** Whether a store path is valid where contexts are realised. */
  readonly isPathValid: (path: string) => boolean;
  /** Records a path a fetcher put in the store (valid from then on); returns it. */
  addFetchedPath(path: string): string;
  /** Whether a search-path entry's target exists (checked once per entry). */
  searchPathEntryExists(entry: string, absolute: string): boolean;
  /** Parse, resolve and compile a source (no evaluation). */
  compileSource(src: Source, globals?: readonly string[]): Chunk;
  /** `import path` (cached per file). */
  importFile(path: string, asImport?: boolean): Value;
  /** `scopedImport scope path`. */
  scopedImport(scope: NixAttrs, path: string): Value;
  /** Span of the expression being evaluated (for errors builtins raise). */
  currentSpan(): Span | undefined;
}
