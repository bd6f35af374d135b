// The VM's frames and what is read from them: the frame record, the trampoline chunks the VM
// runs for lazy applications and calls from builtins, the source span of an op, and the trace
// lines Nix prints for a frame an error unwinds through.

import type { Span } from "../parser/ast.js";
import { InfiniteRecursionError, type NixError } from "../errors.js";
import { Chunk, Op } from "./chunk.js";
import { DERIVATION_NIX } from "./derivation-nix.js";
import { traceContexts } from "./op-contexts.js";
import type { Env, NixAttrs, Thunk } from "./value.js";
import type { NixVersion } from "../nix-version.js";

/** One activation: a chunk running in an environment. */
export class Frame {
  constructor(
    public chunk: Chunk,
    public code: Int32Array,
    public consts: unknown[],
    public pc: number,
    public env: Env,
    /** Stack slot that receives the result. */
    public retSlot: number,
    /** Thunk to update with the result, if this frame forces one. */
    public thunk: Thunk | null,
    /** Drop the result instead of leaving it at retSlot. */
    public discard: boolean,
    /** Where this frame was entered from (for traces). */
    public callSpan: Span | undefined,
  ) {}
  /** The set and name of this frame's last successful attribute selection step, and the name
   * a computed step is about to look up: what Nix's "while evaluating the attribute" trace
   * shows when a selection fails. */
  selSet: NixAttrs | null = null;
  selName = "";
  selPending = "";
  /** Functions this frame ran before tail-calling the current one (oldest first), with the
   * sites they were called from. */
  elided: { chunks: Chunk[]; spans: (Span | undefined)[] } | null = null;
  /** Tail calls this frame made (each one a frame in Nix, which counts toward its stack depth). */
  tailCalls = 0;
  /** Function calls Nix would have under way here (its call depth, for `max-call-depth`). */
  calls = 0;
  /** The builtin (and its call site) this frame forces an argument of, where the version traces
   * such failures as the builtin's (Nix 2.26). */
  forPrim: { readonly name: string; readonly site: Span | undefined } | null = null;
}

/** Whether a version reports forcing a value under evaluation where the value that forced it
 * was forced (Nix 2.26, unless a value forced itself), not at the forcing op (Nix 2.8). */
const RECURSION_AT_FORCER: Readonly<Record<NixVersion, boolean>> = { "2.8": false, "2.26": true };

/** The error for forcing `hit`, a value that is being computed, in `frame`. Forcing the value an
 * attribute selection found, Nix reports it at that attribute's definition. */
export function infiniteRecursion(frame: Frame, inSelection: boolean, hit: Thunk, version: NixVersion): InfiniteRecursionError {
  const at = inSelection ? frame.selSet?.positions?.get(frame.selName) : undefined;
  if (at === undefined && RECURSION_AT_FORCER[version] && frame.thunk !== null && frame.thunk !== hit && frame.callSpan !== undefined)
    return new InfiniteRecursionError("infinite recursion encountered", frame.callSpan);
  return new InfiniteRecursionError("infinite recursion encountered", at);
}

/** Tail calls remembered per frame for traces (about Nix's own stack depth). */
export const MAX_ELIDED = 100_000;

/** Reuses `frame` for a tail call of chunk `c` in `env` from `span`: its result slot and thunk
 * stay, its temporaries go; the function it was running is remembered for traces (Nix keeps a
 * frame for it), and the call counts toward the call depth. */
export function reuseForTailCall(frame: Frame, c: Chunk, env: Env, span: Span | undefined): void {
  frame.tailCalls++;
  frame.calls++;
  if (frame.chunk.isLambda) {
    const el = (frame.elided ??= { chunks: [], spans: [] });
    if (el.chunks.length < MAX_ELIDED) {
      el.chunks.push(frame.chunk);
      el.spans.push(frame.callSpan);
    }
  }
  frame.chunk = c;
  frame.code = c.code;
  frame.consts = c.consts;
  frame.pc = 0;
  frame.env = env;
  frame.callSpan = span;
}

/** A chunk that applies env slot 0 to env slot 1: the code of `Thunk`s made by `lazyApply`. */
export const APPLY = (() => {
  const c = new Chunk("apply", undefined as unknown as Span, false);
  c.code = Int32Array.from([Op.Local0, 1, Op.Force, Op.Local0, 2, Op.Call, Op.Return]);
  return c;
})();

/** Frames calling a function from JS run this: `Call; Return`. */
export const CALL1 = (() => {
  const c = new Chunk("call", undefined as unknown as Span, false);
  c.code = Int32Array.from([Op.Call, Op.Return]);
  return c;
})();
export const EMPTY_ENV: Env = [null];
/** `env[1] env[2] env[3]`: calls a function with two arguments inside one VM entry. */
export const CALL2 = (() => {
  const c = new Chunk("call", undefined as unknown as Span, false);
  c.code = Int32Array.from([Op.Local0, 1, Op.Force, Op.Local0, 2, Op.Call, Op.Local0, 3, Op.Call, Op.Return]);
  return c;
})();

/** `env[1] env[2] env[3]` for calling a functor (`__functor self arg`) in a frame of its own;
 * its `forPrim` site is the call's. */
export const FUNCTOR = (() => {
  const c = new Chunk("functor", undefined as unknown as Span, false);
  c.code = CALL2.code;
  return c;
})();

/** Whether an unforced thunk is a lazy function application (Nix's "function application"
 * values, as `map` makes), rather than a suspended expression. */
export function isApplication(t: Thunk): boolean {
  return t.chunk === APPLY || (t.chunk !== null && t.chunk.isLambda);
}

/** The span of the op at or before `pc` (the chunk's own span before the first). */
export function spanAt(c: Chunk, pc: number): Span | undefined {
  let dense = c.denseSpans;
  if (dense === null) {
    // Filled once per chunk: each pc maps to the span of the op that covers it.
    dense = c.denseSpans = new Array<Span | undefined>(c.code.length);
    let cur: Span | undefined;
    for (let p = 0; p < c.code.length; p++) dense[p] = cur = c.spans[p] ?? cur;
  }
  return (pc >= 0 && pc < dense.length ? dense[pc] : undefined) ?? c.span;
}

/** The verb of a function call's trace line in each version: `while evaluating 'f'` in Nix
 * 2.8, `while calling 'f'` in Nix 2.26. */
const CALL_VERB: Readonly<Record<NixVersion, string>> = { "2.8": "evaluating", "2.26": "calling" };

/** Whether a version records `from call site` for a call from no known position (Nix 2.26
 * does not: the functions builtins call, for one). */
const UNSITED_CALL_SITE: Readonly<Record<NixVersion, boolean>> = { "2.8": true, "2.26": false };

function traceCall(err: NixError, chunk: Chunk, callSpan: Span | undefined, version: NixVersion): void {
  err.addTrace(`while ${CALL_VERB[version]} ${chunk.name ? `'${chunk.name}'` : "anonymous lambda"}`, chunk.span, true);
  if (callSpan !== undefined || UNSITED_CALL_SITE[version]) err.addTrace("from call site", callSpan, true);
}

/** The trace line each version gives a builtin's failure: Nix 2.26 records `while calling the
 * 'map' builtin` at the call (and prints it without --show-trace); Nix 2.8 records none. */
export const PRIMOP_CALL_TRACE: Readonly<Record<NixVersion, ((name: string) => string) | null>> = {
  "2.8": null,
  "2.26": (name) => `while calling the '${name}' builtin`,
};

/** What an error unwinding through frame `f` gains there: its position, if it has none yet,
 * and Nix's trace lines for an attribute selection, a function call (and the calls the frame
 * made before its tail calls) and an imported file (`importedFile`, the file `f` evaluates). */
export function traceFrame(nixErr: NixError, f: Frame, importedFile: string | undefined, version: NixVersion): void {
  const direct = nixErr.framesUnwound++ === 0;
  traceContexts(version, f.chunk, f.pc, nixErr, direct, true);
  if (!nixErr.span && !nixErr.positionless) {
    if (f.chunk === APPLY || f.chunk === CALL1 || f.chunk === CALL2 || f.chunk === FUNCTOR) {
      // A builtin applied here runs at its caller's position: a builtin's own call for
      // CALL1/CALL2, none for a lazy application (Nix applies those with noPos).
      if (f.callSpan) nixErr.span = f.callSpan;
      else nixErr.positionless = true;
    } else {
      const span = spanAt(f.chunk, f.pc);
      if (span) nixErr.span = span;
    }
  }
  const step = f.chunk.selectSteps?.get(f.pc);
  if (step !== undefined && step.step > 0 && f.selSet !== null) {
    // Nix's ExprSelect: "while evaluating the attribute 'a.b'" at the definition of the
    // last attribute found (unless it has none or is derivation.nix's own).
    const at = f.selSet.positions?.get(f.selName);
    if (at !== undefined && at.file.name !== DERIVATION_NIX) {
      // Computed names: the last one found and the one being looked up are known; any
      // other shows as Nix shows a name it cannot compute, `"${expr}"`.
      const name = (p: { name: string; dynamic: boolean }, i: number) =>
        !p.dynamic ? p.name : i === step.step - 1 ? f.selName : i === step.step && step.naming !== true ? f.selPending : p.name;
      const path = step.path.map(name).join(".");
      nixErr.addTrace(`while evaluating the attribute '${path}'`, at);
    }
  }
  traceContexts(version, f.chunk, f.pc, nixErr, direct, false);
  if (f.chunk.isLambda) traceCall(nixErr, f.chunk, f.callSpan, version);
  if (f.elided !== null) for (let i = f.elided.chunks.length - 1; i >= 0; i--) traceCall(nixErr, f.elided.chunks[i]!, f.elided.spans[i], version);
  if (importedFile !== undefined) nixErr.addTrace(`while evaluating the file '${importedFile}':`);
  const primTrace = PRIMOP_CALL_TRACE[version];
  if (f.chunk === FUNCTOR) nixErr.addTrace("while calling a functor (an attribute set with a '__functor' attribute)", f.forPrim!.site);
  else if (f.forPrim !== null && primTrace !== null) nixErr.addTrace(primTrace(f.forPrim.name), f.forPrim.site);
}
