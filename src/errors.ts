// The NixError class tree: every failure nixts reports, with a source position and a Nix-style
// trace. Formatting follows Nix 2.8 (`error: MSG`, `at FILE:LINE:COL:`, a code frame).
// No other error type may escape the public API.

import { showType, type Value } from "./eval/value.js";
import { lineColumn, STDIN_SOURCE, STRING_SOURCE, type Source, type Span } from "./parser/ast.js";

/** One `… while evaluating …` line of a trace, with the position it refers to. */
export interface TraceFrame {
  readonly message: string;
  readonly span?: Span;
  /** Frames Nix only records under `--show-trace` (function calls). The others make Nix
   * suggest `--show-trace` when it is off. */
  readonly showTraceOnly?: boolean;
}

/** The hint line: `Did you mean a?` or `Did you mean one of a, b or c?`. Names are coloured
 * as Nix colours them: the codes vanish from the output but, being there when Nix trims line
 * ends, keep a blank before a name that starts with a line break. */
function suggestionLine(names: readonly string[]): string {
  const show = (n: string) => `\x1b[35;1m${n}\x1b[0m`;
  const last = show(names[names.length - 1]!);
  const list = names.length === 1 ? last : `one of ${names.slice(0, -1).map(show).join(", ")} or ${last}`;
  return `Did you mean ${list}?`;
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
  /** Names Nix offers in a `Did you mean ...?` line under the position (nearest first). */
  suggestions?: readonly string[];

  constructor(message: string, span?: Span) {
    super(message);
    this.name = new.target.name;
    this.span = span;
  }

  /** Whether Nix shows a position for this kind of error (it does not for `throw`/`abort`). */
  get hasPosition(): boolean {
    return true;
  }

  /** Adds a trace frame (innermost first). Returns `this` for chaining. */
  addTrace(message: string, span?: Span, showTraceOnly = false): this {
    this.trace.push({ message, span, showTraceOnly });
    return this;
  }

  /** Whether Nix would have recorded a trace without `--show-trace` (it then says so). */
  get hasTrace(): boolean {
    return this.trace.some((f) => !f.showTraceOnly);
  }

  /** Formats the error as Nix 2.8 prints it on stderr (not a terminal). */
  format(options: { showTrace?: boolean } = {}): string {
    let out = `error: ${layoutErrorMessage(this.message)}`;
    // A position block ends with its code lines and a line break, except in a file Nix cannot
    // show (derivation.nix): the next block then follows on the very next line.
    let gap = "\n\n";
    if (this.span && this.hasPosition && !this.positionless) {
      out += "\n\n" + formatPosition(this.span);
      if (this.span.file.virtual) gap = "\n";
    }
    if (this.suggestions?.length) out += "\n       " + suggestionLine(this.suggestions).replace(/\n/g, "\n       ");
    if (options.showTrace) {
      for (const f of this.trace) {
        // "…" as UTF-8 bytes (output is a byte string); later lines of the message are indented
        // like every line of Nix's error text.
        out += `${gap}       \u00e2\u0080\u00a6 ${f.message.replace(/\n/g, "\n       ")}`;
        gap = "\n\n";
        if (f.span) {
          out += "\n\n" + formatPosition(f.span);
          if (f.span.file.virtual) gap = "\n";
        }
      }
    }
    // Nix chomps every line of the whole text (indentation and code lines included).
    out = out.replace(/[ \n\r\t]+$/, "").replace(/[ \r\t]+\n/g, "\n");
    out = filterTerminalText(out) + "\n";
    if (!options.showTrace && this.hasTrace) out += "(use '--show-trace' to show detailed location information)\n";
    return out;
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

/** A multi-line message as Nix lays it out after `error: `: trailing blanks dropped from each
 * line, and every non-empty line after the first indented under the message's first column. */
export function layoutErrorMessage(message: string): string {
  return message
    .split("\n")
    .map((line, i) => {
      const chomped = line.replace(/[ \r\t]+$/, "");
      return i > 0 && chomped !== "" ? "       " + chomped : chomped;
    })
    .join("\n");
}

/**
 * What Nix 2.8 writes for text that is not going to a terminal: ANSI escape sequences removed,
 * carriage returns dropped, and tabs expanded to 8-column stops counted in characters from the
 * start of the whole text (line breaks count as one column, as in Nix's filterANSIEscapes).
 * Text is a byte string (one JS char per byte), UTF-8 encoded.
 */
export function filterTerminalText(s: string): string {
  // eslint-disable-next-line no-control-regex -- control bytes are matched on purpose
  if (!/[\t\r\x1b]/.test(s)) return s;
  let out = "";
  let w = 0;
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === "\x1b") {
      i++;
      if (s[i] === "[") {
        i++;
        while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x3f) i++;
        while (i < s.length && s.charCodeAt(i) >= 0x20 && s.charCodeAt(i) <= 0x2f) i++;
        if (i < s.length && s.charCodeAt(i) >= 0x40 && s.charCodeAt(i) <= 0x7e) i++;
      } else if (i < s.length && s.charCodeAt(i) >= 0x40 && s.charCodeAt(i) <= 0x5f) i++;
    } else if (c === "\t") {
      i++;
      out += " ";
      w++;
      while (w % 8 !== 0) {
        out += " ";
        w++;
      }
    } else if (c === "\r") i++;
    else {
      // One column per character: UTF-8 continuation bytes that follow are copied uncounted.
      out += c;
      i++;
      w++;
      while (i < s.length && (s.charCodeAt(i) & 0xc0) === 0x80) out += s[i++];
    }
  }
  return out;
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
/** The embedder stopped the evaluation (its time budget ran out, or it raised the interrupt
 * flag or aborted its signal): like Nix's `interrupted by the user`, no position, no trace, and
 * `tryEval` cannot catch it. */
export class InterruptedError extends EvalError {
  override get hasPosition(): boolean {
    return false;
  }

  override addTrace(): this {
    return this;
  }
}
/** A thunk was forced while it was being evaluated. */
export class InfiniteRecursionError extends EvalError {}
/** A missing attribute, undefined `with` variable, ... */
export class MissingAttrError extends EvalError {}
/** Evaluation went deeper than the configured limit. */
/** Nix 2.8 meets a stack overflow in its signal handler, which prints the bare message and exits:
 * no position, no trace (not even with `--show-trace`), and `tryEval` cannot catch it. */
export class StackOverflowError extends EvalError {
  constructor(message = "stack overflow (possible infinite recursion)") {
    super(message);
  }

  override get hasPosition(): boolean {
    return false;
  }

  override addTrace(): this {
    return this;
  }
}
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

/** Nix's `at FILE:LINE:COL:` line and a code frame (the line before, the line, a caret, the
 * line after), laid out as Nix 2.8 prints them. */
export function formatPosition(span: Span): string {
  const { line, column } = lineColumn(span.file, span.start);
  const gutter = (n: number) => `        ${String(n).padStart(5, " ")}| `;
  let out = `       at ${span.file.name}:${line}:${column}:`;
  const code = codeLines(span.file, line);
  if (code === undefined) return out;
  out += "\n";
  if (code.prev !== undefined) out += `\n${gutter(line - 1)}${code.prev}`;
  out += `\n${gutter(line)}${code.line}`;
  out += `\n             | ${" ".repeat(column - 1)}^`;
  if (code.next !== undefined) out += `\n${gutter(line + 1)}${code.next}`;
  return out;
}

/**
 * The lines Nix 2.8 shows around line `n`, or none. Nix counts `\r` as a line break when it
 * positions an error but splits only at `\n` when it fetches the lines. A file is read again
 * line by line, and a last line without a line break is never returned (no frame at all if that
 * is the error's line); `-E` and stdin text is split with getline, whose last piece counts.
 */
function codeLines(src: Source, n: number): { prev?: string; line: string; next?: string } | undefined {
  if (src.virtual || n <= 0) return undefined;
  const pieces = src.text.split("\n");
  const isText = src.name === STRING_SOURCE || src.name === STDIN_SOURCE;
  // Lines available: for files, only those ended by a line break.
  const available = isText ? pieces.length : pieces.length - 1;
  if (n > available) return undefined;
  return {
    prev: n >= 2 ? pieces[n - 2] : undefined,
    line: pieces[n - 1]!,
    next: n + 1 <= available ? pieces[n] : undefined,
  };
}

/** Typed error helpers shared with builtins. */
export function typeError(expected: string, v: Value): NixTypeError {
  return new NixTypeError(`value is ${showType(v)} while ${expected} was expected`);
}
