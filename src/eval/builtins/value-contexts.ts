// Nix 2.26's `… while evaluating …` lines for values a builtin checks besides its arguments
// (a predicate's result, a list's elements): given to the type error of the check itself, not to
// failures of evaluating the value. Nix 2.8 records none. Arguments are named by the machine's
// builtin tracing (builtin-trace.ts) instead.

import { NixError } from "../../errors.js";
import type { Span } from "../../parser/ast.js";
import type { NixVersion } from "../../nix-version.js";
import type { EvalContext } from "../context.js";
import type { NixAttrs, Value } from "../value.js";

/** Whether a version records these contexts. */
const RECORDS: Readonly<Record<NixVersion, boolean>> = { "2.8": false, "2.26": true };

/** `e`, if it is a type or coercion error raised by a check itself, given the context `why`
 * (at `span`, if any) in versions that record one. Returns `e`. */
export function inContext(ctx: EvalContext, e: unknown, why: string, span?: Span): unknown {
  if (RECORDS[ctx.nixVersion] && e instanceof NixError && e.about !== undefined && e.trace.length === 0 && e.framesUnwound === 0) {
    if (e.span === undefined) e.positionless = true;
    e.addTrace(why, span);
  }
  return e;
}

/** `ctx.forceBool(v)`, a type error in context `why`. */
export function boolIn(ctx: EvalContext, v: Value, why: string): boolean {
  try {
    return ctx.forceBool(v);
  } catch (e) {
    throw inContext(ctx, e, why);
  }
}

/** `ctx.forceList(v)`, a type error in context `why` (at `span`). */
export function listIn(ctx: EvalContext, v: Value, why: string, span?: Span): Value[] {
  try {
    return ctx.forceList(v);
  } catch (e) {
    throw inContext(ctx, e, why, span);
  }
}

/** `ctx.forceAttrs(v)`, a type error in context `why`. */
export function attrsIn(ctx: EvalContext, v: Value, why: string): NixAttrs {
  try {
    return ctx.forceAttrs(v);
  } catch (e) {
    throw inContext(ctx, e, why);
  }
}

/** `ctx.forceFunction(v)`, a type error in context `why`. */
export function functionIn(ctx: EvalContext, v: Value, why: string): Value {
  try {
    return ctx.forceFunction(v);
  } catch (e) {
    throw inContext(ctx, e, why);
  }
}
