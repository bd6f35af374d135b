// How a version traces a builtin's failure (Nix 2.26: `while calling the 'map' builtin` at the
// call, the error itself then without a position of its own; Nix 2.8: nothing), and the
// arithmetic operators Nix evaluates as calls of `__sub`, `__mul` and `__div`.

import type { Span } from "../parser/ast.js";
import type { NixVersion } from "../nix-version.js";
import { NixError } from "../errors.js";
import type { EvalContext } from "./context.js";
import type { Chunk } from "./chunk.js";
import { PRIMOP_CALL_TRACE, spanAt } from "./frame.js";
import * as ops from "./operators.js";
import type { PrimOp, Value } from "./value.js";

/** The machine's builtin tracing for one Nix version. */
export class BuiltinTracer {
  /** The trace line a builtin's failure gets, null if this version records none. */
  readonly line: ((name: string) => string) | null;
  /** What the version does with integer results beyond 64 bits. */
  readonly intOverflow: ops.IntOverflow;

  constructor(version: NixVersion) {
    this.line = PRIMOP_CALL_TRACE[version];
    this.intOverflow = ops.INT_OVERFLOW[version];
  }

  /** Applies a builtin, its failures traced as its call at `site` (only when `line` is set). */
  apply(prim: PrimOp, args: Value[], ctx: EvalContext, site: Span | undefined): Value {
    try {
      return prim.impl(args, ctx);
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

  /** `a op b` for `-`, `*`, `/` (the op at `opStart` in `chunk`); in versions that trace
   * builtins a failure is traced as the call of sub/mul/div at the operator. */
  arith(op: "-" | "*" | "/", a: Value, b: Value, chunk: Chunk, opStart: number): Value {
    if (this.line === null) return ops.arith(op, a, b, this.intOverflow);
    try {
      return ops.arith(op, a, b, this.intOverflow);
    } catch (e) {
      throw this.traced(e, op === "-" ? "sub" : op === "*" ? "mul" : "div", chunk.operatorSpans?.get(opStart) ?? spanAt(chunk, opStart));
    }
  }
}
