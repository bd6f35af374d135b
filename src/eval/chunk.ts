// Compiled code: the compiler turns each lambda body, thunk and file into a Chunk of opcodes
// that the VM (vm.ts) runs on its own stack, so Nix recursion never uses the JS stack.
// Operands follow their opcode inline in `code`; `spans[pc]` is the source of the op at pc.

import type { Span } from "../parser/ast.js";
import type { OpContext } from "./op-contexts.js";

/** Opcodes. Comments give operands and the stack effect. */
export const enum Op {
  Const = 1, // k: push consts[k]
  Local0, // i: push env[i] (slot 0 links to the parent environment)
  Local1, // i: push parent(env)[i]
  Local, // d i: push parent^d(env)[i]
  WithVar, // k: consts[k] = WithLookup; push value found in `with` sets
  Force, // force top of stack to weak head normal form
  Thunk, // k: push new Thunk(consts[k], env)
  Lambda, // k: push new Lambda(consts[k], env)
  Call, // [f a] -> [f a]
  TailCall, // like Call, reusing the frame when f is a lambda
  Return, // return top of stack
  Jump, // off: pc = off
  JumpIfFalse, // off: pop bool; jump when false
  AndJump, // off: pop bool; if false push false and jump
  OrJump, // off: pop bool; if true push true and jump
  ImplJump, // off: pop bool; if false push true and jump
  CheckBool, // top must be a bool
  CheckSet, // top must be a set (the left operand of `//`, checked before the right is evaluated)
  AddLeft, // the left operand of `+`: coerced to a string now unless a number, string or path
  Not,
  Add, // [a b] -> [a+b] with string/path concatenation semantics
  Sub,
  Mul,
  Div,
  Less, // [a b] -> [a < b]
  Eq,
  NotEq,
  Concat, // ++
  Update, // //
  Select, // k: [attrs] -> [attrs.(consts[k])]
  SelectDyn, // [attrs name] -> [value]
  SelectOr, // k off: like Select; if not a set or missing: pop and jump to off
  SelectDynOr, // off
  HasStep, // k off: [v] -> [v.k] or, if v is not a set or lacks k, [false] and jump
  HasStepDyn, // off: [v name] -> as HasStep
  HasLast, // k: [v] -> [bool]
  HasLastDyn, // [v name] -> [bool]
  List, // n: pop n values -> list
  Attrs, // k: consts[k] = AttrsLayout; pop values -> set
  AttrsFromEnv, // k: consts[k] = AttrsLayout; set from the current env's slots
  AttrDyn, // [set name value] -> [set] (adds name unless null)
  PushEnv, // n: env = a new environment of n slots under env
  Store, // i: env[i] = pop
  PopEnv, // env = parent(env)
  With, // pop value -> env = [env, value]
  Assert, // k: pop bool; when false, fail showing the condition consts[k] (an Expr)
  AssertEq, // k off: as Assert for a condition `a == b`; jump to off when true, and when false go on (to AssertExplain) if the version explains
  AssertExplain, // k: pop b, a (evaluated again); fail explaining how they differ (assert-eq.ts)
  Interp, // n k: pop n values, coerce to strings, push the concatenation (consts[k]: part spans)
  PathInterp, // n k: like Interp, result is a path
  Pop, // drop top
  CurPos, // k: push consts[k] (a position set)
  ForceSel, // like Force, ending an attribute selection (resumes at itself, for traces)
  SelSave, // push the frame's last selection (set and name) before a dynamic name is computed
  SelRestore, // [saved name] -> [name], restoring the frame's last selection
  AttrName, // [v] -> [name]: a computed name in a selection must be a string
}

/** How a `with` variable is looked up at run time. */
export interface WithLookup {
  readonly name: string;
  /** Depths of the enclosing `with` environments, innermost first. */
  readonly withDepths: readonly number[];
  /** The `with` expressions, innermost first. */
  readonly withSpans: readonly Span[];
}

/** Code that Nix 2.26 runs under an error context (`while evaluating a branch condition`, ...):
 * ops `from` to `to` (exclusive), of which the op at `check` checks the value's type. */
export interface ContextRange {
  readonly from: number;
  readonly to: number;
  readonly check: number;
  readonly kind: OpContext;
  /** Where the frame points (none when Nix has no position for it). */
  readonly span: Span | undefined;
}

/** Static part of a set literal: names in slot/push order, with their definition spans. */
export interface AttrsLayout {
  readonly names: readonly string[];
  readonly spans: readonly Span[];
  /** name → span, shared by every set built from this layout. */
  readonly positions: ReadonlyMap<string, Span>;
  /** For sets built from a `rec` env: which env slot each name takes (inherit-less slots). */
  readonly slots?: readonly number[];
  /** The set literal itself. */
  readonly span: Span;
  /** No attributes at all, dynamic ones included (`{ }`): Nix's shared empty set. */
  readonly empty: boolean;
}

/** One step of an attribute selection `e.a.b`, for the trace Nix adds when it fails: step i is
 * the lookup of path part i; step `path.length` forces the selected value. */
export interface SelectStep {
  /** The path: static names, or the printed `"${expr}"` of dynamic parts. */
  readonly path: readonly { readonly name: string; readonly dynamic: boolean }[];
  readonly step: number;
  /** Set at the check of step `step`'s computed name: that name is not known yet. */
  readonly naming?: boolean;
}

/** Formal parameters of a lambda taking a set. */
export interface FormalsInfo {
  readonly names: readonly string[];
  /** Default value code, per formal (null: required). */
  readonly defaults: readonly (Chunk | null)[];
  /** Where each formal is declared (`unsafeGetAttrPos` on `functionArgs`). */
  readonly spans: readonly Span[];
  readonly ellipsis: boolean;
}

/** A unit of compiled code. */
export class Chunk {
  code: Int32Array = new Int32Array(0);
  readonly consts: unknown[] = [];
  /** Span of the op starting at each pc (sparse). */
  readonly spans: (Span | undefined)[] = [];
  /** `spans` filled forward, so any pc maps to its op's span (built on first use). */
  denseSpans: (Span | undefined)[] | null = null;
  /** For lambdas: number of env slots, formals and the slot of the plain/`@` argument (-1: none). */
  nslots = 0;
  formals: FormalsInfo | null = null;
  argSlot = -1;
  /** The plain or `@` argument's name, if any. */
  argName: string | null = null;
  /** Operand spans of `+` ops by pc (where Nix reports an operand that cannot be added). */
  operandSpans: Map<number, readonly Span[]> | null = null;
  /** Compiles this chunk's code in place; set until the chunk first runs (the VM calls it before
   * it reads `code`: compilation is lazy, as most thunks and functions of a library never run). */
  pending: (() => void) | null = null;
  /** Error contexts of this chunk's code, inner ones before the ranges that hold them. */
  contexts: ContextRange[] | null = null;
  /** Selection steps by the pc of their op (Select*, ForceSel), for error traces. */
  selectSteps: Map<number, SelectStep> | null = null;
  constructor(
    /** `'f'` for a lambda bound to `f`, or a description for traces. */
    public name: string,
    /** The whole expression this chunk evaluates. */
    readonly span: Span,
    /** True for lambda bodies (called with an argument), false for thunks and files. */
    readonly isLambda: boolean,
  ) {}
}
