// How a version traces a builtin's failure (Nix 2.26: `while calling the 'map' builtin` at the
// call, the error itself then without a position of its own, and a type error about an argument
// `while evaluating the first argument passed to builtins.map`; Nix 2.8: nothing), and the
// arithmetic operators Nix evaluates as calls of `__sub`, `__mul` and `__div`.

import type { Span } from "../parser/ast.js";
import type { NixVersion } from "../nix-version.js";
import { NixError } from "../errors.js";
import type { EvalContext } from "./context.js";
import { APPLY, PRIMOP_CALL_TRACE } from "./frame.js";
import * as ops from "./operators.js";
import { Lambda, NixAttrs, Thunk, ThunkState, type PrimOp, type Value } from "./value.js";

const ORDINALS = ["first", "second", "third", "fourth"];

/** How Nix 2.26 names argument `i` of `prim` in a type error's context. */
function argContext(prim: PrimOp, i: number): string {
  return prim.argContexts?.[i] ?? `the ${ORDINALS[i]} argument passed to builtins.${prim.name}`;
}

/** Which of `args` a type or coercion error `e`, raised by the builtin itself (not by code it
 * called), is about, or whose coercion `e` arose in: the first argument that is that value, or -1. */
function culprit(e: NixError, args: readonly Value[], lastFirst = false, never?: readonly string[]): number {
  let v = e.about;
  if (e.coercing !== undefined) {
    // An element of a list argument failed while the builtin coerced the list.
    v = e.coercing;
    e.coercing = undefined;
  } else if (v === undefined || e.trace.length !== 0 || e.framesUnwound !== 0) return -1;
  for (let k = 0; k < args.length; k++) {
    const i = lastFirst ? args.length - 1 - k : k;
    if (never?.[i] === "") continue; // an argument the builtin takes as it is
    const a = args[i];
    if (a === v || (a instanceof Thunk && a.state === ThunkState.Done && a.value === v)) return i;
  }
  return -1;
}

/** Replaces the forced thunks among a builtin's arguments by their values; returns the first
 * one not forced yet (then the arguments after it are left as they are), or null. */
export function firstUnforced(args: Value[]): Thunk | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a instanceof Thunk) {
      if (a.state !== ThunkState.Done) return a;
      args[i] = a.value;
    }
  }
  return null;
}

/** Whether a version's builtins call their function arguments from the builtin's call site. */
const CALLBACKS_SITED: Readonly<Record<NixVersion, boolean>> = { "2.8": true, "2.26": false };
/** Whether a version's lazy applications (map's elements, ...) are called from where they are
 * forced (Nix 2.26: an operation, or the function's own position when a value is forced deeply)
 * or from no position (Nix 2.8). */
const LAZY_APPS_SITED: Readonly<Record<NixVersion, boolean>> = { "2.8": false, "2.26": true };

/** Whether a version calls functors in a frame of their own (Nix 2.26). */
const FUNCTOR_FRAMES: Readonly<Record<NixVersion, boolean>> = { "2.8": false, "2.26": true };

/** Where Nix places a function value (its determinePos): a lambda's position, a functor set's,
 * an application's function's, none for builtins. */
export function functionPosition(v: Value): Span | undefined {
  for (;;) {
    if (v instanceof Lambda) return v.chunk.span;
    if (v instanceof NixAttrs) return v.span;
    if (!(v instanceof Thunk)) return undefined;
    if (v.state === ThunkState.Done) v = v.value;
    else if (v.chunk?.isLambda) return v.chunk.span;
    else if (v.chunk === APPLY) v = v.env as unknown as Value;
    else return undefined;
  }
}

/** The machine's builtin tracing for one Nix version. */
export class BuiltinTracer {
  /** The trace line a builtin's failure gets, null if this version records none. */
  readonly line: ((name: string) => string) | null;
  /** What the version does with integer results beyond 64 bits. */
  readonly intOverflow: ops.IntOverflow;
  /** Whether functions a builtin calls are traced `from call site` at the builtin's call (Nix
   * 2.8); Nix 2.26 calls them from no position. */
  readonly callbacksSited: boolean;
  /** Whether a call of a set with `__functor` runs in a frame of its own, traced as `while calling
   * a functor` (Nix 2.26). */
  readonly functorFrames: boolean;
  /** Whether lazy applications are traced `from call site` where they are forced. */
  readonly lazyAppSited: boolean;

  constructor(version: NixVersion) {
    this.line = PRIMOP_CALL_TRACE[version];
    this.intOverflow = ops.INT_OVERFLOW[version];
    this.callbacksSited = CALLBACKS_SITED[version];
    this.lazyAppSited = LAZY_APPS_SITED[version];
    this.functorFrames = FUNCTOR_FRAMES[version];
  }

  /** Applies a builtin, its failures traced as its call at `site` (only when `line` is set), a
   * type error about one of its arguments also naming that argument. */
  apply(prim: PrimOp, args: Value[], ctx: EvalContext, site: Span | undefined): Value {
    if (this.line === null || !prim.traced) return prim.impl(args, ctx);
    try {
      return prim.impl(args, ctx);
    } catch (e) {
      if (e instanceof NixError) {
        const i = culprit(e, args, prim.name === "div", prim.argContexts);
        if (i >= 0) e.addTrace(`while evaluating ${argContext(prim, i)}`);
      }
      throw this.traced(e, prim.name, site);
    }
  }

  /** Forces what builtin `prim` returned; for one that forces it inside its call (trace,
   * deepSeq), a failure is traced as the call's in versions that trace builtins. */
  forceResult(prim: PrimOp, r: Value, m: { force(v: Value): Value }, site: Span | undefined): Value {
    if (!prim.resultTraced || this.line === null) return m.force(r);
    try {
      return m.force(r);
    } catch (e) {
      throw this.traced(e, prim.name, site);
    }
  }

  /** `e` traced as a failure of builtin `name` called at `site`. */
  traced(e: unknown, name: string, site: Span | undefined): unknown {
    if (e instanceof NixError) {
      if (e.span === undefined) e.positionless = true;
      e.addTrace(this.line!(name), site);
    }
    return e;
  }

  /** `a op b` for `-`, `*`, `/`. In versions that trace builtins, a type error names the operand
   * (the call of sub/mul/div itself is an operation context: see op-contexts.ts). */
  arith(op: "-" | "*" | "/", a: Value, b: Value): Value {
    if (this.line === null) return ops.arith(op, a, b, this.intOverflow);
    try {
      return ops.arith(op, a, b, this.intOverflow);
    } catch (e) {
      if (e instanceof NixError) {
        // (Division checks its divisor first.)
        const i = culprit(e, [a, b], op === "/");
        if (i >= 0) e.addTrace(`while evaluating ${ops.ARITH_OPERANDS[op][i]!}`);
      }
      throw e;
    }
  }
}
