// What builtins may ask of the evaluator: forcing, calling Nix functions, typed forcing with
// Nix's error messages, string coercion with contexts, the host and the store. Implemented by
// EvalState (state.ts); builtins depend only on this interface.

import type { Span } from "../parser/ast.js";
import type { Host } from "./host.js";
import type { CoerceOptions } from "./operators.js";
import type { NixAttrs, Value } from "./value.js";

/** A string value split into its bytes and its context. */
export interface StringWithContext {
  s: string;
  context: Set<string>;
}

/** The evaluator as builtins see it. */
export interface EvalContext {
  /** Forces to weak head normal form. */
  force(v: Value): Value;
  /** Forces deeply (lists and sets recursively), returning the forced value. */
  deepForce(v: Value): Value;
  /** Calls a Nix function value with arguments; result forced. Traces show the builtin's own
   * call as the call site. */
  call(fn: Value, ...args: Value[]): Value;
  /** Like call, with no call site in traces (Nix's `filter` and `genericClosure` call so). */
  callUnsited(fn: Value, ...args: Value[]): Value;
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
  /** Span of the expression being evaluated (for errors builtins raise). */
  currentSpan(): Span | undefined;
}
