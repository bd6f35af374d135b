// The VM: runs compiled chunks on an explicit value stack and frame stack, so the depth of Nix
// recursion is bounded by memory (and `maxFrames`), never by the JS call stack. Forcing a thunk or
// calling a lambda pushes a frame; an op that meets an unforced thunk it needs starts forcing it
// and runs again once the thunk is done. Builtins re-enter the VM through `force`/`call`.

import type { Expr, Span } from "../parser/ast.js";
import { showSymbol } from "../parser/print.js";
import {
  aboutValue,
  EvalError,
  InfiniteRecursionError,
  NixError,
  NixTypeError,
  StackOverflowError,
  typeError,
} from "../errors.js";
import { Op, type AttrsLayout, type Chunk, type WithLookup } from "./chunk.js";
import { APPLY, CALL1, CALL2, EMPTY_ENV, Frame, FUNCTOR, infiniteRecursion, reuseForTailCall, spanAt, traceFrame } from "./frame.js";
import { BuiltinTracer, firstUnforced } from "./builtin-trace.js";
import { checkSpanAt, OpContext, traceCheck } from "./op-contexts.js";
import { applyOverrides, missingAttr } from "./attr-ops.js";
import { EXPLAINS_FAILED_EQUALITY, failedAssertion } from "./assert-eq.js";
import type { EvalContext } from "./context.js";
import { callDepthExceeded, LimitWatcher, MAX_CALL_DEPTH, type EvalLimits } from "./limits.js";
import * as ops from "./operators.js";
import { bindFormals } from "./formals.js";
import { inTextSource, SHOW_POS, TEXT_POSITIONS_HAVE_FILE } from "../parser/positions.js";
import { DEFAULT_NIX_VERSION, type NixVersion } from "../nix-version.js";
import {
  envUp,
  makeEnv,
  type Env,
  Lambda,
  NixAttrs,
  NixFloat,
  NixPath,
  NixString,
  PrimOp,
  PrimOpApp,
  Thunk,
  ThunkState,
  showType,
  type Value,
} from "./value.js";


/** The virtual machine. One per evaluation state. */
export class Machine {
  private stack: Value[] = [];
  private sp = 0;
  private readonly frames: Frame[] = [];
  /** Tail calls made by the frames on the stack: with `frames.length`, the depth Nix would have. */
  private tailDepth = 0;

  /** Passed to builtins; set by the evaluation state that owns this machine. */
  ctx!: EvalContext;
  /** Thunks of imported files, whose failures Nix traces as "while evaluating the file". */
  readonly importedFiles = new WeakMap<Thunk, string>();

  constructor(
    /** Frames allowed at once before `stack overflow` (Nix 2.8 stops near 100,000 Nix calls). */
    readonly maxFrames = 1_000_000,
    /** When the embedder wants the evaluation stopped (see {@link EvalLimits}). */
    limits: EvalLimits = {},
    /** The Nix version whose trace lines to record. */
    nixVersion: NixVersion = DEFAULT_NIX_VERSION,
    /** Nix 2.26's `max-call-depth`: calls under way at once before `stack overflow; max-call-depth
     * exceeded` (default: the version's, none in Nix 2.8). */
    readonly maxCallDepth: number = MAX_CALL_DEPTH[nixVersion],
  ) {
    this.watcher = new LimitWatcher(limits);
    this.watching = this.watcher.active;
    this.tracer = new BuiltinTracer(nixVersion);
    this.primopTrace = this.tracer.line;
  }

  /** This version's tracing of builtins' failures. */
  private readonly tracer: BuiltinTracer;
  private readonly primopTrace: ((name: string) => string) | null;

  /** `-`, `*`, `/`. */
  private arithOp(op: "-" | "*" | "/", a: Value, b: Value): Value {
    return this.tracer.arith(op, a, b);
  }

  /** The embedder's limits, looked at as frames are entered and left. */
  private readonly watcher: LimitWatcher;
  private readonly watching: boolean;

  /** Counts a frame toward the limits (a no-op without any). */
  private watch(): void {
    if (this.watching) this.watcher.tick();
  }

  /** A thunk that, when forced, calls `fn` with `arg`. */
  lazyApply(fn: Value, arg: Value): Thunk {
    // An application thunk keeps the function in `env` and the argument in `value` until it is
    // forced; the environment is built then, so a lazy list element costs one object, not two.
    // A plain lambda's body is the thunk's code directly: forcing it is the call.
    const t = new Thunk(fn instanceof Lambda && fn.chunk.formals === null ? fn.chunk : APPLY, fn as unknown as Env);
    t.value = arg;
    return t;
  }

  /** Evaluates a chunk (a file or expression) in `env` and returns its forced value. */
  runChunk(chunk: Chunk, env: Env): Value {
    const t = new Thunk(chunk, env);
    return this.force(t);
  }

  /** Forces `v` to weak head normal form. */
  force(v: Value): Value {
    return this.forceAt(v, undefined);
  }

  /** Forces `v` to weak head normal form from `site`: where a lazy application is called
   * from, in versions that trace one. */
  forceAt(v: Value, site: Span | undefined): Value {
    if (!(v instanceof Thunk)) return v;
    if (v.state === ThunkState.Done) return v.value;
    if (v.state === ThunkState.Blackhole) throw new InfiniteRecursionError("infinite recursion encountered");
    const base = this.frames.length;
    const slot = this.sp;
    this.stack[this.sp++] = v;
    this.enterThunk(v, slot, false, site);
    this.run(base);
    const r = (this.stack[slot] as Value);
    this.sp = slot;
    this.stack[slot] = null;
    return r;
  }

  /** Calls a function value with arguments as a builtin calls its function argument,
   * returning the forced result. The callee's trace shows the builtin's own call as its call
   * site in versions that give builtins' callbacks one. */
  call(fn: Value, ...args: Value[]): Value {
    return this.callFrom(this.tracer.callbacksSited ? this.currentSpan() : undefined, fn, args, 2);
  }

  /** Calls a function value from the innermost frame's current op. */
  callHere(fn: Value, ...args: Value[]): Value {
    return this.callFrom(this.currentSpan(), fn, args);
  }

  /** Calls a function value from `site` (undefined: no known call site, as for Nix's lazy
   * applications and a few builtins). */
  callFrom(site: Span | undefined, fn: Value, args: Value[], levels = 1): Value {
    let f = fn;
    // The call runs `levels` deep under the innermost frame (a builtin's callback: under the
    // builtin's own call).
    const outer = this.depth() + levels - 1;
    if (outer > this.maxCallDepth) throw callDepthExceeded(site);
    if (args.length === 2 && fn instanceof Lambda && fn.chunk.formals === null) {
      // `f a b` for a curried lambda (foldl', sort, mapAttrs): both calls in one VM entry.
      this.watch();
      const base = this.frames.length;
      const slot = this.sp;
      this.stack[this.sp++] = null;
      this.pushFrame(new Frame(CALL2, CALL2.code, CALL2.consts, 0, [null, fn, args[0]!, args[1]!], slot, null, false, site), outer);
      this.run(base);
      f = this.stack[slot] as Value;
      this.sp = slot;
      this.stack[slot] = null;
      return f;
    }
    for (const a of args) {
      f = this.force(f);
      if (f instanceof Lambda) {
        // Enter the lambda's frame directly.
        const c = f.chunk;
        if (c.pending !== null) c.pending();
        const env: Env = c.formals === null ? [f.env as unknown as Value, a] : bindFormals(f, this.force(a), a, this.ctx, site);
        if (this.frames.length + this.tailDepth >= this.maxFrames) throw new StackOverflowError();
        this.watch();
        const base = this.frames.length;
        const slot = this.sp;
        this.pushFrame(new Frame(c, c.code, c.consts, 0, env, slot, null, false, site), outer + 1);
        this.run(base);
        f = this.stack[slot] as Value;
        this.sp = slot;
        this.stack[slot] = null;
        continue;
      }
      if (f instanceof PrimOp || f instanceof PrimOpApp) {
        // Builtins are applied in JS: no frame needed.
        const prim = f instanceof PrimOp ? f : f.primop;
        const primArgs = f instanceof PrimOp ? [a] : [...f.args, a];
        if (primArgs.length < prim.arity) {
          f = new PrimOpApp(prim, primArgs);
          continue;
        }
        if (!prim.lazy) for (let i = 0; i < primArgs.length; i++) primArgs[i] = this.force(primArgs[i] as Value);
        f = this.tracer.forceResult(prim, this.tracer.apply(prim, primArgs, this.ctx, site), this, site);
        continue;
      }
      const base = this.frames.length;
      const slot = this.sp;
      this.stack[this.sp++] = f;
      this.stack[this.sp++] = a;
      // A one-op trampoline chunk: Call, Return.
      this.pushFrame(new Frame(CALL1, CALL1.code, CALL1.consts, 0, EMPTY_ENV, slot, null, false, site), outer);
      this.run(base);
      f = (this.stack[slot] as Value);
      this.sp = slot;
      this.stack[slot] = null;
    }
    return this.force(f);
  }

  /** Span of the op being run by the innermost frame, for errors raised by builtins. (A frame
   * running an op has its pc past the op's start.) */
  currentSpan(): Span | undefined {
    const f = this.frames[this.frames.length - 1];
    return f ? spanAt(f.chunk, f.pc - 1) : undefined;
  }

  /** Pushes `f`, `calls` deep in Nix's calls. */
  private pushFrame(f: Frame, calls: number): void {
    f.calls = calls;
    this.frames.push(f);
  }

  /** The call depth of the innermost frame (0 with none). */
  private depth(): number {
    const f = this.frames[this.frames.length - 1];
    return f ? f.calls : 0;
  }

  private enterThunk(t: Thunk, retSlot: number, discard: boolean, span: Span | undefined): void {
    if (this.frames.length + this.tailDepth >= this.maxFrames) throw new StackOverflowError();
    this.watch();
    t.state = ThunkState.Blackhole;
    const c = t.chunk!;
    if (c.pending !== null) c.pending();
    let env = t.env!;
    // Application thunks (see lazyApply) hold the function and argument instead of an env.
    // A lazy application's call site is the function's position in versions that give it one
    // (Nix 2.26), none in the others (Nix 2.8 applies them with noPos).
    let calls = this.depth();
    if (c === APPLY) {
      env = [null, env as unknown as Value, t.value];
      if (!this.tracer.lazyAppSited) span = undefined;
    } else if (c.isLambda) {
      env = [(env as unknown as Lambda).env as unknown as Value, t.value];
      if (!this.tracer.lazyAppSited) span = undefined;
      // Forcing a lazy application of a lambda is its call.
      if (calls++ > this.maxCallDepth) throw callDepthExceeded(span);
    }
    this.pushFrame(new Frame(c, c.code, c.consts, 0, env, retSlot, t, discard, span), calls);
  }

  /** Runs frames until the frame count drops back to `base`. */
  private run(base: number): void {
    const frames = this.frames;
    let frame = frames[frames.length - 1]!;
    let code = frame.code;
    let consts = frame.consts;
    let pc = frame.pc;
    let env = frame.env;
    let sp = this.sp;
    const stack = this.stack;
    let opStart = pc;
    try {
      for (;;) {
        opStart = pc;
        switch (code[pc++] as Op) {
          case Op.Const:
            stack[sp++] = consts[code[pc++]!] as Value;
            break;
          case Op.Local0:
            stack[sp++] = env[code[pc++]!] as Value;
            break;
          case Op.Local1:
            stack[sp++] = envUp(env)[code[pc++]!] as Value;
            break;
          case Op.Local: {
            let e = env;
            for (let d = code[pc++]!; d > 0; d--) e = envUp(e);
            stack[sp++] = e[code[pc++]!] as Value;
            break;
          }
          case Op.WithVar: {
            const lk = consts[code[pc++]!] as WithLookup;
            let found: Value | undefined;
            let pending: Thunk | null = null;
            for (let w = 0; w < lk.withDepths.length; w++) {
              let e = env;
              for (let i = lk.withDepths[w]!; i > 0; i--) e = envUp(e);
              let s = e[1] as Value;
              if (s instanceof Thunk) {
                if (s.state !== ThunkState.Done) {
                  pending = s;
                  break;
                }
                s = s.value;
              }
              if (!(s instanceof NixAttrs)) {
                const err = ops.positionless(typeError("a set", s));
                traceCheck(this.ctx.nixVersion, OpContext.WithSet, err, lk.withSpans[w]);
                throw err;
              }
              found = s.map.get(lk.name);
              if (found !== undefined) break;
            }
            if (pending) {
              pc = opStart;
              sp = this.retry(pending, sp, frame, pc);
              frame = frames[frames.length - 1]!;
              ({ code, consts, pc, env } = frame);
              break;
            }
            if (found === undefined) throw new EvalError(`undefined variable '${lk.name}'`);
            stack[sp++] = found;
            break;
          }
          case Op.Force:
          case Op.ForceSel: {
            const v = stack[sp - 1];
            if (v instanceof Thunk) {
              if (v.state === ThunkState.Done) stack[sp - 1] = v.value;
              else {
                if (v.state === ThunkState.Blackhole) throw infiniteRecursion(frame, code[opStart] === Op.ForceSel, v, this.ctx.nixVersion);
                // The end of a selection resumes at itself, so that a failure is seen there.
                frame.pc = code[opStart] === Op.ForceSel ? opStart : pc;
                this.sp = sp;
                this.enterThunk(v, sp - 1, false, spanAt(frame.chunk, opStart));
                sp--;
                frame = frames[frames.length - 1]!;
                ({ code, consts, pc, env } = frame);
              }
            }
            break;
          }
          case Op.Thunk:
            stack[sp++] = new Thunk(consts[code[pc++]!] as Chunk, env);
            break;
          case Op.Lambda:
            stack[sp++] = new Lambda(consts[code[pc++]!] as Chunk, env);
            break;
          case Op.Call:
          case Op.TailCall: {
            const isTail = code[opStart] === Op.TailCall;
            let f = (stack[sp - 2] as Value);
            const arg = (stack[sp - 1] as Value);
            if (f instanceof Thunk) {
              if (f.state !== ThunkState.Done) {
                pc = opStart;
                sp = this.retry(f, sp, frame, pc);
                frame = frames[frames.length - 1]!;
                ({ code, consts, pc, env } = frame);
                break;
              }
              f = f.value;
            }
            if (f instanceof Lambda) {
              const c = f.chunk;
              if (c.pending !== null) c.pending();
              // Trampolines calling for a builtin have no spans: their call site is the frame's.
              const span = spanAt(frame.chunk, opStart) ?? frame.callSpan;
              let newEnv: Env;
              if (c.formals === null) {
                newEnv = [f.env as unknown as Value, arg];
              } else {
                let a = arg;
                if (a instanceof Thunk) {
                  if (a.state !== ThunkState.Done) {
                    pc = opStart;
                    sp = this.retry(a, sp, frame, pc);
                    frame = frames[frames.length - 1]!;
                    ({ code, consts, pc, env } = frame);
                    break;
                  }
                  a = a.value;
                }
                newEnv = bindFormals(f, a, arg, this.ctx, span);
              }
              if (frame.calls > this.maxCallDepth) throw callDepthExceeded(span);
              if (isTail) {
                // Each tail call counts toward the depth, so endless tail recursion ends as in Nix.
                if (frames.length + ++this.tailDepth >= this.maxFrames)
                  throw new StackOverflowError();
                this.watch();
                reuseForTailCall(frame, c, newEnv, span);
                sp = frame.retSlot;
              } else {
                if (frames.length + this.tailDepth >= this.maxFrames)
                  throw new StackOverflowError();
                this.watch();
                frame.pc = pc;
                sp -= 2;
                const calls = frame.calls + 1;
                frame = new Frame(c, c.code, c.consts, 0, newEnv, sp, null, false, span);
                frame.calls = calls;
                frames.push(frame);
              }
              ({ code, consts, pc, env } = frame);
              break;
            }
            if (f instanceof PrimOp || f instanceof PrimOpApp) {
              const prim = f instanceof PrimOp ? f : f.primop;
              const args = f instanceof PrimOp ? [arg] : [...f.args, arg];
              if (args.length < prim.arity) {
                stack[sp - 2] = new PrimOpApp(prim, args);
                sp--;
                break;
              }
              if (frame.calls > this.maxCallDepth) throw callDepthExceeded(spanAt(frame.chunk, opStart) ?? frame.callSpan);
              const site = spanAt(frame.chunk, opStart) ?? frame.callSpan;
              const pending = prim.lazy ? null : firstUnforced(args);
              if (pending !== null) {
                pc = opStart;
                // A builtin's argument under evaluation fails inside the builtin, in versions that trace them.
                if (pending.state === ThunkState.Blackhole && this.primopTrace !== null && prim.traced)
                  throw this.tracer.traced(new InfiniteRecursionError("infinite recursion encountered"), prim.name, site);
                sp = this.retry(pending, sp, frame, pc);
                // Nix 2.26 forces a builtin's arguments inside the call: their failures are traced as it.
                if (this.primopTrace !== null && prim.traced) frames[frames.length - 1]!.forPrim = { name: prim.name, site };
                frame = frames[frames.length - 1]!;
                ({ code, consts, pc, env } = frame);
                break;
              }
              frame.pc = pc;
              this.sp = sp;
              const r = this.tracer.apply(prim, args, this.ctx, site);
              sp -= 2;
              stack[sp++] = r;
              if (r instanceof Thunk) {
                if (r.state === ThunkState.Done) stack[sp - 1] = r.value;
                else {
                  if (r.state === ThunkState.Blackhole) throw new InfiniteRecursionError("infinite recursion encountered");
                  this.sp = sp;
                  this.enterThunk(r, sp - 1, false, spanAt(frame.chunk, opStart));
                  // A builtin that forces what it returns (trace, deepSeq) fails inside its call.
                  if (prim.resultTraced && this.primopTrace !== null) frames[frames.length - 1]!.forPrim = { name: prim.name, site };
                  sp--;
                  frame = frames[frames.length - 1]!;
                  ({ code, consts, pc, env } = frame);
                }
              }
              break;
            }
            if (f instanceof NixAttrs) {
              const functor = f.map.get("__functor");
              if (functor !== undefined && this.tracer.functorFrames) {
                // `functor self arg` in a frame of its own, from the functor's definition, traced
                // as the call of a functor at this call (Nix 2.26).
                const site = spanAt(frame.chunk, opStart) ?? frame.callSpan;
                if (frame.calls > this.maxCallDepth) throw callDepthExceeded(site);
                if (frames.length + this.tailDepth >= this.maxFrames) throw new StackOverflowError();
                frame.pc = pc;
                sp -= 2;
                frame = new Frame(FUNCTOR, FUNCTOR.code, FUNCTOR.consts, 0, [null, functor, f, arg], sp, null, false, f.positions?.get("__functor"));
                frame.forPrim = { name: "", site };
                this.pushFrame(frame, frames[frames.length - 1]!.calls + 1);
                ({ code, consts, pc, env } = frame);
                break;
              }
              if (functor !== undefined) {
                // Nix calls the functor from inside this call, one frame deeper per unwrapping
                // until the call is done: counted like a tail call, so a functor that returns
                // itself (`{ __functor = self: self; }`) ends in a stack overflow as in Nix.
                if (frames.length + ++this.tailDepth >= this.maxFrames) throw new StackOverflowError();
                frame.tailCalls++;
                stack[sp - 2] = this.lazyApply(functor, f);
                pc = opStart;
                break;
              }
            }
            throw aboutValue(new NixTypeError(`attempt to call something which is not a function but ${showType(f)}`), f);
          }
          case Op.Return: {
            // Work done while frames unwind (a `++` per level) counts toward the limits too.
            this.watch();
            const r = (stack[sp - 1] as Value);
            const done = frame;
            if (done.thunk) {
              done.thunk.state = ThunkState.Done;
              done.thunk.value = r;
              done.thunk.chunk = null;
              done.thunk.env = null;
            }
            frames.pop();
            this.tailDepth -= done.tailCalls;
            if (done.discard) sp = done.retSlot;
            else {
              stack[done.retSlot] = r;
              sp = done.retSlot + 1;
            }
            if (frames.length === base) {
              this.sp = sp;
              return;
            }
            frame = frames[frames.length - 1]!;
            ({ code, consts, pc, env } = frame);
            break;
          }
          case Op.Jump:
            pc = code[pc]!;
            break;
          case Op.JumpIfFalse: {
            const c = stack[--sp];
            if (c === false) pc = code[pc]!;
            else if (c === true) pc++;
            else throw typeError("a Boolean", c!);
            break;
          }
          case Op.AndJump:
          case Op.OrJump:
          case Op.ImplJump: {
            const op = code[opStart] as Op;
            const c = stack[--sp];
            if (typeof c !== "boolean") throw typeError("a Boolean", c!);
            const target = code[pc++]!;
            if (op === Op.AndJump && !c) {
              stack[sp++] = false;
              pc = target;
            } else if (op === Op.OrJump && c) {
              stack[sp++] = true;
              pc = target;
            } else if (op === Op.ImplJump && !c) {
              stack[sp++] = true;
              pc = target;
            }
            break;
          }
          case Op.CheckSet:
            if (!(stack[sp - 1] instanceof NixAttrs)) throw ops.positionless(typeError("a set", stack[sp - 1] as Value));
            break;
          case Op.AddLeft: {
            // Nix coerces the first operand of `+` before it evaluates the second.
            const a = stack[sp - 1] as Value;
            if (typeof a !== "number" && typeof a !== "string" && !(a instanceof NixString) && !(a instanceof NixPath) && !(a instanceof NixFloat) && typeof a !== "bigint") {
              frame.pc = pc;
              this.sp = sp;
              stack[sp - 1] = ops.coerceFirstOperand(this.ctx, a, frame.chunk.operandSpans?.get(opStart) ?? []);
            }
            break;
          }
          case Op.CheckBool:
            if (typeof stack[sp - 1] !== "boolean") throw typeError("a Boolean", (stack[sp - 1] as Value));
            break;
          case Op.Not: {
            const c = stack[sp - 1];
            if (typeof c !== "boolean") throw ops.positionless(typeError("a Boolean", c!));
            stack[sp - 1] = !c;
            break;
          }
          case Op.Add: {
            const a = (stack[sp - 2] as Value);
            const b = (stack[sp - 1] as Value);
            if (typeof a === "number" && typeof b === "number") {
              const r = a + b;
              stack[sp - 2] = Number.isSafeInteger(r) ? r : ops.addInts(a, b, this.tracer.intOverflow, frame.chunk.operandSpans?.get(opStart)?.[1]);
            } else {
              frame.pc = pc;
              this.sp = sp;
              stack[sp - 2] = ops.add(this.ctx, a, b, frame.chunk.operandSpans?.get(opStart) ?? []);
            }
            sp--;
            break;
          }
          case Op.Sub: {
            if (frame.calls > this.maxCallDepth) throw callDepthExceeded(checkSpanAt(frame.chunk, opStart)); // a call of sub, mul, div, lessThan
            const a = (stack[sp - 2] as Value);
            const b = (stack[sp - 1] as Value);
            if (typeof a === "number" && typeof b === "number") {
              const r = a - b;
              stack[sp - 2] = Number.isSafeInteger(r) ? r : this.arithOp("-", a, b);
            } else stack[sp - 2] = this.arithOp("-", a, b);
            sp--;
            break;
          }
          case Op.Mul:
            if (frame.calls > this.maxCallDepth) throw callDepthExceeded(checkSpanAt(frame.chunk, opStart)); // a call of sub, mul, div, lessThan
            stack[sp - 2] = this.arithOp("*", stack[sp - 2] as Value, stack[sp - 1] as Value);
            sp--;
            break;
          case Op.Div:
            if (frame.calls > this.maxCallDepth) throw callDepthExceeded(checkSpanAt(frame.chunk, opStart)); // a call of sub, mul, div, lessThan
            stack[sp - 2] = this.arithOp("/", stack[sp - 2] as Value, stack[sp - 1] as Value);
            sp--;
            break;
          case Op.Less: {
            if (frame.calls > this.maxCallDepth) throw callDepthExceeded(checkSpanAt(frame.chunk, opStart)); // a call of sub, mul, div, lessThan
            const a = (stack[sp - 2] as Value);
            const b = (stack[sp - 1] as Value);
            if (typeof a === "number" && typeof b === "number") stack[sp - 2] = a < b;
            else {
              frame.pc = pc;
              this.sp = sp;
              stack[sp - 2] = ops.lessThan(this.ctx, a, b);
            }
            sp--;
            break;
          }
          case Op.Eq:
          case Op.NotEq: {
            frame.pc = pc;
            this.sp = sp;
            const eq = ops.equals(this.ctx, (stack[sp - 2] as Value), (stack[sp - 1] as Value), true);
            stack[sp - 2] = code[opStart] === Op.Eq ? eq : !eq;
            sp--;
            break;
          }
          case Op.AttrName:
            frame.pc = pc;
            this.sp = sp;
            stack[sp - 1] = ops.forceAttrName(this.ctx, stack[sp - 1] as Value);
            break;
          case Op.Concat: {
            const a = (stack[sp - 2] as Value);
            const b = (stack[sp - 1] as Value);
            if (!Array.isArray(a)) throw typeError("a list", a);
            if (!Array.isArray(b)) throw typeError("a list", b);
            stack[sp - 2] = a.length === 0 ? b : b.length === 0 ? a : a.concat(b);
            sp--;
            break;
          }
          case Op.Update:
            stack[sp - 2] = ops.update((stack[sp - 2] as Value), (stack[sp - 1] as Value));
            sp--;
            break;
          case Op.Select:
          case Op.SelectOr:
          case Op.SelectDyn:
          case Op.SelectDynOr:
          case Op.HasStep:
          case Op.HasStepDyn:
          case Op.HasLast:
          case Op.HasLastDyn: {
            // `e.a`, `e.a or d` and `e ? a` share the lookup; they differ when it fails.
            const op = code[opStart] as Op;
            const isHas = op >= Op.HasStep;
            const dyn = op === Op.SelectDyn || op === Op.SelectDynOr || op === Op.HasStepDyn || op === Op.HasLastDyn;
            const hasTarget = op === Op.SelectOr || op === Op.SelectDynOr || op === Op.HasStep || op === Op.HasStepDyn;
            let name: string;
            if (dyn) {
              frame.pc = pc;
              this.sp = sp;
              name = ops.forceAttrName(this.ctx, stack[sp - 1] as Value);
            } else name = consts[code[pc++]!] as string;
            if (dyn) frame.selPending = name;
            const target = hasTarget ? code[pc++]! : 0;
            let obj = stack[dyn ? sp - 2 : sp - 1] as Value;
            if (obj instanceof Thunk) {
              if (obj.state !== ThunkState.Done) {
                pc = opStart;
                sp = this.retry(obj, sp, frame, pc);
                frame = frames[frames.length - 1]!;
                ({ code, consts, pc, env } = frame);
                break;
              }
              obj = obj.value;
            }
            if (dyn) sp--;
            const found = obj instanceof NixAttrs ? obj.map.get(name) : undefined;
            if (found !== undefined) {
              stack[sp - 1] = isHas && !hasTarget ? true : found;
              if (!isHas) {
                frame.selSet = obj as NixAttrs;
                frame.selName = name;
              }
            }
            else if (hasTarget) {
              // `or` falls back to its default; a failed `?` step answers false.
              if (isHas) stack[sp - 1] = false;
              else sp--;
              pc = target;
            } else if (isHas) stack[sp - 1] = false;
            else {
              throw missingAttr(obj, name);
            }
            break;
          }
          case Op.List: {
            const n = code[pc++]!;
            const l = stack.slice(sp - n, sp);
            sp -= n;
            stack[sp++] = l;
            break;
          }
          case Op.Attrs: {
            const layout = consts[code[pc++]!] as AttrsLayout;
            const names = layout.names;
            const n = names.length;
            const m = new Map<string, Value>();
            for (let i = 0; i < n; i++) m.set(names[i]!, stack[sp - n + i] as Value);
            sp -= n;
            stack[sp++] = this.attrsFromLayout(m, layout);
            break;
          }
          case Op.AttrsFromEnv: {
            const layout = consts[code[pc++]!] as AttrsLayout;
            const m = new Map<string, Value>();
            const names = layout.names;
            for (let i = 0; i < names.length; i++) m.set(names[i]!, env[i + 1] as Value);
            if (m.has("__overrides")) {
              frame.pc = pc;
              this.sp = sp;
              applyOverrides(this.ctx, m, names, env);
            }
            stack[sp++] = this.attrsFromLayout(m, layout);
            break;
          }
          case Op.AttrDyn: {
            frame.pc = pc;
            this.sp = sp;
            const nameV = (stack[sp - 2] as Value);
            const set = stack[sp - 3] as NixAttrs;
            if (nameV !== null) {
              const name = ops.forceAttrName(this.ctx, nameV);
              if (set.map.has(name)) {
                const prev = set.positions?.get(name);
                throw new EvalError(`dynamic attribute '${showSymbol(name)}' already defined at ${prev ? SHOW_POS[this.ctx.nixVersion](prev) : "(unknown)"}`);
              }
              set.map.set(name, stack[sp - 1] as Value);
              const dynSpan = spanAt(frame.chunk, opStart)!;
              const base = set.positions;
              set.positions = { get: (k) => (k === name ? dynSpan : base?.get(k)) };
            }
            sp -= 2;
            break;
          }
          case Op.PushEnv:
            env = makeEnv(env, code[pc++]!);
            frame.env = env;
            break;
          case Op.Store:
            env[code[pc++]!] = stack[--sp] as Value;
            break;
          case Op.PopEnv:
            env = envUp(env);
            frame.env = env;
            break;
          case Op.With:
            env = [env as unknown as Value, stack[--sp] as Value];
            frame.env = env;
            break;
          case Op.Assert:
          case Op.AssertEq: {
            const c = stack[--sp];
            const cond = consts[code[pc++]!] as Expr;
            const eq = code[opStart] === Op.AssertEq;
            if (c === true) {
              if (eq) pc = code[pc]!;
              break;
            }
            if (c !== false) throw typeError("a Boolean", c!);
            if (!eq || !EXPLAINS_FAILED_EQUALITY[this.ctx.nixVersion]) throw failedAssertion(this.ctx, cond);
            pc++; // on to AssertExplain
            break;
          }
          case Op.AssertExplain:
            frame.pc = pc + 1;
            this.sp = sp;
            throw failedAssertion(this.ctx, consts[code[pc]!] as Expr, [stack[sp - 2] as Value, stack[sp - 1] as Value], spanAt(frame.chunk, opStart));
          case Op.Interp:
          case Op.PathInterp: {
            const n = code[pc++]!;
            const partSpans = consts[code[pc++]!] as readonly Span[];
            frame.pc = pc;
            this.sp = sp;
            const r = ops.concatStrings(this.ctx, stack.slice(sp - n, sp), code[opStart] === Op.Interp, partSpans);
            sp -= n;
            stack[sp++] = r;
            break;
          }
          case Op.Pop:
            sp--;
            break;
          case Op.CurPos: // (null in -E text and stdin in versions that give those no file)
            stack[sp++] = TEXT_POSITIONS_HAVE_FILE[this.ctx.nixVersion] || !inTextSource(spanAt(frame.chunk, opStart)!) ? (consts[code[pc++]!] as Value) : (pc++, null);
            break;
          case Op.SelSave:
            stack[sp++] = frame.selSet;
            stack[sp++] = frame.selName;
            break;
          case Op.SelRestore:
            frame.selSet = stack[sp - 3] as NixAttrs | null;
            frame.selName = stack[sp - 2] as string;
            stack[sp - 3] = stack[sp - 1] as Value;
            sp -= 2;
            break;
          default:
            throw new EvalError(`internal error: bad opcode ${code[opStart]}`);
        }
      }
    } catch (err) {
      frame.pc = opStart;
      this.unwind(err, base);
      throw err;
    }
  }

  /** The set a literal builds; an empty one is Nix's shared empty set, which takes its position. */
  private attrsFromLayout(m: Map<string, Value>, layout: AttrsLayout): NixAttrs {
    const s = new NixAttrs(m, layout.positions, layout.span);
    if (layout.empty) {
      s.sharesEmpty = true;
      this.ctx.emptySetSpan = layout.span;
    }
    return s;
  }

  /** Starts forcing `t` for an op that will run again afterwards; returns the new stack pointer. */
  private retry(t: Thunk, sp: number, frame: Frame, pc: number): number {
    if (t.state === ThunkState.Blackhole) throw infiniteRecursion(frame, frame.chunk.selectSteps?.has(pc) === true, t, this.ctx.nixVersion);
    frame.pc = pc;
    this.sp = sp;
    this.stack[sp] = t;
    this.enterThunk(t, sp, true, spanAt(frame.chunk, pc));
    return sp;
  }

  /** Pops frames down to `base` after an error: un-blackholes their thunks, adds trace lines. */
  private unwind(err: unknown, base: number): void {
    const nixErr = err instanceof NixError ? err.settle(this.ctx.nixVersion) : undefined;
    const frames = this.frames;
    let retSlot = this.sp;
    while (frames.length > base) {
      const f = frames.pop()!;
      this.tailDepth -= f.tailCalls;
      retSlot = f.retSlot;
      if (f.thunk && f.thunk.state === ThunkState.Blackhole) f.thunk.state = ThunkState.Suspended;
      if (nixErr) traceFrame(nixErr, f, f.thunk === null ? undefined : this.importedFiles.get(f.thunk), this.ctx.nixVersion);
    }
    this.sp = retSlot;
  }
}
