// Nix values at run time. Plain JS where it maps exactly (null, booleans, integers in the safe
// range as numbers, context-free strings, lists as arrays); small classes for the rest (floats,
// big integers as bigint, strings with context, paths, attribute sets, functions, thunks).
// All strings are byte strings: one JS char per byte, as Nix strings are bytes.

import type { Span } from "../parser/ast.js";
import type { Chunk } from "./chunk.js";
import type { EvalContext } from "./context.js";

/** A lexical environment as one array: slot 0 links to the enclosing environment (or null),
 * slots 1.. hold the scope's values. One allocation per call, `let`, `rec` or `with`. */
export type Env = Value[];

/** A new environment with `n` value slots under `up`. */
export function makeEnv(up: Env | null, n: number): Env {
  const e: Value[] = new Array(n + 1).fill(null);
  e[0] = up as unknown as Value;
  return e;
}

/** The enclosing environment. */
export function envUp(e: Env): Env {
  return e[0] as unknown as Env;
}

/** A float. Wrapped so that `1.0` and `1` stay distinct types. */
export class NixFloat {
  constructor(readonly value: number) {}
}

/** A string that carries a context (store paths it refers to). Context-free strings are plain JS strings. */
export class NixString {
  constructor(
    readonly s: string,
    /** Context elements: `/nix/store/...` (plain path), `!out!/nix/store/x.drv` (output), `=/nix/store/x.drv` (all outputs). */
    readonly context: ReadonlySet<string>,
  ) {}
}

/** A path value (absolute, canonical, byte string). */
export class NixPath {
  constructor(readonly path: string) {}
}

/** Where attributes were defined: a Map, or a lazily composed lookup (`//` chains sources
 * instead of copying them). */
export interface PositionSource {
  get(name: string): Span | undefined;
}

/** An attribute set. Names are byte strings; iteration order of `map` is insertion order,
 * `sortedKeys()` gives Nix's (bytewise) order. */
export class NixAttrs {
  private sorted: string[] | undefined;
  private ordered: string[] | undefined;
  private materialized: Map<string, Value> | null;
  /** For a pending `base // o1 // o2 ...`: the base set and the overlays, applied in order. */
  private base: NixAttrs | null = null;
  private overlays: Map<string, Value>[] | null = null;
  /** Whether Nix would hold this (empty) set in its one shared empty `Bindings`: sets built
   * with room for no attributes (an empty literal, a builtin given nothing). That object's
   * position is the last empty literal evaluated (see {@link EvalContext.emptySetSpan}). */
  sharesEmpty = false;
  constructor(
    map: Map<string, Value> | null,
    /** Positions of attribute definitions, for `unsafeGetAttrPos` and error messages. */
    public positions?: PositionSource,
    /** Where the set literal that built this set is: only literals have one in Nix (a `//`
     * or a builtin makes a set without). Errors about missing arguments point there. */
    readonly span?: Span,
  ) {
    this.materialized = map;
  }

  /**
   * `base // overlay` without copying `base` yet: chains of updates of a large set by small ones
   * (`foldl' (acc: x: acc // { ... })`) copy the large set once per {@link MAX_OVERLAYS} steps
   * instead of once per step. The map is built on first use.
   */
  static updated(base: NixAttrs, overlay: Map<string, Value>, positions?: PositionSource): NixAttrs {
    const r = new NixAttrs(null, positions);
    if (base.materialized === null && base.overlays!.length < MAX_OVERLAYS) {
      r.base = base.base;
      r.overlays = [...base.overlays!, overlay];
    } else {
      r.base = base;
      r.overlays = [overlay];
    }
    return r;
  }

  /** The attributes, name → value (insertion order; see {@link sortedKeys} for Nix's order). */
  get map(): Map<string, Value> {
    let m = this.materialized;
    if (m === null) {
      m = new Map(this.base!.map);
      for (const o of this.overlays!) for (const [k, v] of o) m.set(k, v);
      this.materialized = m;
      this.base = null;
      this.overlays = null;
    }
    return m;
  }
  get size(): number {
    return this.map.size;
  }
  get(name: string): Value | undefined {
    return this.map.get(name);
  }
  has(name: string): boolean {
    return this.map.has(name);
  }
  /** Names in Nix's symbol order (first sight of each name): how Nix 2.8 walks a set when it
   * does not sort it by name. Cached; ranks of known names never change. */
  keysInOrder(order: { order(names: Iterable<string>): string[] }): string[] {
    if (!this.ordered) this.ordered = order.order(this.map.keys());
    return this.ordered;
  }
  /** Names in Nix's order (bytewise, since names are byte strings). */
  sortedKeys(): string[] {
    if (!this.sorted) this.sorted = [...this.map.keys()].sort(compareBytes);
    return this.sorted;
  }
  /** Whether the set is known to be big without building it (pending updates are big by construction). */
  isLarge(): boolean {
    return this.materialized === null || this.materialized.size >= LARGE_SET;
  }
}

/** Pending overlays a set may carry before its map is built. */
const MAX_OVERLAYS = 64;
/** Sets at least this big are updated lazily by small ones. */
const LARGE_SET = 64;

/** Marks `s` as Nix's shared empty set when Nix would have built it with room for `capacity`
 * attributes and that is none. Returns `s`. */
export function withCapacity(s: NixAttrs, capacity: number): NixAttrs {
  if (capacity === 0) s.sharesEmpty = true;
  return s;
}

/** Compares two byte strings bytewise (JS `<` on byte strings is exactly that). */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Nix's Value::determinePos: a set's own position (none for sets not built by a literal, the
 * last empty literal's for the shared empty set), a function's definition, otherwise `fallback`. */
export function valuePosition(v: Value, fallback: Span | undefined, emptySetSpan: Span | undefined): Span | undefined {
  if (v instanceof NixAttrs) return v.sharesEmpty ? emptySetSpan : v.span;
  if (v instanceof Lambda) return v.chunk.span;
  return fallback;
}

/** A user function: compiled body and captured environment. */
export class Lambda {
  constructor(
    readonly chunk: Chunk,
    readonly env: Env,
  ) {}
}

/** The signature of a builtin's implementation: receives exactly `arity` arguments, forced to
 * weak head normal form unless the builtin is `lazy`. */
export type PrimOpImpl = (args: Value[], ctx: EvalContext) => Value;

/** A builtin function. */
export class PrimOp {
  constructor(
    readonly name: string,
    readonly arity: number,
    readonly impl: PrimOpImpl,
    /** When true the VM passes arguments unforced. */
    readonly lazy = false,
    /** False for a builtin whose failures Nix 2.26 does not trace as its call (addErrorContext). */
    readonly traced = true,
    /** Its arguments' names in Nix 2.26's type error contexts, where not the usual ones. */
    readonly argContexts?: readonly string[],
    /** It returns a value it forces inside its call (trace, deepSeq), where Nix 2.26 traces
     * that value's failures as the builtin's. */
    readonly resultTraced = false,
  ) {}
}

/** A builtin applied to fewer arguments than its arity. */
export class PrimOpApp {
  constructor(
    readonly primop: PrimOp,
    readonly args: Value[],
  ) {}
}

export const enum ThunkState {
  Suspended = 0,
  Blackhole = 1,
  Done = 2,
}

/** A suspended computation: evaluated at most once. */
export class Thunk {
  state: ThunkState = ThunkState.Suspended;
  /** The result once `state` is Done (before that, an application thunk keeps its argument here
   * and its function in `env`: see Machine.lazyApply). */
  value: Value = null;
  constructor(
    public chunk: Chunk | null,
    public env: Env | null,
  ) {}
}

/** A list. Never mutated after construction. */
export type NixList = Value[];

/** Any Nix value, possibly an unevaluated thunk. */
export type Value =
  | null
  | boolean
  | number
  | bigint
  | NixFloat
  | string
  | NixString
  | NixPath
  | NixList
  | NixAttrs
  | Lambda
  | PrimOp
  | PrimOpApp
  | Thunk;

/** Nix's type names, as `builtins.typeOf` returns them. */
export function typeOf(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "number":
    case "bigint":
      return "int";
    case "string":
      return "string";
  }
  if (Array.isArray(v)) return "list";
  if (v instanceof NixAttrs) return "set";
  if (v instanceof NixString) return "string";
  if (v instanceof NixFloat) return "float";
  if (v instanceof NixPath) return "path";
  if (v instanceof Lambda || v instanceof PrimOp || v instanceof PrimOpApp) return "lambda";
  return "thunk";
}

/** Nix's names for types in error messages (`a string`, `a set`, ...). */
export function showType(v: Value): string {
  if (v instanceof PrimOp) return `the built-in function '${v.name}'`;
  if (v instanceof PrimOpApp) return `the partially applied built-in function '${v.primop.name}'`;
  switch (typeOf(v)) {
    case "null":
      return "null";
    case "bool":
      return "a Boolean";
    case "int":
      return "an integer";
    case "float":
      return "a float";
    case "string":
      return v instanceof NixString && v.context.size > 0 ? "a string with context" : "a string";
    case "path":
      return "a path";
    case "list":
      return "a list";
    case "set":
      return "a set";
    case "lambda":
      return "a function";
    default:
      return "a thunk";
  }
}

/** Normalises a 64-bit integer result: numbers in the safe range stay numbers, others bigint, wrapped to 64 bits. */
export function normInt(b: bigint): number | bigint {
  const w = BigInt.asIntN(64, b);
  return w >= -9007199254740991n && w <= 9007199254740991n ? Number(w) : w;
}

/** True for an evaluated value that is a Nix integer. */
export function isInt(v: Value): v is number | bigint {
  return typeof v === "number" || typeof v === "bigint";
}
