// The limits an embedder sets on an evaluation (time, an abort signal, a cross-thread interrupt
// flag, a heap budget) and the watcher the VM ticks as frames are entered and left: it looks at
// the heap every 256 ticks and at the rest every 4096, and stops with an InterruptedError. Also
// Nix 2.26's max-call-depth and its error.

import { CallDepthError, InterruptedError } from "../errors.js";
import type { Span } from "../parser/ast.js";
import type { NixVersion } from "../nix-version.js";

/** Each version's default `max-call-depth`: Nix 2.26 stops at 10,000 calls under way at once;
 * Nix 2.8 has no such setting (only its stack's size stops it). */
export const MAX_CALL_DEPTH: Readonly<Record<NixVersion, number>> = { "2.8": Infinity, "2.26": 10_000 };

/** The error for a call beyond `max-call-depth`, at the call. */
export function callDepthExceeded(span: Span | undefined): CallDepthError {
  return new CallDepthError("stack overflow; max-call-depth exceeded", span);
}

/** What lets an embedder stop an evaluation (it runs synchronously: a signal or flag can only
 * change meanwhile from another thread, or from a callback the evaluation makes). */
export interface EvalLimits {
  /** Stop after this many milliseconds of evaluation. */
  readonly timeoutMs?: number;
  /** Stop once aborted. */
  readonly signal?: AbortSignal;
  /** Stop once element 0 is nonzero: an Int32Array on a SharedArrayBuffer that another thread
   * (the page running a Worker) sets with `Atomics.store`. */
  readonly interrupt?: Int32Array;
  /** Stop once the JS heap holds more than this many bytes (as `heapUsed` reports it). */
  readonly maxHeapBytes?: number;
  /** The bytes the JS heap holds now; by default node:v8's used heap size where the runtime
   * has it (elsewhere give one, or `maxHeapBytes` has no effect). */
  readonly heapUsed?: () => number;
}

/** The JS heap's used bytes from node:v8 (cheap enough to ask often), where the runtime has it. */
function defaultHeapUsed(): (() => number) | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const v8 = proc?.getBuiltinModule?.("node:v8") as { getHeapStatistics?: () => { used_heap_size: number } } | undefined;
    const stats = v8?.getHeapStatistics;
    return typeof stats === "function" ? () => stats().used_heap_size : undefined;
  } catch {
    return undefined;
  }
}

/** Decides, tick by tick, whether an evaluation must stop. */
export class LimitWatcher {
  /** Whether any limit is set (without one the VM never ticks). */
  readonly active: boolean;
  private readonly deadline: number;
  private readonly heapUsed: (() => number) | undefined;
  private ticks = 0;

  constructor(private readonly limits: EvalLimits) {
    this.deadline = limits.timeoutMs === undefined ? Infinity : performance.now() + limits.timeoutMs;
    this.heapUsed = limits.maxHeapBytes === undefined ? undefined : (limits.heapUsed ?? defaultHeapUsed());
    this.active = limits.timeoutMs !== undefined || limits.signal !== undefined || limits.interrupt !== undefined || this.heapUsed !== undefined;
  }

  /** One frame entered or left; throws an InterruptedError when a limit is reached. */
  tick(): void {
    const n = ++this.ticks;
    if ((n & 255) !== 0) return;
    const { signal, interrupt, timeoutMs, maxHeapBytes } = this.limits;
    if (this.heapUsed !== undefined && this.heapUsed() > maxHeapBytes!)
      throw new InterruptedError(`evaluation exceeded its memory limit of ${maxHeapBytes} bytes`);
    if ((n & 4095) !== 0) return;
    if (signal?.aborted || (interrupt !== undefined && Atomics.load(interrupt, 0) !== 0))
      throw new InterruptedError("interrupted by the user");
    if (performance.now() > this.deadline) throw new InterruptedError(`evaluation exceeded its time limit of ${timeoutMs} ms`);
  }
}
