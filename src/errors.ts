// The NixError class tree: every failure nixts reports, with a source position and a Nix-style
// trace; error-format.ts lays them out as each Nix version prints them. No other error type may
// escape the public API.

import { showType, type Value } from "./eval/value.js";
import type { Span } from "./parser/ast.js";
import type { NixVersion } from "./nix-version.js";
import { ERROR_LAYOUT } from "./error-format.js";
import { printErrorValue } from "./eval/print.js";
export { filterTerminalText, formatPosition, layoutErrorMessage } from "./error-format.js";

/** One `… while evaluating …` line of a trace, with the position it refers to. */
export interface TraceFrame {
  readonly message: string;
  readonly span?: Span;
  /** Frames Nix only records under `--show-trace` (function calls). The others make Nix 2.8
   * suggest `--show-trace` when it is off, and Nix 2.26 print them anyway. */
  readonly showTraceOnly?: boolean;
  /** Frames Nix 2.26 prints even past the point where it truncates a trace (addErrorContext's). */
  readonly always?: boolean;
}

/** Base class of every error nixts raises. `message` is Nix's wording, without `error: `. */
export class NixError extends Error {
  /** Where the error happened, if known. */
  span?: Span;
  /** Set for errors Nix reports without a position (e.g. a bad operand of `//`). */
  positionless = false;
  /** Trace frames, innermost first, as `--show-trace` prints them. */
  readonly trace: TraceFrame[] = [];
  /** Output a printer had produced when this error stopped it (see withPartialOutput). */
  partialOutput?: string;
  /** How many evaluator frames this error has unwound through (0: still in the one that raised it). */
  framesUnwound = 0;
  /** Names Nix offers in a `Did you mean ...?` line under the position (nearest first). */
  suggestions?: readonly string[];
  /** The value a type or coercion error is about (a builtin's tracing matches it to the
   * argument it was, to name that argument as Nix 2.26 does). */
  about?: Value;
  /** The list being coerced to a string when an element's evaluation failed (Nix 2.26 gives
   * such failures the context of the builtin argument that list was). */
  coercing?: Value;

  /** For a message worded differently per Nix version: the wording, until {@link settle} picks
   * one (`message` holds Nix 2.8's meanwhile). */
  private wording?: (version: NixVersion) => string;

  constructor(message: string, span?: Span) {
    super(message);
    this.name = new.target.name;
    this.span = span;
  }

  /** Gives the message a wording per Nix version; `message` is 2.8's until {@link settle}. */
  reword(wording: (version: NixVersion) => string): this {
    this.wording = wording;
    this.message = wording("2.8");
    return this;
  }

  /** Fixes the message in the wording of `version` (the evaluator does when the error leaves
   * it; formatting does too). Later calls change nothing. */
  settle(version: NixVersion): this {
    if (this.wording) {
      this.message = this.wording(version);
      this.wording = undefined;
    }
    return this;
  }

  /** Whether Nix shows a position for this kind of error (it does not for `throw`/`abort`). */
  get hasPosition(): boolean {
    return true;
  }

  /** Adds a trace frame (innermost first). Returns `this` for chaining. */
  addTrace(message: string, span?: Span, showTraceOnly = false, always = false): this {
    this.trace.push(always ? { message, span, showTraceOnly, always } : { message, span, showTraceOnly });
    return this;
  }

  /** Whether Nix would have recorded a trace without `--show-trace` (it then says so). */
  get hasTrace(): boolean {
    return this.trace.some((f) => !f.showTraceOnly);
  }

  /** Formats the error as the given Nix version (default 2.8) prints it on stderr (not a terminal). */
  format(options: { showTrace?: boolean; nixVersion?: NixVersion } = {}): string {
    const version = options.nixVersion ?? "2.8";
    return ERROR_LAYOUT[version](this.settle(version), options.showTrace ?? false);
  }
}

/** Marks an error as one Nix prints without a position. Returns it. */
export function positionless<E extends NixError>(e: E): E {
  e.positionless = true;
  return e;
}

/** Marks an error with the output a streaming printer had written when it failed (Nix writes
 * `--json`/`--xml` output as it goes, so that part reaches stdout). Returns the error. */
export function withPartialOutput(e: unknown, text: string): unknown {
  if (e instanceof NixError) e.partialOutput = text;
  return e;
}

/** A syntax error (or, as in Nix 2.8, an undefined variable found before evaluation). */
export class NixParseError extends NixError {}
/** Generic evaluation error (`EvalError` in Nix). */
export class EvalError extends NixError {}
/** A value of the wrong type (`TypeError` in Nix). */
export class NixTypeError extends EvalError {}
/** `assert` failed. */
export class AssertionError extends EvalError {}
/** `throw` was called: catchable by `tryEval`. */
export class ThrownError extends EvalError {
  /** Nix shows no position for `throw`; the few builtins that raise this kind with one set it. */
  showPosition = false;
  override get hasPosition(): boolean {
    return this.showPosition;
  }
}
/** `abort` was called: not catchable by `tryEval`. */
export class AbortError extends EvalError {
  override get hasPosition(): boolean {
    return false;
  }
}
/** An error Nix prints as a bare message: no position, no trace (not even with `--show-trace`);
 * `tryEval` cannot catch it. */
export class BareError extends EvalError {
  override get hasPosition(): boolean {
    return false;
  }

  override addTrace(): this {
    return this;
  }
}
/** The embedder stopped the evaluation (its time budget ran out, or it raised the interrupt
 * flag or aborted its signal): like Nix's `interrupted by the user`. */
export class InterruptedError extends BareError {}
/** A thunk was forced while it was being evaluated. */
export class InfiniteRecursionError extends EvalError {}
/** A missing attribute, undefined `with` variable, ... */
export class MissingAttrError extends EvalError {}
/** Nix 2.8 meets a stack overflow in its signal handler, which prints the bare message and exits. */
export class StackOverflowError extends BareError {
  constructor(message = "stack overflow (possible infinite recursion)") {
    super(message);
  }
}
/** A failure of a library Nix uses that is no Nix error (a C++ exception). */
export class ForeignError extends BareError {}
/** A call beyond Nix 2.26's `max-call-depth` (raised before the call, so it is no failure of it). */
export class CallDepthError extends EvalError {}
/** A bad argument Nix treats as a usage error (an unknown hash algorithm): printed without a
 * position, and the command line adds a `Try '... --help'` line. */
export class UsageError extends EvalError {
  constructor(message: string, span?: Span) {
    super(message, span);
    this.positionless = true;
  }
}

/** A failure outside the evaluator: files, the store, fetching. Nix prints these without a
 * position of their own (trace frames still show where evaluation was). */
export class HostError extends EvalError {
  constructor(message: string, span?: Span) {
    super(message, span);
    this.positionless = true;
  }
}

/** How each version words "`v` is not what was expected": Nix 2.8 names the type, Nix 2.26
 * names both and prints the value (within its error limits). */
const MISMATCH: Readonly<Record<NixVersion, (expected: string, v: Value) => string>> = {
  "2.8": (expected, v) => `value is ${showType(v)} while ${expected} was expected`,
  "2.26": (expected, v) => `expected ${expected} but found ${showType(v)}: ${printErrorValue(v)}`,
};

/** A value of the wrong type: `expected` is what was wanted (`a list`, `a string`, ...). */
export function typeError(expected: string, v: Value): NixTypeError {
  const e = new NixTypeError("").reword((version) => MISMATCH[version](expected, v));
  e.about = v;
  return e;
}

/** What each version adds after a message about a value: Nix 2.26 the value itself. */
const VALUE_SUFFIX: Readonly<Record<NixVersion, (v: Value) => string>> = {
  "2.8": () => "",
  "2.26": (v) => `: ${printErrorValue(v)}`,
};

/** Ends `e`'s message with the value it is about, as its version does (`cannot coerce a set to a
 * string: { }` in Nix 2.26, `cannot coerce a set to a string` in 2.8). Returns `e`. */
export function aboutValue<E extends NixError>(e: E, v: Value): E {
  const text = e.message;
  e.about = v;
  return e.reword((version) => text + VALUE_SUFFIX[version](v));
}

/** How each version reports a path that does not exist: when it looks at the path itself, and
 * when it lists it as a directory. */
const MISSING_PATH: Readonly<Record<NixVersion, { readonly status: (path: string) => string; readonly directory: (path: string) => string }>> = {
  "2.8": { status: (p) => `getting status of '${p}': No such file or directory`, directory: (p) => `opening directory '${p}': No such file or directory` },
  "2.26": { status: (p) => `path '${p}' does not exist`, directory: (p) => `reading directory ${p}: No such file or directory` },
};

/** The error for a path that does not exist (`directory`: while listing it), worded per version. */
export function missingPath(path: string, directory = false): HostError {
  return new HostError("").reword((version) => (directory ? MISSING_PATH[version].directory : MISSING_PATH[version].status)(path));
}
