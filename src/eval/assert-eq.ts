// Nix 2.26's explanation of a failed `assert a == b`: the operands, evaluated again, are walked
// to the first difference, which becomes the message (`an integer with value '1' is not equal to
// ...`), with a trace line per attribute or list element on the way. Nix 2.8 only says the
// assertion failed. The walk keeps its own stack, so nesting depth costs no JS stack.

import type { Expr, Span } from "../parser/ast.js";
import { printExpr } from "../parser/print.js";
import type { NixVersion } from "../nix-version.js";
import { AssertionError } from "../errors.js";
import type { EvalContext } from "./context.js";
import { equals, isDerivation } from "./operators.js";
import { printErrorValue } from "./print.js";
import { NixAttrs, showType, typeOf, type NixPath, type Value } from "./value.js";

/** Whether a version explains a failed equality assertion (else: `assertion '...' failed`). */
export const EXPLAINS_FAILED_EQUALITY: Readonly<Record<NixVersion, boolean>> = { "2.8": false, "2.26": true };

/** How a compared pair was reached from its parent: the trace lines it adds, innermost first. */
interface Step {
  readonly parent: Step | null;
  readonly lines: readonly { readonly message: string; readonly span?: Span }[];
}

const quoted = (v: Value) => `'${printErrorValue(v)}'`;

/** A pair still to compare, or (with `message`) a difference already known to come next. */
interface Pending {
  readonly x: Value;
  readonly y: Value;
  readonly step: Step | null;
  readonly message?: string;
}

/** What differs between two forced values, neither a list nor a set of the other's kind. */
function scalarDifference(a: Value, b: Value): string {
  const ta = typeOf(a);
  const tb = typeOf(b);
  const numbers = (ta === "int" || ta === "float") && (tb === "int" || tb === "float");
  if (numbers) return `${showType(a)} with value ${quoted(a)} is not equal to ${showType(b)} with value ${quoted(b)}`;
  if (ta !== tb) return `${showType(a)} of value ${quoted(a)} is not equal to ${showType(b)} of value ${quoted(b)}`;
  switch (ta) {
    case "bool":
      return `boolean '${a}' is not equal to boolean '${b}'`;
    case "string":
      return `string ${quoted(a)} is not equal to string ${quoted(b)}`;
    case "path":
      return `path '${(a as NixPath).path}' is not equal to path '${(b as NixPath).path}'`;
    default:
      return "distinct functions and immediate comparisons of identical functions compare as unequal";
  }
}

/** Pushes what comparing two lists or two sets takes (last first), or returns their difference
 * when it shows at once (sizes, names). */
function expand(ctx: EvalContext, a: Value[] | NixAttrs, b: Value[] | NixAttrs, step: Step | null, todo: Pending[]): string | undefined {
  if (Array.isArray(a)) {
    const lb = b as Value[];
    if (a.length !== lb.length)
      return `list of size '${a.length}' is not equal to list of size '${lb.length}', left hand side is ${quoted(a)}, right hand side is ${quoted(b)}`;
    for (let i = a.length - 1; i >= 0; i--) todo.push({ x: a[i]!, y: lb[i]!, step: { parent: step, lines: [{ message: `while comparing list element ${i}` }] } });
    return undefined;
  }
  const sb = b as NixAttrs;
  if (isDerivation(ctx, a) && isDerivation(ctx, sb)) {
    const oa = a.map.get("outPath");
    const ob = sb.map.get("outPath");
    if (oa !== undefined && ob !== undefined) {
      todo.push({ x: oa, y: ob, step: { parent: step, lines: [{ message: "while comparing a derivation by its 'outPath' attribute" }] } });
      return undefined;
    }
  }
  if (a.size !== sb.size) return `attribute names of attribute set ${quoted(a)} differs from attribute set ${quoted(b)}`;
  // Both sets walked in symbol order: values are compared up to the first name that differs.
  const ka = ctx.attrOrder(a);
  const kb = ctx.attrOrder(sb);
  let same = 0;
  while (same < ka.length && ka[same] === kb[same]) same++;
  if (same < ka.length) {
    const n = ka[same]!;
    const m = kb[same]!;
    // The set whose name comes first in symbol order has the name the other lacks.
    const message =
      ctx.symbolRank(n) < ctx.symbolRank(m)
        ? `attribute name '${n}' is contained in ${quoted(a)}, but not in ${quoted(b)}`
        : `attribute name '${m}' is missing in ${quoted(a)}, but is contained in ${quoted(b)}`;
    todo.push({ x: a, y: b, step, message });
  }
  for (let i = same - 1; i >= 0; i--) {
    const n = ka[i]!;
    const lines = [
      { message: "where right hand side is", span: sb.positions?.get(n) },
      { message: "where left hand side is", span: a.positions?.get(n) },
      { message: `while comparing attribute '${n}'` },
    ];
    todo.push({ x: a.map.get(n)!, y: sb.map.get(n)!, step: { parent: step, lines } });
  }
  return undefined;
}

/**
 * The error Nix 2.26 raises for `assert a == b` when `a` and `b` (the operands evaluated again)
 * are unequal, or undefined if no difference shows (the plain assertion failure then stands).
 * Pairs are compared as `==` compares them, in its order: a value reached twice through the
 * same slot is equal to itself (functions too), except the two operands themselves.
 */
function explainInequality(ctx: EvalContext, a0: Value, b0: Value): AssertionError | undefined {
  const todo: Pending[] = [{ x: a0, y: b0, step: null }];
  let root = true;
  for (;;) {
    const p = todo.pop();
    if (p === undefined) return undefined;
    let message = p.message;
    if (message === undefined) {
      if (p.x === p.y && !root) continue;
      const a = ctx.force(p.x);
      const b = ctx.force(p.y);
      const nested = (Array.isArray(a) && Array.isArray(b)) || (a instanceof NixAttrs && b instanceof NixAttrs);
      if (nested) message = expand(ctx, a, b, p.step, todo);
      else if (!equals(ctx, a, b, root)) message = scalarDifference(a, b);
      root = false;
    }
    if (message !== undefined) {
      const err = new AssertionError(message);
      err.positionless = true;
      for (let s: Step | null = p.step; s !== null; s = s.parent) for (const l of s.lines) err.addTrace(l.message, l.span);
      return err;
    }
  }
}

/**
 * The error of an assertion whose condition `cond` is false: `assertion '...' failed`, or, given
 * the operands of a `==` condition evaluated again, the explanation of how they differ, traced
 * as the evaluation of the condition at `span`.
 */
export function failedAssertion(ctx: EvalContext, cond: Expr, operands?: readonly [Value, Value], span?: Span): AssertionError {
  // The condition as Nix shows it: formals and `let` bindings in its symbol order.
  const shown = printExpr(cond, { rank: (n) => ctx.symbolRank(n), nixVersion: ctx.nixVersion });
  const err = operands && explainInequality(ctx, operands[0], operands[1]);
  if (!err) return new AssertionError(`assertion '${shown}' failed`);
  return err.addTrace(`while evaluating the condition of the assertion '${shown}'`, span);
}
