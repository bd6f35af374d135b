// Nix 2.26's error contexts of the language's own operations: the `… while evaluating a branch
// condition` frames it adds when an operand fails, where each points, and where the error is
// then shown. Nix 2.8 adds none. The compiler marks the code each context covers
// (Chunk.contexts); unwinding frames and the ops that check inline call here.

import { CallDepthError, NixTypeError, type NixError } from "../errors.js";
import type { Expr, Span } from "../parser/ast.js";
import type { NixVersion } from "../nix-version.js";
import type { Chunk } from "./chunk.js";

/** The operations with an error context. */
export const enum OpContext {
  IfCond,
  AssertCond,
  NotArg,
  AndLeft,
  AndRight,
  OrLeft,
  OrRight,
  ImplLeft,
  ImplRight,
  UpdateLeft,
  UpdateRight,
  ConcatLists,
  PathSegment,
  WithSet,
  SelectSet,
  AttrName,
  DynAttrName,
  Sub,
  Mul,
  Div,
  LessThan,
  Overrides,
}

/** How one context reads and what it covers. */
interface ContextRule {
  readonly message: string;
  /** Whether every error raised while the operand is evaluated gets the frame (Nix's evalBool,
   * evalAttrs), or only the type error of the check itself. */
  readonly anyError: boolean;
  /** Whether the check's own type error is shown at the frame's position (else at none). */
  readonly errorAtFrame: boolean;
  /** Whether every error the operation raises itself gets the frame, not only type errors
   * (operators Nix evaluates as calls of a builtin: overflow, division by zero, ...). */
  readonly anyDirect?: boolean;
}

const rule = (message: string, anyError: boolean, errorAtFrame: boolean): ContextRule => ({ message, anyError, errorAtFrame });
/** An operator Nix evaluates as a call of builtin `name`. */
const builtinCall = (name: string): ContextRule => ({ message: `while calling the '${name}' builtin`, anyError: true, errorAtFrame: false, anyDirect: true });
const operand = (side: "left" | "right", name: string) => rule(`in the ${side} operand of the ${name} operator`, true, true);

/** Nix 2.26's contexts, by {@link OpContext}. */
const RULES_2_26: readonly ContextRule[] = [
  rule("while evaluating a branch condition", true, true),
  rule("in the condition of the assert statement", true, true),
  rule("in the argument of the not operator", true, true),
  operand("left", "AND (&&)"),
  operand("right", "AND (&&)"),
  operand("left", "OR (||)"),
  operand("right", "OR (||)"),
  operand("left", "IMPL (->)"),
  operand("right", "IMPL (->)"),
  rule("in the left operand of the update (//) operator", true, false),
  rule("in the right operand of the update (//) operator", true, false),
  rule("while evaluating one of the elements to concatenate", false, false),
  rule("while evaluating a path segment", false, false),
  rule("while evaluating the first subexpression of a with expression", false, false),
  rule("while selecting an attribute", false, false),
  rule("while evaluating an attribute name", false, true),
  rule("while evaluating the name of a dynamic attribute", false, true),
  builtinCall("sub"),
  builtinCall("mul"),
  builtinCall("div"),
  builtinCall("lessThan"),
  rule("while evaluating the `__overrides` attribute", false, false),
];

/** Each version's contexts (none in Nix 2.8). */
const RULES: Readonly<Record<NixVersion, readonly ContextRule[] | null>> = { "2.8": null, "2.26": RULES_2_26 };

/** Whether `version` has error contexts for operations at all. */
export function hasOpContexts(version: NixVersion): boolean {
  return RULES[version] !== null;
}

/** The check's own type error: the frame, and the error moved to where the version shows it. */
function applyCheck(r: ContextRule, err: NixError, span: Span | undefined): void {
  if (r.errorAtFrame && span !== undefined) {
    err.span = span;
    err.positionless = false;
  } else {
    err.span = undefined;
    err.positionless = true;
  }
  err.addTrace(r.message, span);
}

/** Gives an error that an operation's type check raised itself the context `kind` of
 * `version` (for ops that check a value inline: `with` lookups, string parts). Returns
 * whether the version has that context (if not, the error is left as it is). */
export function traceCheck(version: NixVersion, kind: OpContext, err: unknown, span: Span | undefined): boolean {
  const rules = RULES[version];
  // (Only the check's own error: one already traced arose further in.)
  if (rules === null || !(err instanceof NixTypeError) || err.trace.length > 0) return false;
  applyCheck(rules[kind]!, err, span);
  return true;
}

/** Adds the frames of the contexts of `chunk` around `pc` to an error unwinding through it;
 * `direct`: the op at `pc` raised it itself. `selections`: the contexts of a selection's own
 * checks (inside its `while evaluating the attribute` frame), else all the others (outside it). */
export function traceContexts(version: NixVersion, chunk: Chunk, pc: number, err: NixError, direct: boolean, selections: boolean): void {
  const rules = RULES[version];
  const ranges = chunk.contexts;
  if (rules === null || ranges === null) return;
  for (const r of ranges) {
    if (pc < r.from || pc >= r.to) continue;
    if ((r.kind === OpContext.SelectSet || r.kind === OpContext.AttrName) !== selections) continue;
    const rl = rules[r.kind]!;
    if (direct && pc === r.check) {
      if (err instanceof NixTypeError || (rl.anyDirect && !(err instanceof CallDepthError))) applyCheck(rl, err, r.span);
    } else if (rl.anyError) err.addTrace(rl.message, r.span);
  }
}

/** Where Nix 2.26 places an expression (its getPos): none for literals, lists, `let`; `!e`
 * where e is; the operator of an operation; the start of the rest. */
export function nixPosOf(expr: Expr): Span | undefined {
  let e = expr;
  while (e.kind === "Not") e = e.expr;
  switch (e.kind) {
    case "Int":
    case "Float":
    case "String":
    case "List":
    case "Let":
      return undefined;
    case "Binary":
      return e.opSpan ?? e.span;
    default:
      return e.span;
  }
}

/** The position of the context whose check is the op at `pc` (an operator's own position). */
export function checkSpanAt(chunk: Chunk, pc: number): Span | undefined {
  for (const r of chunk.contexts ?? []) if (r.check === pc) return r.span;
  return undefined;
}
