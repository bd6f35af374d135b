// Prints an expression exactly as `nix-instantiate --parse` does, in the layout of the version
// followed: desugared operators, sets sorted by name, strings escaped like Nix's printString,
// floats like C++ ostream (%g); Nix 2.26 also sorts formals and `let`, groups `inherit`s, and
// quotes keywords. Also provides the symbol/attribute-path formatting of parse error messages.

import type { AttrDef, AttrName, Expr, InheritSource } from "./ast.js";
import { escapeString, type EscapeOf } from "../escape.js";
// Only the type: nix-version.ts depends on errors.ts, which prints values with this module.
import type { NixVersion } from "../nix-version.js";

/** Nix 2.8's printString: a double-quoted literal escaping `"`, `\`, `$`, newline, CR and tab. */
export function showString(s: string): string {
  return escapeString(s, printStringEscape);
}

const printStringEscape: EscapeOf = (c) =>
  c === 34 ? '\\"' : c === 92 ? "\\\\" : c === 36 ? "\\$" : c === 10 ? "\\n" : c === 13 ? "\\r" : c === 9 ? "\\t" : undefined;

/** Nix 2.26's printString: `$` is escaped only before `{`. */
function showString226(s: string): string {
  return escapeString(s, printStringEscape226);
}

const printStringEscape226: EscapeOf = (c, s, i) =>
  c === 36 ? (s.charCodeAt(i + 1) === 123 ? "\\$" : undefined) : printStringEscape(c, s, i);

/** Whether a name reads as an identifier: `[a-zA-Z_][a-zA-Z0-9_'-]*`. */
function isIdentifier(s: string): boolean {
  if (s === "") return false;
  const c0 = s.charCodeAt(0);
  if (!((c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90) || c0 === 95)) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 39 || c === 45)) return false;
  }
  return true;
}

/** How Nix 2.8 prints a symbol: bare if it looks like an identifier (and is not `if`), else quoted. */
export function showSymbol(s: string): string {
  return s !== "if" && isIdentifier(s) ? s : showString(s);
}

/** Keywords, which Nix 2.26 quotes as symbols (`or` it does not). */
const KEYWORDS_2_26 = new Set(["if", "then", "else", "assert", "with", "let", "in", "rec", "inherit"]);

/** How Nix 2.26 prints a symbol: bare if it is an identifier and no keyword, else quoted (`$`
 * escaped only before `{`). */
function showSymbol226(s: string): string {
  return isIdentifier(s) && !KEYWORDS_2_26.has(s) ? s : showString226(s);
}

/** How each version prints a symbol in `--parse` output and parse error messages. */
export const SYMBOL_PRINTERS: Readonly<Record<NixVersion, (name: string) => string>> = { "2.8": showSymbol, "2.26": showSymbol226 };

/** An attribute path as Nix shows it (`a.b."${expr}"`), in the layout of `version` (default 2.8's). */
export function showAttrPath(path: readonly AttrName[], version: NixVersion = "2.8"): string {
  const symbol = SYMBOL_PRINTERS[version];
  return path.map((a) => ("name" in a ? symbol(a.name) : `"\${${printExpr(a.expr, { nixVersion: version })}}"`)).join(".");
}

/** Pushes the pieces of an attribute path: names, and the expressions of dynamic ones. */
function pushAttrPath(path: readonly AttrName[], seq: Piece[], symbol: (name: string) => string): void {
  path.forEach((a, i) => {
    if (i) seq.push(".");
    if ("name" in a) seq.push(symbol(a.name));
    else {
      seq.push('"${');
      seq.push(a.expr);
      seq.push('}"');
    }
  });
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
  /** Nix 2.8's symbol order (see src/eval/symbols.ts), in which it prints lambda formals and
   * `let` bindings; without it they come out in source order. Nix 2.26 sorts them by name. */
  rank?: (name: string) => number;
  /** The version whose layout to print (default Nix 2.8's). */
  nixVersion?: NixVersion;
}

/** What differs between the versions' printers. */
interface PrintStyle {
  readonly symbol: (name: string) => string;
  readonly string: (s: string) => string;
  /** Formals and `let` bindings sorted by name (else in symbol order, if given). */
  readonly sortsByName: boolean;
  /** `inherit a b; inherit (e) c d;` before the other bindings (else each inherited attribute
   * on its own: `inherit a ;` in a set, `inherit a;` in a `let`, `c = (e).c;`). */
  readonly groupsInherits: boolean;
}

const PRINT_STYLES: Readonly<Record<NixVersion, PrintStyle>> = {
  "2.8": { symbol: showSymbol, string: showString, sortsByName: false, groupsInherits: false },
  "2.26": { symbol: showSymbol226, string: showString226, sortsByName: true, groupsInherits: true },
};

/** Prints an expression as `nix-instantiate --parse` does. */
export function printExpr(expr: Expr, options: PrintExprOptions = {}): string {
  const style = PRINT_STYLES[options.nixVersion ?? "2.8"];
  const out = new Output(style.sortsByName ? undefined : options.rank, style);
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
  constructor(
    readonly rank: ((name: string) => number) | undefined,
    readonly style: PrintStyle,
  ) {}
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
    expand(x, seq, o);
    // Leading strings are next in the output anyway; the rest waits on the stack.
    let k = 0;
    while (k < seq.length && typeof seq[k] === "string") o.push(seq[k++] as string);
    for (let i = seq.length - 1; i >= k; i--) work.push(seq[i]!);
  }
}

/**
 * Nix 2.26's bindings of a set or `let`: `inherit a b; ` (sorted), then `inherit (e) c d; ` per
 * source in source order (one with no names not at all), then the others sorted by name.
 */
function groupedBindings(attrs: readonly AttrDef[], sources: readonly InheritSource[] | undefined, seq: Piece[], style: PrintStyle): void {
  const sorted = sortedByName(attrs);
  const plain = sorted.filter((a) => a.inherited);
  if (plain.length) seq.push(`inherit ${plain.map((a) => style.symbol(a.name)).join(" ")}; `);
  for (const src of sources ?? []) {
    const names = sorted.filter((a) => a.source === src);
    if (names.length === 0) continue;
    seq.push("inherit (");
    seq.push(src.expr);
    seq.push(`) ${names.map((a) => style.symbol(a.name)).join(" ")}; `);
  }
  for (const a of sorted) {
    if (a.inherited || a.source) continue;
    seq.push(style.symbol(a.name), " = ");
    seq.push(a.value);
    seq.push("; ");
  }
}

/** The pieces `e` prints as, in order: strings and the subexpressions between them. */
function expand(e: Expr, seq: Piece[], o: Output): void {
  const { rank, style } = o;
  const showSymbol = style.symbol;
  const showString = style.string;
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
      seq.push(").");
      pushAttrPath(e.path, seq, showSymbol);
      if (e.default) {
        seq.push(" or (");
        seq.push(e.default);
        seq.push(")");
      }
      return;
    case "HasAttr":
      seq.push("((");
      seq.push(e.expr);
      seq.push(") ? ");
      pushAttrPath(e.path, seq, showSymbol);
      seq.push(")");
      return;
    case "Attrs": {
      if (e.rec) seq.push("rec ");
      seq.push("{ ");
      if (style.groupsInherits) groupedBindings(e.attrs, e.inheritFrom, seq, style);
      else
        for (const a of sortedByName(e.attrs)) {
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
        (style.sortsByName ? sortedByName(e.formals.entries) : inSymbolOrder(e.formals.entries, rank)).forEach((f, i) => {
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
      if (style.groupsInherits) groupedBindings(e.attrs, e.inheritFrom, seq, style);
      else
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
