// Compiles a resolved AST into Chunks of opcodes for the VM. Expressions in strict position are
// compiled to leave a forced value on the stack; expressions in lazy position (arguments,
// bindings, list elements) become constants, variable loads, lambdas or thunks, whose chunks
// are compiled when the VM first enters them.

import type { AttrDef, AttrName, Expr, ExprOf, InheritSource, Resolution, Span } from "../parser/ast.js";
import { lineColumn, STDIN_SOURCE, STRING_SOURCE } from "../parser/ast.js";
import { printExpr } from "../parser/print.js";
import { lambdaSlots } from "../parser/resolve.js";
import { Chunk, Op, type AttrsLayout, type WithLookup } from "./chunk.js";
import { nixPosOf, OpContext } from "./op-contexts.js";
import { NixAttrs, NixFloat, NixPath, type Value } from "./value.js";


/** Whether an expression contains an attribute selection (outside nested functions too). */
function containsSelect(e: Expr): boolean {
  let found = false;
  const visit = (x: unknown): void => {
    if (found || x === null || typeof x !== "object") return;
    if (Array.isArray(x)) return x.forEach(visit);
    const o = x as { kind?: string; span?: unknown };
    if (o.kind === "Select") {
      found = true;
      return;
    }
    for (const [k, v] of Object.entries(o)) if (k !== "span" && k !== "resolution") visit(v);
  };
  visit(e);
  return found;
}

/** Compiles a whole file/expression (already scope-resolved) into a chunk. */
export function compileTop(e: Expr, name: string): Chunk {
  return new ChunkCompiler(new Chunk(name, e.span, false), 0).finish(e);
}

class ChunkCompiler {
  private readonly code: number[] = [];
  /** A lambda that is this chunk's body and inherits its name. */
  bodyLambda: { expr: Expr; name: string } | undefined;
  constructor(
    private readonly chunk: Chunk,
    /** Number of environment levels between this code and the base (global) environment. */
    private levels: number,
  ) {}

  finish(body: Expr): Chunk {
    this.strict(body, true);
    this.emit(Op.Return, body.span);
    this.chunk.code = Int32Array.from(this.code);
    return this.chunk;
  }

  private emit(op: Op, span: Span | undefined, ...operands: number[]): number {
    const pc = this.code.length;
    if (span) this.chunk.spans[pc] = span;
    this.code.push(op, ...operands);
    return pc;
  }

  /** Marks ops `from` up to here as run under error context `kind`, `check` being the op that
   * checks the value (see op-contexts.ts). */
  private context(kind: OpContext, from: number, check: number, span: Span | undefined): void {
    (this.chunk.contexts ??= []).push({ from, to: this.code.length, check, kind, span });
  }

  private constant(v: unknown): number {
    this.chunk.consts.push(v);
    return this.chunk.consts.length - 1;
  }

  /** Emits a forward jump-style op whose last operand is patched later; returns the operand index. */
  private emitJump(op: Op, span: Span | undefined, ...operands: number[]): number {
    this.emit(op, span, ...operands, -1);
    return this.code.length - 1;
  }

  private patch(operandIndex: number): void {
    this.code[operandIndex] = this.code.length;
  }

  /** A chunk for `e`, compiled when first run (see {@link Chunk.pending}). */
  private sub(e: Expr, name: string, extraLevels = 0): Chunk {
    const chunk = new Chunk(name, e.span, false);
    const levels = this.levels + extraLevels;
    chunk.pending = () => {
      chunk.pending = null;
      new ChunkCompiler(chunk, levels).finish(e);
    };
    return chunk;
  }

  private literal(e: Expr): Value | undefined {
    switch (e.kind) {
      case "Int":
        return e.value;
      case "Float":
        return new NixFloat(e.value);
      case "String":
        return e.value;
      case "Path":
        return new NixPath(e.value);
    }
    return undefined;
  }

  /** Pushes a (possibly unforced) value for `e` without evaluating it. `name` names lambdas.
   * `bindingScope`: true inside `rec`/`let` bindings, whose own slots may not be filled yet. */
  private lazy(e: Expr, name = "", bindingScope = false, extraDepth = 0): void {
    const lit = this.literal(e);
    if (lit !== undefined) {
      this.emit(Op.Const, e.span, this.constant(lit));
      return;
    }
    if (e.kind === "Var" && e.resolution?.kind === "local" && !(bindingScope && e.resolution.depth + extraDepth === 0)) {
      this.loadLocal(e.resolution.depth + extraDepth, e.resolution.index, e.span);
      return;
    }
    if (e.kind === "Lambda") {
      // A thunk around the lambda, as in Nix (so lazy printing shows `<CODE>`), keeping its name.
      const c = new ChunkCompiler(new Chunk(name || "thunk", e.span, false), this.levels);
      c.emit(Op.Lambda, e.span, c.constant(this.lambda(e, name)));
      c.emit(Op.Return, e.span);
      c.chunk.code = Int32Array.from(c.code);
      this.emit(Op.Thunk, e.span, this.constant(c.chunk));
      return;
    }
    if (extraDepth !== 0) {
      // Only `inherit x` compiles with an extra depth: a variable seen from one level further in.
      this.emit(Op.Thunk, e.span, this.constant(this.inheritThunk(e as ExprOf<"Var">)));
      return;
    }
    this.emit(Op.Thunk, e.span, this.constant(this.sub(e, name || "thunk")));
  }

  private inheritThunk(v: ExprOf<"Var">): Chunk {
    const c = new ChunkCompiler(new Chunk(v.name, v.span, false), this.levels);
    c.varRef(v, 1);
    c.emit(Op.Force, v.span);
    c.emit(Op.Return, v.span);
    c.chunk.code = Int32Array.from(c.code);
    return c.chunk;
  }

  private loadLocal(depth: number, index: number, span: Span): void {
    // Slot 0 of an environment links to its parent: values start at 1.
    if (depth === 0) this.emit(Op.Local0, span, index + 1);
    else if (depth === 1) this.emit(Op.Local1, span, index + 1);
    else this.emit(Op.Local, span, depth, index + 1);
  }

  private varRef(e: ExprOf<"Var">, extraDepth: number): void {
    this.resolved(e.resolution, e.name, e.span, extraDepth);
  }

  /** Loads a variable resolved by scope resolution (a slot, or a `with` lookup). */
  private resolved(r: Resolution | undefined, name: string, span: Span, extraDepth = 0): void {
    if (!r) throw new Error(`internal: unresolved variable '${name}'`);
    if (r.kind === "local") this.loadLocal(r.depth + extraDepth, r.index, span);
    else {
      const lookup: WithLookup = { name, withDepths: r.withDepths.map((d) => d + extraDepth), withSpans: r.withSpans };
      this.emit(Op.WithVar, span, this.constant(lookup));
    }
  }

  private lambda(e: ExprOf<"Lambda">, name: string): Chunk {
    const chunk = new Chunk(name, e.span, true);
    const slots = lambdaSlots(e);
    chunk.nslots = slots.length;
    if (e.arg !== undefined) {
      chunk.argSlot = slots.length - 1;
      chunk.argName = e.arg;
    }
    if (e.formals) {
      chunk.formals = {
        names: e.formals.entries.map((f) => f.name),
        defaults: e.formals.entries.map((f) => (f.default ? this.sub(f.default, f.name, 1) : null)),
        spans: e.formals.entries.map((f) => f.span),
        ellipsis: e.formals.ellipsis,
      };
    }
    // As in Nix, a name given to a lambda also names the lambda it returns (`f = a: b: ...`).
    const bodyLambda = name !== "" && e.body.kind === "Lambda" ? { expr: e.body, name } : undefined;
    const levels = this.levels + 1;
    // The body is compiled on the first call: most functions of a large library never run.
    chunk.pending = () => {
      chunk.pending = null;
      const body = new ChunkCompiler(chunk, levels);
      body.bodyLambda = bodyLambda;
      body.finish(e.body);
    };
    return chunk;
  }

  /** Compiles the value of each binding of a `rec`/`let` scope into its slot, then its
   * `inherit (e)` sources (Nix 2.26) into the slots after those. */
  private bindings(attrs: readonly AttrDef[], sources: readonly InheritSource[] | undefined): void {
    attrs.forEach((a, i) => {
      if (a.inherited) this.lazy(a.value, a.name, false, 1);
      else this.lazy(a.value, a.name, true);
      this.emit(Op.Store, a.span, i + 1);
    });
    this.sources(sources, attrs.length, true);
  }

  /** Compiles `inherit (e)` sources into the slots from `first` on. */
  private sources(sources: readonly InheritSource[] | undefined, first: number, bindingScope: boolean): void {
    sources?.forEach((src, i) => {
      this.lazy(src.expr, "", bindingScope);
      this.emit(Op.Store, src.expr.span, first + i + 1);
    });
  }

  /** Environment slots of a `let` or `rec` set: its bindings and its `inherit (e)` sources. */
  private slotCount(e: ExprOf<"Attrs"> | ExprOf<"Let">): number {
    return e.attrs.length + (e.inheritFrom?.length ?? 0);
  }

  private layout(attrs: readonly AttrDef[], span: Span, dynamicCount: number): AttrsLayout {
    return {
      names: attrs.map((a) => a.name),
      spans: attrs.map((a) => a.span),
      positions: new Map(attrs.map((a) => [a.name, a.span])),
      span,
      empty: attrs.length === 0 && dynamicCount === 0,
    };
  }

  private dynamicAttrs(e: ExprOf<"Attrs">): void {
    for (const d of e.dynamic) {
      this.strict(d.nameExpr);
      this.lazy(d.value);
      const pc = this.emit(Op.AttrDyn, d.span);
      this.context(OpContext.DynAttrName, pc, pc, d.span);
    }
  }

  private attrName(p: AttrName): string | null {
    return "name" in p ? p.name : null;
  }

  /** Compiles `e` so that it leaves its forced value on the stack. */
  strict(e: Expr, tail = false): void {
    const lit = this.literal(e);
    if (lit !== undefined) {
      this.emit(Op.Const, e.span, this.constant(lit));
      return;
    }
    switch (e.kind) {
      case "Var":
        this.varRef(e, 0);
        this.emit(Op.Force, e.span);
        return;
      case "Interpolation":
      case "PathInterpolation":
        for (const p of e.parts) this.strict(p);
        this.emit(e.kind === "Interpolation" ? Op.Interp : Op.PathInterp, e.span, e.parts.length, this.constant(e.partSpans ?? []));
        return;
      case "SearchPath":
        this.resolved(e.findFile, "__findFile", e.span);
        this.emit(Op.Force, e.span);
        this.resolved(e.nixPath, "__nixPath", e.span);
        this.emit(Op.Call, e.span);
        this.emit(Op.Const, e.span, this.constant(e.name));
        this.emit(tail ? Op.TailCall : Op.Call, e.span);
        return;
      case "Select": {
        this.strict(e.expr);
        const defaults: number[] = [];
        const path = e.path.map((p) => {
          const name = this.attrName(p);
          return name !== null ? { name, dynamic: false } : { name: `"\${${printExpr((p as { expr: Expr }).expr)}}"`, dynamic: true };
        });
        const steps = (this.chunk.selectSteps ??= new Map());
        e.path.forEach((p, step) => {
          const name = this.attrName(p);
          // Errors point at the whole selection, as Nix's do.
          if (name === null) {
            const nameExpr = (p as { expr: Expr }).expr;
            // A selection inside the name would overwrite the record of this one's last step.
            const save = step > 0 && containsSelect(nameExpr);
            if (save) this.emit(Op.SelSave, e.span);
            this.strict(nameExpr);
            if (save) this.emit(Op.SelRestore, e.span);
            const check = this.emit(Op.AttrName, e.span);
            this.context(OpContext.AttrName, check, check, nixPosOf(nameExpr));
            steps.set(check, { path, step, naming: true });
            steps.set(this.code.length, { path, step });
            if (e.default) defaults.push(this.emitJump(Op.SelectDynOr, e.span));
            else {
              const pc = this.emit(Op.SelectDyn, e.span);
              this.context(OpContext.SelectSet, pc, pc, e.span);
            }
          } else {
            steps.set(this.code.length, { path, step });
            if (e.default) defaults.push(this.emitJump(Op.SelectOr, e.span, this.constant(name)));
            else {
              const pc = this.emit(Op.Select, e.span, this.constant(name));
              this.context(OpContext.SelectSet, pc, pc, e.span);
            }
          }
        });
        steps.set(this.code.length, { path, step: e.path.length });
        this.emit(Op.ForceSel, e.span);
        if (e.default) {
          const end = this.emitJump(Op.Jump, e.span);
          for (const d of defaults) this.patch(d);
          this.strict(e.default);
          this.patch(end);
        }
        return;
      }
      case "HasAttr": {
        this.strict(e.expr);
        const ends: number[] = [];
        e.path.forEach((p, i) => {
          const name = this.attrName(p);
          const last = i === e.path.length - 1;
          if (name === null) this.strict((p as { expr: Expr }).expr);
          if (last) {
            if (name === null) this.emit(Op.HasLastDyn, p.span);
            else this.emit(Op.HasLast, p.span, this.constant(name));
          } else if (name === null) ends.push(this.emitJump(Op.HasStepDyn, p.span));
          else ends.push(this.emitJump(Op.HasStep, p.span, this.constant(name)));
        });
        for (const j of ends) this.patch(j);
        return;
      }
      case "Attrs": {
        if (e.rec) {
          this.emit(Op.PushEnv, e.span, this.slotCount(e));
          this.levels++;
          this.bindings(e.attrs, e.inheritFrom);
          this.emit(Op.AttrsFromEnv, e.span, this.constant(this.layout(e.attrs, e.span, e.dynamic.length)));
          this.dynamicAttrs(e);
          this.levels--;
          this.emit(Op.PopEnv, e.span);
        } else {
          // A plain set's `inherit (e)` sources (Nix 2.26) live in an environment of their own.
          const sources = e.inheritFrom?.length ? e.inheritFrom : undefined;
          if (sources) {
            this.emit(Op.PushEnv, e.span, sources.length);
            this.levels++;
            this.sources(sources, 0, false);
          }
          for (const a of e.attrs) this.lazy(a.value, a.name);
          this.emit(Op.Attrs, e.span, this.constant(this.layout(e.attrs, e.span, e.dynamic.length)));
          this.dynamicAttrs(e);
          if (sources) {
            this.levels--;
            this.emit(Op.PopEnv, e.span);
          }
        }
        return;
      }
      case "List":
        for (const x of e.elems) this.lazy(x);
        this.emit(Op.List, e.span, e.elems.length);
        return;
      case "Lambda":
        this.emit(Op.Lambda, e.span, this.constant(this.lambda(e, this.bodyLambda?.expr === e ? this.bodyLambda.name : "")));
        return;
      case "Call":
        this.strict(e.fn);
        e.args.forEach((a, i) => {
          this.lazy(a);
          this.emit(tail && i === e.args.length - 1 ? Op.TailCall : Op.Call, e.span);
        });
        return;
      case "Let":
        this.emit(Op.PushEnv, e.span, this.slotCount(e));
        this.levels++;
        this.bindings(e.attrs, e.inheritFrom);
        this.strict(e.body, tail);
        this.levels--;
        this.emit(Op.PopEnv, e.span);
        return;
      case "With":
        this.lazy(e.attrs);
        this.emit(Op.With, e.span);
        this.levels++;
        this.strict(e.body, tail);
        this.levels--;
        this.emit(Op.PopEnv, e.span);
        return;
      case "If": {
        const from = this.code.length;
        this.strict(e.cond);
        // A condition that is not a Boolean is reported at the `if`.
        const check = this.code.length;
        const toElse = this.emitJump(Op.JumpIfFalse, e.span);
        this.context(OpContext.IfCond, from, check, e.span);
        this.strict(e.then, tail);
        const toEnd = this.emitJump(Op.Jump, e.span);
        this.patch(toElse);
        this.strict(e.else, tail);
        this.patch(toEnd);
        return;
      }
      case "Assert": {
        const from = this.code.length;
        this.strict(e.cond);
        const cond = e.cond;
        if (cond.kind === "Binary" && cond.op === "==") {
          // A failed `a == b` may be explained (assert-eq.ts): a and b are evaluated again
          // after the check, which jumps over that on success.
          const toBody = this.emitJump(Op.AssertEq, e.span, this.constant(cond));
          this.context(OpContext.AssertCond, from, toBody - 2, e.span);
          this.strict(cond.left);
          this.strict(cond.right);
          this.emit(Op.AssertExplain, e.span, this.constant(cond));
          this.patch(toBody);
        } else {
          const check = this.emit(Op.Assert, e.span, this.constant(cond));
          this.context(OpContext.AssertCond, from, check, e.span);
        }
        this.strict(e.body, tail);
        return;
      }
      case "Not": {
        const from = this.code.length;
        this.strict(e.expr);
        const check = this.emit(Op.Not, e.span);
        this.context(OpContext.NotArg, from, check, nixPosOf(e.expr));
        return;
      }
      case "Negate": {
        const from = this.code.length;
        this.emit(Op.Const, e.span, this.constant(0));
        this.strict(e.expr);
        const check = this.emit(Op.Sub, e.span);
        this.context(OpContext.Sub, from, check, e.span);
        return;
      }
      case "Binary":
        this.binary(e);
        return;
      case "CurPos": {
        const { line, column } = lineColumn(e.span.file, e.span.start);
        const pos = new NixAttrs(
          new Map<string, Value>([
            // For -E and stdin Nix 2.8 gives the source text itself as the file.
            ["file", e.span.file.name === STRING_SOURCE || e.span.file.name === STDIN_SOURCE ? e.span.file.text : e.span.file.name],
            ["line", line],
            ["column", column],
          ]),
        );
        this.emit(Op.CurPos, e.span, this.constant(pos));
        return;
      }
    }
  }

  /** Compiles an operation. A chain of operations nested on one side (`a + b + c + ...` on the
   * left, `a ++ b ++ c ++ ...` or `a // b // ...` on the right) is compiled in a loop, so a chain
   * of any length compiles without deep JS recursion. */
  private binary(e: ExprOf<"Binary">): void {
    if (e.op === ">" || e.op === "<=") {
      // Nix reads `a > b` as `b < a`: the right operand first.
      const from = this.code.length;
      this.strict(e.right);
      this.strict(e.left);
      const check = this.emit(Op.Less, e.span);
      this.context(OpContext.LessThan, from, check, e.opSpan);
      if (e.op === "<=") this.context(OpContext.NotArg, from, this.emit(Op.Not, e.span), e.opSpan);
      return;
    }
    // The left spine: operations whose left operand is again such an operation.
    const spine: ExprOf<"Binary">[] = [e];
    for (let x = e.left; x.kind === "Binary" && x.op !== ">" && x.op !== "<="; x = x.left) spine.push(x);
    const innermost = spine[spine.length - 1]!;
    // Every operation of the spine has its left operand start here.
    const leftFrom = this.code.length;
    this.strict(innermost.left);
    for (let i = spine.length - 1; i >= 0; i--) this.binaryRest(spine[i]!, leftFrom);
  }

  /** The rest of operation `e` once its left operand is on the stack. Its right operand is
   * compiled here too, following a right-nested chain of operations in a loop. */
  private binaryRest(e: ExprOf<"Binary">, leftFrom: number): void {
    const pending: { e: ExprOf<"Binary">; jump: number; leftFrom: number; rightFrom: number }[] = [];
    let x: ExprOf<"Binary"> = e;
    for (;;) {
      const jump = this.binaryBefore(x, leftFrom);
      pending.push({ e: x, jump, leftFrom, rightFrom: this.code.length });
      const r = x.right;
      if (r.kind !== "Binary" || r.op === ">" || r.op === "<=") {
        this.strict(r);
        break;
      }
      // The right operand is an operation: its left operand, then its own rest, in this loop
      // (its left operand may itself be a chain: that one goes through binary()).
      leftFrom = this.code.length;
      if (r.left.kind === "Binary" && r.left.op !== ">" && r.left.op !== "<=") this.binary(r.left);
      else this.strict(r.left);
      x = r;
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i]!;
      this.binaryAfter(p.e, p.jump, p.leftFrom, p.rightFrom);
    }
  }

  /** What comes between an operation's left and right operands; returns a jump to patch, or -1. */
  private binaryBefore(e: ExprOf<"Binary">, leftFrom: number): number {
    const span = e.span;
    const check = this.code.length;
    switch (e.op) {
      case "&&":
      case "||":
      case "->": {
        // Either operand not being a Boolean is reported at the whole operation.
        const jump = this.emitJump(e.op === "&&" ? Op.AndJump : e.op === "||" ? Op.OrJump : Op.ImplJump, span);
        this.context(e.op === "&&" ? OpContext.AndLeft : e.op === "||" ? OpContext.OrLeft : OpContext.ImplLeft, leftFrom, check, e.opSpan);
        return jump;
      }
      case "//":
        // Nix checks or coerces the left operand of `//` and `+` before evaluating the right one.
        this.emit(Op.CheckSet, span);
        this.context(OpContext.UpdateLeft, leftFrom, check, e.opSpan);
        return -1;
      case "+": {
        const pc = this.emit(Op.AddLeft, span);
        if (e.operandSpans) (this.chunk.operandSpans ??= new Map()).set(pc, e.operandSpans);
        return -1;
      }
    }
    return -1;
  }

  /** What comes after an operation's right operand (its left one began at `leftFrom`). */
  private binaryAfter(e: ExprOf<"Binary">, jump: number, leftFrom: number, rightFrom: number): void {
    const span = e.span;
    const check = this.code.length;
    switch (e.op) {
      case "&&":
      case "||":
      case "->":
        this.emit(Op.CheckBool, span);
        this.context(e.op === "&&" ? OpContext.AndRight : e.op === "||" ? OpContext.OrRight : OpContext.ImplRight, rightFrom, check, e.opSpan);
        this.patch(jump);
        return;
      case ">=":
        this.context(OpContext.LessThan, leftFrom, this.emit(Op.Less, span), e.opSpan);
        this.context(OpContext.NotArg, leftFrom, this.emit(Op.Not, span), e.opSpan);
        return;
    }
    const ops = { "+": Op.Add, "-": Op.Sub, "*": Op.Mul, "/": Op.Div, "<": Op.Less, "==": Op.Eq, "!=": Op.NotEq, "++": Op.Concat, "//": Op.Update } as const;
    const pc = this.emit(ops[e.op as keyof typeof ops], span);
    if (e.operandSpans) (this.chunk.operandSpans ??= new Map()).set(pc, e.operandSpans);
    const call = e.op === "-" ? OpContext.Sub : e.op === "*" ? OpContext.Mul : e.op === "/" ? OpContext.Div : e.op === "<" ? OpContext.LessThan : null;
    if (call !== null) this.context(call, leftFrom, pc, e.opSpan);
    if (e.op === "//") this.context(OpContext.UpdateRight, rightFrom, check, e.opSpan);
    else if (e.op === "++") this.context(OpContext.ConcatLists, check, check, e.opSpan);
  }
}
