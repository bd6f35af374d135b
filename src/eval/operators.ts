// Nix's operators on forced values: 64-bit integer and float arithmetic, `+` with Nix 2.8's
// string/path concatenation rules, comparison, deep equality, `//`, and coercion to strings
// (`${...}`, `toString`) with string contexts.

import type { Span } from "../parser/ast.js";
import { OpContext, traceCheck } from "./op-contexts.js";
import { EvalError, NixError, NixTypeError, aboutValue, positionless, typeError } from "../errors.js";
import type { EvalContext } from "./context.js";
import type { NixVersion } from "../nix-version.js";
import {
  Lambda,
  NixAttrs,
  NixFloat,
  NixPath,
  NixString,
  PrimOp,
  PrimOpApp,
  Thunk,
  compareBytes,
  normInt,
  type PositionSource,
  showType,
  typeOf,
  type Value,
} from "./value.js";
import { canonPath, formatFloatFixed } from "./format.js";

/** `file:line:col` of a span, as Nix shows positions inside messages. */
export { showPos as showSpan } from "../parser/positions.js";

/** What a version does with an integer result outside 64 bits: Nix 2.8 wraps around, Nix
 * 2.26 fails (`integer overflow in adding 9223372036854775807 + 1`). */
export type IntOverflow = "wrap" | "error";
export const INT_OVERFLOW: Readonly<Record<NixVersion, IntOverflow>> = { "2.8": "wrap", "2.26": "error" };

/** What Nix 2.26 calls the operands of `+` (builtins.add only), `-`, `*`, `/` in a type error's
 * context: these operators are calls of the builtins add, sub, mul and div. */
export const ARITH_OPERANDS: Readonly<Record<"+" | "-" | "*" | "/", readonly string[]>> = {
  "+": ["the first argument of the addition", "the second argument of the addition"],
  "-": ["the first argument of the subtraction", "the second argument of the subtraction"],
  "*": ["the first argument of the multiplication", "the second argument of the multiplication"],
  "/": ["the first operand of the division", "the second operand of the division"],
};

const OVERFLOW_VERB = { "+": "adding", "-": "subtracting", "*": "multiplying", "/": "dividing" } as const;

/** A 64-bit integer result of `x op y` (exact `r`), wrapped or refused as `overflow` says. */
function intResult(r: bigint, op: "+" | "-" | "*" | "/", x: bigint, y: bigint, overflow: IntOverflow, span?: Span): number | bigint {
  if (overflow === "error" && BigInt.asIntN(64, r) !== r) throw new EvalError(`integer overflow in ${OVERFLOW_VERB[op]} ${x} ${op} ${y}`, span);
  return normInt(r);
}

/** Adds two integers (64-bit, wrapping unless `overflow` is "error", then failing at `span`). */
export function addInts(a: number | bigint, b: number | bigint, overflow: IntOverflow = "wrap", span?: Span): number | bigint {
  return intResult(BigInt(a) + BigInt(b), "+", BigInt(a), BigInt(b), overflow, span);
}

function isNum(v: Value): v is number | bigint | NixFloat {
  return typeof v === "number" || typeof v === "bigint" || v instanceof NixFloat;
}

function toFloat(v: number | bigint | NixFloat): number {
  return v instanceof NixFloat ? v.value : Number(v);
}

/** `-`, `*`, `/` (and `builtins.sub/mul/div`): ints are 64-bit (wrapping, or failing as
 * `overflow` says); a float operand makes a float. `span`: where an overflow of `+` is reported. */
export function arith(op: "-" | "*" | "/" | "+", a: Value, b: Value, overflow: IntOverflow = "wrap", span?: Span): Value {
  // Division checks the divisor first, as Nix's __div does.
  if (op === "/") return divide(a, b, overflow);
  if (a instanceof NixFloat || b instanceof NixFloat) {
    if (!isNum(a)) throw typeError("a float", a);
    if (!isNum(b)) throw typeError("a float", b);
    const x = toFloat(a);
    const y = toFloat(b);
    switch (op) {
      case "+":
        return new NixFloat(x + y);
      case "-":
        return new NixFloat(x - y);
      case "*":
        return new NixFloat(x * y);
    }
  }
  if (typeof a !== "number" && typeof a !== "bigint") throw typeError("an integer", a);
  if (typeof b !== "number" && typeof b !== "bigint") throw typeError("an integer", b);
  if (typeof a === "number" && typeof b === "number") {
    let r: number;
    switch (op) {
      case "+":
        r = a + b;
        break;
      case "-":
        r = a - b;
        break;
      case "*":
        r = a * b;
        break;
    }
    // (-1 * 0 is -0 in JS; Nix ints have no negative zero.)
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
  }
  const x = BigInt(a);
  const y = BigInt(b);
  switch (op) {
    case "+":
      return intResult(x + y, op, x, y, overflow, span);
    case "-":
      return intResult(x - y, op, x, y, overflow);
    case "*":
      return intResult(x * y, op, x, y, overflow);
  }
}

/** The first operand of `+` when it is not a number, string or path: coerced to a string as Nix
 * does before looking at the second operand (a set with `outPath` or `__toString`), or an error
 * at the operand (a Boolean, null, list, function, set without either). */
export function coerceFirstOperand(ctx: EvalContext, a: Value, operandSpans: readonly Span[]): Value {
  const context = new Set<string>();
  let s: string;
  try {
    s = ctx.coerceToString(a, context, { coerceMore: false, copyToStore: true, site: operandSpans[0] });
  } catch (e) {
    throw placePartError(ctx, e, operandSpans[0]);
  }
  return context.size > 0 ? new NixString(s, context) : s;
}

/** The binary `+` operator: numbers add, otherwise Nix 2.8's string/path concatenation. */
export function add(ctx: EvalContext, a: Value, b: Value, operandSpans: readonly Span[]): Value {
  if (typeof a === "number" || typeof a === "bigint") {
    if (typeof b === "number" || typeof b === "bigint" || b instanceof NixFloat) return arith("+", a, b, INT_OVERFLOW[ctx.nixVersion], operandSpans[1]);
    throw new EvalError(`cannot add ${showType(b)} to an integer`, operandSpans[1]);
  }
  if (a instanceof NixFloat) {
    if (isNum(b)) return arith("+", a, b);
    throw new EvalError(`cannot add ${showType(b)} to a float`, operandSpans[1]);
  }
  return concatStrings(ctx, [a, b], false, operandSpans);
}

/** Nix's ExprConcatStrings: `"${a}${b}"` (forceString) or `a + b` where a is a string or path. */
export function concatStrings(ctx: EvalContext, parts: Value[], forceString: boolean, partSpans: readonly Span[]): Value {
  const first = parts[0];
  if (typeof first === "string") {
    // Fast path: plain strings only, no context to collect.
    let out = first;
    let i = 1;
    for (; i < parts.length; i++) {
      const p = parts[i];
      if (typeof p !== "string") break;
      out += p;
    }
    if (i === parts.length) return out;
  }
  const isPath = !forceString && first instanceof NixPath;
  const context = new Set<string>();
  let s = "";
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (typeof p === "string") {
      s += p;
      continue;
    }
    try {
      s += ctx.coerceToString(p, context, { coerceMore: false, copyToStore: !isPath, canonicalizePath: i > 0 || forceString, site: partSpans[i] });
    } catch (e) {
      throw placePartError(ctx, e, partSpans[i]);
    }
  }
  if (isPath) {
    if (context.size > 0) throw new EvalError("a string that refers to a store path cannot be appended to a path");
    return new NixPath(canonPath(s));
  }
  return context.size > 0 ? new NixString(s, context) : s;
}

/** The string inside a string value (context ignored), or a type error. */
export function stringOf(v: Value): string | undefined {
  if (typeof v === "string") return v;
  if (v instanceof NixString) return v.s;
  return undefined;
}

/** An error from a part of a string or path being built (its `${` or first operand): Nix 2.26
 * traces it as a path segment there, Nix 2.8 reports it at the part. Returns `e`. */
function placePartError(ctx: EvalContext, e: unknown, span: Span | undefined): unknown {
  if (!traceCheck(ctx.nixVersion, OpContext.PathSegment, e, span) && e instanceof NixError && e.span === undefined) e.span = span;
  return e;
}

/** Forces a dynamic attribute name: must be a string. */
export function forceAttrName(ctx: EvalContext, v: Value): string {
  const f = ctx.force(v);
  const s = stringOf(f);
  // Nix checks a computed attribute name without a position, and it must not have a context.
  if (s === undefined) throw positionless(typeError("a string", f));
  if (f instanceof NixString && f.context.size > 0) throw positionless(contextNotAllowed(s, f.context));
  return s;
}

/** Nix's error for a string with a context where none is allowed (forceStringNoCtx), naming the
 * first context element in Nix's (sorted) order and encoding. */
export function contextNotAllowed(s: string, context: ReadonlySet<string>): EvalError {
  const first = [...context].sort(compareBytes)[0]!;
  return new EvalError("").reword((version) => `the string '${s}' is not allowed to refer to a store path (such as '${CONTEXT_EXAMPLE[version](first)}')`);
}

/** How each version shows the context element it names there: Nix 2.8 as it is stored
 * (`=/nix/store/HASH-a.drv`), Nix 2.26 with its store path by base name (`=HASH-a.drv`). */
const CONTEXT_EXAMPLE: Readonly<Record<NixVersion, (c: string) => string>> = {
  "2.8": (c) => c,
  "2.26": (c) => {
    const at = c.indexOf("/");
    return c.slice(0, at) + c.slice(c.lastIndexOf("/") + 1);
  },
};

/** Runs `f`; an error it raises without a position gets `span` (where Nix reports it). */
export function positioned<T>(span: Span | undefined, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NixError && e.span === undefined && span !== undefined) e.span = span;
    throw e;
  }
}

/** Marks an error as one Nix prints without a position (see errors.ts). */
export { positionless };

/** `a < b` as Nix 2.8 compares: numbers, strings, paths, lists lexicographically. */
export function lessThan(ctx: EvalContext, a: Value, b: Value): boolean {
  return compare(ctx, a, b) < 0;
}

function compare(ctx: EvalContext, a: Value, b: Value): number {
  a = ctx.force(a);
  b = ctx.force(b);
  if (isNum(a) && isNum(b)) {
    if (a instanceof NixFloat || b instanceof NixFloat) {
      const x = toFloat(a);
      const y = toFloat(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const sa = stringOf(a);
  const sb = stringOf(b);
  if (sa !== undefined && sb !== undefined) return sa < sb ? -1 : sa > sb ? 1 : 0;
  if (a instanceof NixPath && b instanceof NixPath) return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; ; i++) {
      if (i === b.length) return i === a.length ? 0 : 1;
      if (i === a.length) return -1;
      if (!equals(ctx, a[i]!, b[i]!)) return lessThan(ctx, a[i]!, b[i]!) ? -1 : 1;
    }
  }
  // Nix's comparator raises this without a position.
  const text = `cannot compare ${showType(a)} with ${showType(b)}`;
  throw positionless(new EvalError("").reword((version) => text + INCOMPARABLE[version](typeOf(a) === typeOf(b))));
}

/** What each version adds when two values of one type cannot be compared (Nix 2.26 says so). */
const INCOMPARABLE: Readonly<Record<NixVersion, (sameType: boolean) => string>> = {
  "2.8": () => "",
  "2.26": (sameType) => (sameType ? "; values of that type are incomparable" : ""),
};

/** Stands, on {@link equals}' stack, for a comparison already known to fail. */
const UNEQUAL = new NixPath("");

/** `==` of two forced values that are not both lists or both sets: numbers by value (an int
 * equals a float of the same value), strings by bytes, paths by text; `same` says they are the
 * very same value slot, which makes everything but functions (and `==`'s own NaN) equal. */
function scalarEquals(a: Value, b: Value, same: boolean): boolean {
  if (same && !(a instanceof Lambda || a instanceof PrimOp || a instanceof PrimOpApp)) return true;
  if (isNum(a) && isNum(b)) return a instanceof NixFloat || b instanceof NixFloat ? toFloat(a) === toFloat(b) : a === b;
  const sa = stringOf(a);
  if (sa !== undefined) return sa === stringOf(b);
  if (a instanceof NixPath) return b instanceof NixPath && a.path === b.path;
  // null, Booleans (not the same one), functions, and values of different types.
  return false;
}

/**
 * Deep equality as Nix 2.8's `==`. Nix counts two functions equal only when it compares the
 * very same value slot: a list element or attribute reached twice (for us, the same thunk or
 * stored value), never the two operands of `==` itself (`operands`), which are fresh copies.
 */
export function equals(ctx: EvalContext, a0: Value, b0: Value, operands = false): boolean {
  if (a0 === b0 && !operands) return true;
  const a = ctx.force(a0);
  const b = ctx.force(b0);
  // The same value twice is equal, except that `==`'s own operands are compared by value (Nix
  // copies them, so a NaN is not equal to itself there, while `[ n ] == [ n ]` is true).
  const same = a === b && !(operands && a instanceof NixFloat);
  if (!(Array.isArray(a) && Array.isArray(b)) && !(a instanceof NixAttrs && b instanceof NixAttrs)) return scalarEquals(a, b, same);
  return same || deepEquals(ctx, a, b);
}

/** `==` of two lists or two sets, on an explicit stack of pairs still to compare (last first),
 * so values nested 100,000 deep compare like flat ones, in the order of Nix's recursion (which
 * decides what gets forced). */
function deepEquals(ctx: EvalContext, a0: Value[] | NixAttrs, b0: Value[] | NixAttrs): boolean {
  const as: Value[] = [];
  const bs: Value[] = [];
  let a: Value = a0;
  let b: Value = b0;
  for (;;) {
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      for (let i = a.length - 1; i >= 0; i--) {
        as.push(a[i]!);
        bs.push(b[i]!);
      }
    } else if (a instanceof NixAttrs) {
      if (!(b instanceof NixAttrs)) return false;
      let derivations = false;
      if (isDerivation(ctx, a) && isDerivation(ctx, b)) {
        const oa = a.map.get("outPath");
        const ob = b.map.get("outPath");
        if (oa !== undefined && ob !== undefined) {
          as.push(oa);
          bs.push(ob);
          derivations = true;
        }
      }
      if (!derivations) {
        if (a.size !== b.size) return false;
        // Nix walks both sets in symbol order: which values get forced (and fail) depends on it.
        const ka = ctx.attrOrder(a);
        const kb = ctx.attrOrder(b);
        // Values are compared up to the first name that differs, then the sets are unequal.
        let same = 0;
        while (same < ka.length && ka[same] === kb[same]) same++;
        if (same < ka.length) {
          as.push(UNEQUAL);
          bs.push(UNEQUAL);
        }
        for (let i = same - 1; i >= 0; i--) {
          as.push(a.map.get(ka[i]!) as Value);
          bs.push(b.map.get(kb[i]!) as Value);
        }
      }
    } else if (!scalarEquals(a, b, false)) return false;
    // The next pair that is not trivially equal.
    for (;;) {
      if (as.length === 0) return true;
      const x = as.pop() as Value;
      const y = bs.pop() as Value;
      if (x === UNEQUAL) return false;
      if (x === y) continue;
      a = ctx.force(x);
      b = ctx.force(y);
      if (a === b && !(a instanceof Lambda || a instanceof PrimOp || a instanceof PrimOpApp)) continue;
      break;
    }
  }
}

/** True if a set has `type = "derivation"`. */
export function isDerivation(ctx: EvalContext, s: NixAttrs): boolean {
  const t = s.map.get("type");
  if (t === undefined) return false;
  return stringOf(ctx.force(t)) === "derivation";
}

/** `a // b`. */
export function update(a: Value, b: Value): NixAttrs {
  // Nix 2.8 reports these without a position.
  if (!(a instanceof NixAttrs)) throw Object.assign(typeError("a set", a), { positionless: true });
  if (!(b instanceof NixAttrs)) throw Object.assign(typeError("a set", b), { positionless: true });
  if (b.size === 0) return a;
  if (!a.isLarge() && a.size === 0) return b;
  const pa = a.positions;
  const pb = b.positions;
  const bm = b.map;
  // Each attribute keeps the position it had in the set it comes from (none, for sets made by
  // builtins such as mapAttrs).
  const pos: PositionSource | undefined = !pa && !pb ? undefined : { get: (k) => (bm.has(k) ? pb?.get(k) : pa?.get(k)) };
  if (a.isLarge() && bm.size <= 8) return NixAttrs.updated(a, bm, pos);
  const m = new Map(a.map);
  for (const [k, v] of bm) m.set(k, v);
  return new NixAttrs(m, pos);
}

/** Options of {@link coerceToString}. */
export interface CoerceOptions {
  /** Also coerce null, booleans, numbers and lists (`toString`, interpolation does not). */
  coerceMore: boolean;
  /** Copy paths into the store (interpolation does; `toString` does not). */
  copyToStore: boolean;
  canonicalizePath?: boolean;
  /** Where the language itself coerces (an interpolated part, an operand of `+`); builtins
   * coerce from no position. */
  site?: Span;
}

/** The frame a version gives the failed coercion of what `__toString` returned (Nix 2.8: none). */
const TO_STRING_RESULT: Readonly<Record<NixVersion, string | null>> = {
  "2.8": null,
  "2.26": "while evaluating the result of the `__toString` attribute",
};

/** Coerces a value to a string as Nix 2.8 does, adding to `context`. */
export function coerceToString(ctx: EvalContext, v: Value, context: Set<string>, opts: CoerceOptions): string {
  v = ctx.force(v);
  if (typeof v === "string") return v;
  if (v instanceof NixString) {
    for (const c of v.context) context.add(c);
    return v.s;
  }
  if (v instanceof NixPath) {
    const p = opts.canonicalizePath === false ? v.path : canonPath(v.path);
    if (!opts.copyToStore) return p;
    const sp = ctx.copyPathToStore(p);
    context.add(sp);
    return sp;
  }
  if (v instanceof NixAttrs) {
    const f = v.map.get("__toString");
    if (f !== undefined) {
      const r = ctx.callHere(f, v);
      try {
        return coerceToString(ctx, r, context, opts);
      } catch (e) {
        const frame = TO_STRING_RESULT[ctx.nixVersion];
        if (frame !== null && e instanceof NixError && e.about !== undefined && e.trace.length === 0 && e.framesUnwound === 0)
          positionless(e).addTrace(frame, opts.site);
        throw e;
      }
    }
    const o = v.map.get("outPath");
    if (o !== undefined) return coerceToString(ctx, o, context, opts);
    throw aboutValue(new NixTypeError("cannot coerce a set to a string"), v);
  }
  if (opts.coerceMore) {
    if (v === null || v === false) return "";
    if (v === true) return "1";
    if (typeof v === "number" || typeof v === "bigint") return String(v);
    if (v instanceof NixFloat) return formatFloatFixed(v.value);
    if (Array.isArray(v)) {
      let out = "";
      for (let i = 0; i < v.length; i++) {
        let elem: Value;
        try {
          elem = ctx.force(v[i]!);
          out += coerceToString(ctx, elem, context, opts);
        } catch (e) {
          if (e instanceof NixError) e.coercing = v;
          throw e;
        }
        if (i < v.length - 1 && !(Array.isArray(elem) && elem.length === 0)) out += " ";
      }
      return out;
    }
  }
  if (v instanceof Thunk) throw new EvalError("internal error: coercing a thunk");
  throw aboutValue(new NixTypeError(`cannot coerce ${showType(v)} to a string`), v);
}

const DIV_INT64_MIN = -(2n ** 63n);

/** A number as `forceFloat` sees it (ints convert to the nearest double), or a type error. */
export function asFloat(v: Value): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof NixFloat) return v.value;
  throw typeError("a float", v);
}

function dividendInt(v: Value): number | bigint {
  if (typeof v === "number" || typeof v === "bigint") return v;
  throw typeError("an integer", v);
}

/** `builtins.div`: the divisor is checked (as a float) before anything else. */
export function divide(a: Value, b: Value, overflow: IntOverflow = "wrap"): Value {
  if (asFloat(b) === 0) throw new EvalError("division by zero");
  if (a instanceof NixFloat || b instanceof NixFloat) return new NixFloat(asFloat(a) / asFloat(b));
  const x = dividendInt(a);
  const y = dividendInt(b);
  if (typeof x === "number" && typeof y === "number") {
    // Exact for safe integers: the rounding error of x / y stays below 1/|y|, the distance from
    // the true quotient to the next integer.
    const q = Math.trunc(x / y);
    return q === 0 ? 0 : q;
  }
  const bx = BigInt(x);
  const by = BigInt(y);
  if (bx === DIV_INT64_MIN && by === -1n)
    throw new EvalError(overflow === "error" ? `integer overflow in dividing ${bx} / ${by}` : "overflow in integer division");
  return normInt(bx / by);
}
