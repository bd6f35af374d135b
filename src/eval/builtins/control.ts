// Control builtins of Nix 2.8: seq, deepSeq, throw, abort, tryEval, trace and addErrorContext.
// `tryEval` catches exactly what Nix 2.8 catches (`throw` and failed `assert`); everything else
// (abort, type errors, missing attributes, infinite recursion, ...) passes through. `trace` prints
// `trace: <value>` on the host's stderr before its second argument is evaluated.

import { AbortError, AssertionError, EvalError, NixError, ThrownError } from "../../errors.js";
import type { EvalContext } from "../context.js";
import { printValue, TRACE_STYLE } from "../print.js";
import { NixString, type Value } from "../value.js";
import type { BuiltinDef } from "./types.js";

/** Coerces an error message as Nix's `throw`/`abort` do (no `toString` extras; paths are copied). */
function message(ctx: EvalContext, v: Value): string {
  return ctx.coerceToString(v, new Set(), { coerceMore: false, copyToStore: true });
}

function deepSeq(args: Value[], ctx: EvalContext): Value {
  ctx.deepForce(args[0]!);
  return args[1]!; // the VM forces it
}

function tryEval(args: Value[], ctx: EvalContext): Value {
  let v: Value;
  try {
    v = ctx.force(args[0]!);
  } catch (e) {
    if (e instanceof ThrownError || e instanceof AssertionError) {
      return ctx.makeAttrs([
        ["success", false],
        ["value", false],
      ]);
    }
    throw e;
  }
  return ctx.makeAttrs([
    ["success", true],
    ["value", v],
  ]);
}

function trace(args: Value[], ctx: EvalContext): Value {
  const v = ctx.force(args[0]!);
  const text = typeof v === "string" ? v : v instanceof NixString ? v.s : printValue(ctx, v, { strict: false, style: TRACE_STYLE[ctx.nixVersion] });
  ctx.host.printError(`trace: ${text}`);
  return args[1]!; // forced by the VM after the message is out
}

/** Nix 2.26's `warn`: the message must be a string (its context is ignored). */
function warn(args: Value[], ctx: EvalContext): Value {
  let text: string;
  try {
    text = ctx.forceString(args[0]!);
  } catch (e) {
    if (e instanceof NixError) e.addTrace("while evaluating the first argument; the message passed to builtins.warn", ctx.currentSpan());
    throw e;
  }
  ctx.host.printError(`evaluation warning: ${text}`);
  if (ctx.abortOnWarn) throw new EvalError("aborting to reveal stack trace of warning, as abort-on-warn is set");
  return args[1]!;
}

/** Nix 2.26's `traceVerbose`: `trace` when the `trace-verbose` setting is on, else its second argument. */
function traceVerbose(args: Value[], ctx: EvalContext): Value {
  return ctx.traceVerbose ? trace(args, ctx) : args[1]!;
}

function addErrorContext(args: Value[], ctx: EvalContext): Value {
  try {
    return ctx.force(args[1]!);
  } catch (e) {
    // The message is only evaluated when an error passes (so a bad message only fails then).
    if (e instanceof NixError) e.addTrace(message(ctx, args[0]!), undefined, false, true);
    throw e;
  }
}

/** The control builtins. */
export const controlBuiltins: BuiltinDef[] = [
  {
    name: "seq",
    arity: 2,
    impl: (a) => a[1]!,
    doc: "`seq e1 e2`: evaluates `e1` to weak head normal form, then returns `e2`.",
  },
  {
    name: "deepSeq",
    arity: 2,
    resultTraced: true,
    impl: deepSeq,
    lazy: true,
    doc: "`deepSeq e1 e2`: evaluates `e1` completely, then returns `e2`.",
  },
  {
    name: "throw",
    arity: 1,
    argContexts: ["the error message passed to builtin.throw"],
    impl: (a, ctx) => {
      throw new ThrownError(message(ctx, a[0]!));
    },
    doc: "Fails with a message; `tryEval` can catch it.",
  },
  {
    name: "abort",
    arity: 1,
    argContexts: ["the error message passed to builtins.abort"],
    impl: (a, ctx) => {
      throw new AbortError(`evaluation aborted with the following error message: '${message(ctx, a[0]!)}'`);
    },
    doc: "Aborts evaluation with a message; `tryEval` cannot catch it.",
  },
  {
    name: "tryEval",
    arity: 1,
    impl: tryEval,
    lazy: true,
    doc: "`{ success; value; }`: the value in weak head normal form, or `{ success = false; value = false; }` after a `throw` or failed `assert`.",
  },
  {
    name: "trace",
    arity: 2,
    resultTraced: true,
    impl: trace,
    lazy: true,
    doc: "`trace e1 e2`: prints `trace: e1` on stderr and returns `e2`.",
  },
  {
    name: "warn",
    arity: 2,
    resultTraced: true,
    impl: warn,
    lazy: true,
    doc: "`warn msg e` (Nix 2.26): prints `evaluation warning: msg` on stderr and returns `e`.",
  },
  {
    name: "traceVerbose",
    arity: 2,
    resultTraced: true,
    impl: traceVerbose,
    lazy: true,
    doc: "`traceVerbose e1 e2` (Nix 2.26): `trace e1 e2` with the `trace-verbose` setting on, else `e2`.",
  },
  {
    name: "break",
    arity: 1,
    impl: (a) => a[0]!,
    lazy: true,
    doc: "`break e` (Nix 2.26): `e`; Nix's debugger would stop here, nixts has none.",
  },
  {
    name: "addErrorContext",
    arity: 2,
    impl: addErrorContext,
    untraced: true,
    lazy: true,
    doc: "`addErrorContext msg e`: `e`, adding `msg` to the trace of any error it raises.",
  },
];
