// Prints an expression exactly as `nix-instantiate --parse` (Nix 2.8) does: desugared operators,
// sets sorted by name, strings escaped like Nix's printString, floats like C++ ostream (%g).
// Also provides the symbol/attribute-path formatting Nix uses inside parse error messages.

import type { AttrName, Expr } from "./ast.js";
import { escapeString, type EscapeOf } from "../escape.js";

/** Nix's printString: a double-quoted literal escaping `"`, `\`, `$`, newline, CR and tab. */
export function showString(s: string): string {
  return escapeString(s, printStringEscape);
}

const printStringEscape: EscapeOf = (c) =>
  c === 34 ? '\\"' : c === 92 ? "\\\\" : c === 36 ? "\\$" : c === 10 ? "\\n" : c === 13 ? "\\r" : c === 9 ? "\\t" : undefined;

/** How Nix 2.8 prints a symbol: bare if it looks like an identifier (and is not `if`), else quoted. */
export function showSymbol(s: string): string {
  if (s === "") return '""';
  if (s === "if") return '"if"';
  const c0 = s.charCodeAt(0);
  if (!((c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90) || c0 === 95)) return showString(s);
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 39 || c === 45))
      return showString(s);
  }
  return s;
}

/** An attribute path as Nix shows it: `a.b."${expr}"`. */
export function showAttrPath(path: readonly AttrName[]): string {
  return path.map((a) => ("name" in a ? showSymbol(a.name) : `"\${${printExpr(a.expr)}}"`)).join(".");
}

const NAN_BITS = new Float64Array(1);
const NAN_BYTES = new Uint8Array(NAN_BITS.buffer);

/** `nan` or `-nan` as C prints a NaN: by its sign bit (x86's invalid operations, such as
 * `inf - inf`, make a negative one; JS keeps the bits through arithmetic as the CPU does). */
export function showNaN(v: number): string {
  NAN_BITS[0] = v;
  return NAN_BYTES[7]! & 0x80 ? "-nan" : "nan";
}

/** Formats a double as C++'s `ostream << double` does (like `%g`, 6 significant digits). */
export function showFloat(v: number): string {
  if (Number.isNaN(v)) return showNaN(v);
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const exp = v.toExponential(5);
  const ePos = exp.indexOf("e");
  const x = Number(exp.slice(ePos + 1));
  const strip = (m: string) => (m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m);
  if (x < -4 || x >= 6) {
    const mant = strip(exp.slice(0, ePos));
    const ax = Math.abs(x);
    return `${mant}e${x < 0 ? "-" : "+"}${ax < 10 ? "0" : ""}${ax}`;
  }
  return strip(v.toFixed(5 - x));
}

const SIMPLE_OPS: Record<string, true> = { "==": true, "!=": true, "&&": true, "||": true, "->": true, "//": true, "++": true, "+": true };

/** Options of {@link printExpr}. */
export interface PrintExprOptions {
  /** Nix's symbol order (see src/eval/symbols.ts), in which Nix prints lambda formals and `let`
   * bindings; without it they come out in source order. */
  rank?: (name: string) => number;
}

/** Prints an expression as `nix-instantiate --parse` does. */
export function printExpr(expr: Expr, options: PrintExprOptions = {}): string {
  const out = new Output(options.rank);
  show(expr, out);
  return out.finish();
}

/** `xs` ordered by the rank of their names, when there is a rank (as given otherwise). */
export function inSymbolOrder<T extends { name: string }>(xs: readonly T[], rank: ((name: string) => number) | undefined): readonly T[] {
  return rank === undefined || xs.length < 2 ? xs : [...xs].sort((a, b) => rank(a.name) - rank(b.name));
}

/** Collects output pieces and joins them a few thousand at a time: each join makes one flat
 * string, where appending piece by piece would build a rope of millions of cells to flatten. */
class Output {
  constructor(readonly rank?: (name: string) => number) {}
  private readonly chunks: string[] = [];
  private parts: string[] = [];
  push(a: string, b?: string, c?: string): void {
    const parts = this.parts;
    parts.push(a);
    if (b !== undefined) parts.push(b);
    if (c !== undefined) parts.push(c);
    if (parts.length >= 8192) {
      this.chunks.push(parts.join(""));
      this.parts = [];
    }
  }
  finish(): string {
    this.chunks.push(this.parts.join(""));
    this.parts = [];
    return this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join("");
  }
}

/** Bytewise order of attribute names. */
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** `xs` sorted by name (itself when it already is). */
function sortedByName<T extends { name: string }>(xs: readonly T[]): readonly T[] {
  for (let i = 1; i < xs.length; i++) if (!(xs[i - 1]!.name < xs[i]!.name)) return [...xs].sort(byName);
  return xs;
}

/** Pieces of output, and expressions to print in their place. */
type Piece = string | Expr;

/**
 * Prints `root` into `o` with an explicit stack of pieces instead of JS recursion, so that an
 * expression as deep as the parser accepts (a chain of 100,000 operations) prints as Nix prints it.
 */
function show(root: Expr, o: Output): void {
  const work: Piece[] = [root];
  const seq: Piece[] = [];
  while (work.length > 0) {
    const x = work.pop()!;
    if (typeof x === "string") {
      o.push(x);
      continue;
    }
    seq.length = 0;
    expand(x, seq, o.rank);
    // Leading strings are next in the output anyway; the rest waits on the stack.
    let k = 0;
    while (k < seq.length && typeof seq[k] === "string") o.push(seq[k++] as string);
    for (let i = seq.length - 1; i >= k; i--) work.push(seq[i]!);
  }
}

/** The pieces `e` prints as, in order: strings and the subexpressions between them. */
function expand(e: Expr, seq: Piece[], rank: ((name: string) => number) | undefined): void {
  switch (e.kind) {
    case "Int":
      seq.push(String(e.value));
      return;
    case "Float":
      seq.push(showFloat(e.value));
      return;
    case "String":
      seq.push(showString(e.value));
      return;
    case "Path":
      seq.push(e.value);
      return;
    case "SearchPath":
      seq.push(`(__findFile __nixPath ${showString(e.name)})`);
      return;
    case "Var":
      seq.push(e.name);
      return;
    case "CurPos":
      seq.push("__curPos");
      return;
    case "Interpolation":
    case "PathInterpolation":
      seq.push("(");
      e.parts.forEach((p, i) => {
        if (i) seq.push(" + ");
        seq.push(p);
      });
      seq.push(")");
      return;
    case "Select":
      seq.push("(");
      seq.push(e.expr);
      seq.push(").", showAttrPath(e.path));
      if (e.default) {
        seq.push(" or (");
        seq.push(e.default);
        seq.push(")");
      }
      return;
    case "HasAttr":
      seq.push("((");
      seq.push(e.expr);
      seq.push(") ? ", showAttrPath(e.path), ")");
      return;
    case "Attrs": {
      if (e.rec) seq.push("rec ");
      seq.push("{ ");
      const sorted = sortedByName(e.attrs);
      for (const a of sorted) {
        if (a.inherited) seq.push("inherit ", showSymbol(a.name), " ; ");
        else {
          seq.push(showSymbol(a.name), " = ");
          seq.push(a.value);
          seq.push("; ");
        }
      }
      for (const d of e.dynamic) {
        seq.push('"${');
        seq.push(d.nameExpr);
        seq.push('}" = ');
        seq.push(d.value);
        seq.push("; ");
      }
      seq.push("}");
      return;
    }
    case "List":
      seq.push("[ ");
      for (const x of e.elems) {
        seq.push("(");
        seq.push(x);
        seq.push(") ");
      }
      seq.push("]");
      return;
    case "Lambda":
      seq.push("(");
      if (e.formals) {
        seq.push("{ ");
        inSymbolOrder(e.formals.entries, rank).forEach((f, i) => {
          if (i) seq.push(", ");
          seq.push(showSymbol(f.name));
          if (f.default) {
            seq.push(" ? ");
            seq.push(f.default);
          }
        });
        if (e.formals.ellipsis) seq.push(e.formals.entries.length ? ", ..." : "...");
        seq.push(" }");
        if (e.arg !== undefined) seq.push(" @ ", showSymbol(e.arg));
      } else seq.push(showSymbol(e.arg!));
      seq.push(": ");
      seq.push(e.body);
      seq.push(")");
      return;
    case "Call":
      seq.push("(");
      seq.push(e.fn);
      for (const a of e.args) {
        seq.push(" ");
        seq.push(a);
      }
      seq.push(")");
      return;
    case "Let":
      seq.push("(let ");
      for (const a of inSymbolOrder(e.attrs, rank)) {
        if (a.inherited) seq.push("inherit ", showSymbol(a.name), "; ");
        else {
          seq.push(showSymbol(a.name), " = ");
          seq.push(a.value);
          seq.push("; ");
        }
      }
      seq.push("in ");
      seq.push(e.body);
      seq.push(")");
      return;
    case "With":
      seq.push("(with ");
      seq.push(e.attrs);
      seq.push("; ");
      seq.push(e.body);
      seq.push(")");
      return;
    case "If":
      seq.push("(if ");
      seq.push(e.cond);
      seq.push(" then ");
      seq.push(e.then);
      seq.push(" else ");
      seq.push(e.else);
      seq.push(")");
      return;
    case "Assert":
      seq.push("assert ");
      seq.push(e.cond);
      seq.push("; ");
      seq.push(e.body);
      return;
    case "Not":
      seq.push("(! ");
      seq.push(e.expr);
      seq.push(")");
      return;
    case "Negate":
      seq.push("(__sub 0 ");
      seq.push(e.expr);
      seq.push(")");
      return;
    case "Binary": {
      const op = e.op;
      if (SIMPLE_OPS[op]) {
        seq.push("(");
        seq.push(e.left);
        seq.push(` ${op} `);
        seq.push(e.right);
        seq.push(")");
        return;
      }
      let a = e.left;
      let b = e.right;
      let name: string;
      let not = false;
      switch (op) {
        case "-": name = "__sub"; break;
        case "*": name = "__mul"; break;
        case "/": name = "__div"; break;
        case "<": name = "__lessThan"; break;
        case ">": name = "__lessThan"; [a, b] = [b, a]; break;
        case "<=": name = "__lessThan"; [a, b] = [b, a]; not = true; break;
        default: name = "__lessThan"; not = true; break; // ">="
      }
      if (not) seq.push("(! ");
      seq.push(`(${name} `);
      seq.push(a);
      seq.push(" ");
      seq.push(b);
      seq.push(")");
      if (not) seq.push(")");
      return;
    }
  }
}
