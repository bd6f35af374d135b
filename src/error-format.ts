// How each Nix version lays out an error on stderr (not a terminal): Nix 2.8's `error: MSG`, a
// blank line, `at FILE:LINE:COL:`, a blank line, the code frame, then (under --show-trace) each
// trace frame, innermost first; Nix 2.26's frames first, outermost first, each `… MSG` with its
// position and code, then `error: MSG` and its own, with no blank line inside a block.

import { lineColumn, lineText, STDIN_SOURCE, STRING_SOURCE, type Source, type Span } from "./parser/ast.js";
import type { NixVersion } from "./nix-version.js";
import type { NixError, TraceFrame } from "./errors.js";

/** The hint line: `Did you mean a?` or `Did you mean one of a, b or c?`. Names are coloured
 * as Nix colours them: the codes vanish from the output but, being there when Nix trims line
 * ends, keep a blank before a name that starts with a line break. */
function suggestionLine(names: readonly string[]): string {
  const show = (n: string) => `\x1b[35;1m${n}\x1b[0m`;
  const last = show(names[names.length - 1]!);
  const list = names.length === 1 ? last : `one of ${names.slice(0, -1).map(show).join(", ")} or ${last}`;
  return `Did you mean ${list}?`;
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

/**
 * A position and its code frame: `at FILE:LINE:COL:`, then up to three lines of code with the
 * column marked (Nix 2.8 puts a blank line before the code; Nix 2.26 does not, indents a trace
 * frame's `at` two more columns, and takes the lines as `modern` says: see {@link codeLines}).
 */
export function formatPosition(span: Span, indent = "       ", blankLine = true, modern = false): string {
  const { line, column } = lineColumn(span.file, span.start);
  const gutter = (n: number) => `        ${String(n).padStart(5, " ")}| `;
  let out = `${indent}at ${span.file.name}:${line}:${column}:`;
  const code = modern ? codeLines226(span.file, line) : codeLines(span.file, line);
  if (code === undefined) return out;
  if (blankLine) out += "\n";
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


/** The lines Nix 2.26 shows around line `n`: it splits every source's text where it counts
 * lines (at `\n`, `\r\n` and a lone `\r`), and the piece after the last break counts. */
function codeLines226(src: Source, n: number): { prev?: string; line: string; next?: string } | undefined {
  if (src.virtual) return undefined;
  const line = lineText(src, n);
  if (line === undefined) return undefined;
  return { prev: n >= 2 ? lineText(src, n - 1) : undefined, line, next: lineText(src, n + 1) };
}

/** `…` as UTF-8 bytes (output is a byte string). */
const ELLIPSIS = "\u00e2\u0080\u00a6";

/** Nix chomps every line of the whole text (indentation and code lines included) and filters it. */
function finish(out: string): string {
  return filterTerminalText(out.replace(/[ \n\r\t]+$/, "").replace(/[ \r\t]+\n/g, "\n")) + "\n";
}

/** Nix 2.8's layout. */
function formatError28(e: NixError, showTrace: boolean): string {
  let out = `error: ${layoutErrorMessage(e.message)}`;
  // A position block ends with its code lines and a line break, except in a file Nix cannot
  // show (derivation.nix): the next block then follows on the very next line.
  let gap = "\n\n";
  if (e.span && e.hasPosition && !e.positionless) {
    out += "\n\n" + formatPosition(e.span);
    if (e.span.file.virtual) gap = "\n";
  }
  if (e.suggestions?.length) out += "\n       " + suggestionLine(e.suggestions).replace(/\n/g, "\n       ");
  if (showTrace) {
    for (const f of e.trace) {
      // Later lines of the message are indented like every line of Nix's error text.
      out += `${gap}       ${ELLIPSIS} ${f.message.replace(/\n/g, "\n       ")}`;
      gap = "\n\n";
      if (f.span) {
        out += "\n\n" + formatPosition(f.span);
        if (f.span.file.virtual) gap = "\n";
      }
    }
  }
  out = finish(out);
  if (!showTrace && e.hasTrace) out += "(use '--show-trace' to show detailed location information)\n";
  return out;
}

/** A frame once printed, Nix 2.26 folds its repeats: up to this many are printed again, more
 * become one `(N duplicate frames omitted)` line (the others count toward the budget below). */
const MAX_REPEATS_SHOWN = 5;
/** Without --show-trace, Nix 2.26 stops printing frames (but addErrorContext's) once this much
 * has been shown, a frame with a position counting 2 and one without 1. */
const UNTRACED_BUDGET = 4;

/** Nix 2.26's layout: trace frames (all under --show-trace, else those not about function calls)
 * outermost first, repeats folded, truncated without --show-trace, then the error itself. */
function formatError226(e: NixError, showTrace: boolean): string {
  const frames = e.trace.filter((f) => showTrace || !f.showTraceOnly).reverse();
  let main = layoutErrorMessage(e.message);
  if (e.span && e.hasPosition && !e.positionless) main += "\n" + formatPosition(e.span, "       ", false, true);
  if (e.suggestions?.length) main += "\n       " + suggestionLine(e.suggestions).replace(/\n/g, "\n       ");
  if (frames.length === 0) return finish(`error: ${main}`);
  let out = "error:";
  let shown = 0;
  const print = (f: TraceFrame) => {
    shown += f.span ? 2 : 1;
    out += `\n       ${ELLIPSIS} ${f.message.replace(/\n/g, "\n       ")}`;
    if (f.span) out += "\n" + formatPosition(f.span, "         ", false, true);
    out += "\n";
  };
  const seen = new Set<string>();
  let repeats: TraceFrame[] = [];
  const flushRepeats = () => {
    if (repeats.length > MAX_REPEATS_SHOWN) {
      // Frames seen before a fold still count as repeats after it (as Nix 2.26 prints them).
      out += `\n       (${repeats.length} duplicate frames omitted)\n`;
    } else repeats.forEach(print);
    repeats = [];
  };
  let truncated = false;
  for (const f of frames) {
    if (f.message === "") continue;
    if (!showTrace && shown >= UNTRACED_BUDGET) truncated = true;
    if (truncated && !f.always) continue;
    const at = f.span && lineColumn(f.span.file, f.span.start);
    const key = `${f.span && at ? `${f.span.file.name}:${at.line}:${at.column}` : ""}\0${f.message}`;
    if (seen.has(key)) {
      repeats.push(f);
      continue;
    }
    seen.add(key);
    flushRepeats();
    print(f);
  }
  flushRepeats();
  if (truncated) out += "\n       (stack trace truncated; use '--show-trace' to show the full, detailed trace)\n";
  return finish(`${out}\n       error: ${main}`);
}

/** The layout of each version. */
export const ERROR_LAYOUT: Readonly<Record<NixVersion, (e: NixError, showTrace: boolean) => string>> = {
  "2.8": formatError28,
  "2.26": formatError226,
};
