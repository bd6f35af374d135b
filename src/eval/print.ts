// Prints values as `nix-instantiate --eval` does: `{ a = 1; }`, `[ 1 2 ]`, `<LAMBDA>`,
// `<PRIMOP>`, `<PRIMOP-APP>`, `<CODE>` for unevaluated thunks, `«repeated»` for a set or list
// already printed, strings quoted with Nix's escapes, floats as `%g`. Nix 2.26's other printer
// (trace output) shows functions and thunks its own way: the styles are chosen per version here.

import { showSymbol } from "../parser/print.js";
import type { EvalContext } from "./context.js";
import { formatFloat } from "./format.js";
import { Lambda, NixAttrs, NixFloat, NixPath, NixString, PrimOp, PrimOpApp, Thunk, ThunkState, type Value } from "./value.js";
import { showPosModern } from "../parser/positions.js";
import type { NixVersion } from "../nix-version.js";
import { escapeString, type EscapeOf } from "../escape.js";

/** Quotes a byte string as Nix does (`"`, `\`, newline, CR, tab and `${` escaped). */
export function quoteString(s: string): string {
  return escapeString(s, nixEscape);
}

const nixEscape: EscapeOf = (c, s, i) =>
  c === 34 ? '\\"' : c === 92 ? "\\\\" : c === 10 ? "\\n" : c === 13 ? "\\r" : c === 9 ? "\\t" : c === 36 && s.charCodeAt(i + 1) === 123 ? "\\$" : undefined;

/** `«repeated»` as UTF-8 bytes (printed output is a byte string). */
const REPEATED = "\u00c2\u00abrepeated\u00c2\u00bb";

/** An attribute name as Nix prints it (as a symbol): bare when it is an identifier, quoted
 * otherwise, with every `$` escaped (unlike string values, where only `${` is). */
export function showAttrName(name: string): string {
  return showSymbol(name);
}

/** Nix 2.26's keywords, which it quotes where it prints a name as a symbol (`"let"`); Nix 2.8
 * quotes only `if`. */
const KEYWORDS_2_26 = new Set(["if", "then", "else", "assert", "with", "let", "in", "rec", "inherit"]);

/** An attribute name as each version prints one in messages (`while evaluating attribute 'x'`):
 * Nix 2.26 quotes keywords too, and escapes only `${` in the quoted form, as in strings. */
export const SHOW_ATTR_NAME: Readonly<Record<NixVersion, (name: string) => string>> = {
  "2.8": showSymbol,
  "2.26": (name) => (showSymbol(name) === name && !KEYWORDS_2_26.has(name) ? name : quoteString(name)),
};

/** How a printer shows the values it does not print as Nix code: functions and unforced thunks. */
export interface PrintStyle {
  /** An attribute name (bare, or quoted as a string). */
  attrName(name: string): string;
  thunk(t: Thunk): string;
  lambda(f: Lambda): string;
  primop(p: PrimOp): string;
  primopApp(p: PrimOpApp): string;
}

/** `nix-instantiate --eval`'s style (Nix 2.8 and 2.26), also Nix 2.8's `trace`. */
export const EVAL_STYLE: PrintStyle = {
  attrName: showAttrName,
  thunk: () => "<CODE>",
  lambda: () => "<LAMBDA>",
  primop: () => "<PRIMOP>",
  primopApp: () => "<PRIMOP-APP>",
};

/** `«...»` with the guillemets as UTF-8 bytes. */
const guillemets = (s: string) => `\u00c2\u00ab${s}\u00c2\u00bb`;

/** Nix 2.26's printValue (`trace`): `«thunk»`, `«potential infinite recursion»` for a thunk
 * being evaluated, `«lambda f @ file:1:9»`, `«primop map»`, `«partially applied primop add»`. */
export const MODERN_STYLE: PrintStyle = {
  attrName: SHOW_ATTR_NAME["2.26"],
  thunk: (t) => guillemets(t.state === ThunkState.Blackhole ? "potential infinite recursion" : "thunk"),
  lambda: (f) => guillemets(`lambda ${f.chunk.name ? f.chunk.name + " " : ""}@ ${showPosModern(f.chunk.span)}`),
  primop: (p) => guillemets(`primop ${p.name}`),
  primopApp: (p) => guillemets(`partially applied primop ${p.primop.name}`),
};

/** `nix-instantiate --eval`'s style per version (Nix 2.26 quotes keywords as attribute names). */
export const EVAL_STYLES: Readonly<Record<NixVersion, PrintStyle>> = { "2.8": EVAL_STYLE, "2.26": { ...EVAL_STYLE, attrName: SHOW_ATTR_NAME["2.26"] } };

/** The style `builtins.trace` prints with, per version. */
export const TRACE_STYLE: Readonly<Record<NixVersion, PrintStyle>> = { "2.8": EVAL_STYLE, "2.26": MODERN_STYLE };

/** Options of {@link printValue}. */
export interface PrintOptions {
  /** Force thunks while printing (`--strict`); otherwise they print as `<CODE>` (in the default style). */
  strict: boolean;
  /** How attribute names, functions and unforced thunks look (default: the version's {@link EVAL_STYLES}). */
  style?: PrintStyle;
  /** Elide beyond these (default: print everything). */
  limits?: PrintLimits;
}

/** How much of a value a printer shows before eliding the rest: Nix 2.26 prints the values in
 * its error messages so. Attribute and item counts are totals over the whole value. */
export interface PrintLimits {
  /** Sets and lists nested deeper print as `{ ... }` and `[ ... ]`. */
  readonly depth: number;
  /** Attributes printed in all; then `«N attributes elided»`. */
  readonly attrs: number;
  /** List items printed in all; then `«N items elided»`. */
  readonly items: number;
  /** Bytes of a string printed; then `«N bytes elided»` after the closing quote. */
  readonly stringBytes: number;
}

/** Nix 2.26's limits for values in error messages. */
export const ERROR_PRINT_LIMITS: PrintLimits = { depth: 10, attrs: 10, items: 10, stringBytes: 1024 };

/** Nix 2.26's order of attributes in a limited print: `_type` and `type` first, then bytewise. */
function importantFirst(keys: string[]): string[] {
  const important = keys.filter((k) => k === "_type" || k === "type");
  return important.length === 0 ? keys : [...important, ...keys.filter((k) => k !== "_type" && k !== "type")];
}

/** Prints a value without forcing anything, within `limits`, as Nix 2.26 shows the value an
 * error is about (`expected a list but found a set: { a = «thunk»; }`). */
export function printErrorValue(v: Value, limits: PrintLimits = ERROR_PRINT_LIMITS): string {
  return printValue(undefined, v, { strict: false, style: MODERN_STYLE, limits });
}

/** `«N things elided»`. */
const elided = (n: number, one: string, many: string) => guillemets(`${n} ${n === 1 ? one : many} elided`);

/** Prints a value (forcing as `--strict` does when asked; a context is needed only then). */
export function printValue(ctx: EvalContext | undefined, v: Value, opts: PrintOptions = { strict: true }): string {
  const style = opts.style ?? (ctx ? EVAL_STYLES[ctx.nixVersion] : EVAL_STYLE);
  const limits = opts.limits;
  let attrsLeft = limits?.attrs ?? Infinity;
  let itemsLeft = limits?.items ?? Infinity;
  const seen = new Set<object>();
  const out: string[] = [];
  // An explicit work list keeps deep structures off the JS stack.
  // Attributes and items are visited one by one, so that the totals in `limits` are spent in
  // print order, as Nix spends them: each once its value is printed.
  type Item =
    | { v: Value; top?: boolean; depth: number }
    | { text: string }
    | { spentAttr: boolean }
    | { set: NixAttrs; keys: string[]; i: number; depth: number }
    | { list: Value[]; i: number; depth: number };
  const work: Item[] = [{ v, top: true, depth: 0 }];
  while (work.length > 0) {
    const item = work.pop()!;
    if ("text" in item) {
      out.push(item.text);
      continue;
    }
    if ("spentAttr" in item) {
      if (item.spentAttr) attrsLeft--;
      else itemsLeft--;
      continue;
    }
    if ("set" in item) {
      const { set, keys, i } = item;
      if (i === keys.length) out.push("}");
      else if (attrsLeft <= 0) out.push(`${elided(keys.length - i, "attribute", "attributes")} }`);
      else {
        out.push(`${style.attrName(keys[i]!)} = `);
        work.push({ set, keys, i: i + 1, depth: item.depth }, { spentAttr: true }, { text: "; " }, { v: set.map.get(keys[i]!) as Value, depth: item.depth + 1 });
      }
      continue;
    }
    if ("list" in item) {
      const { list, i } = item;
      if (i === list.length) out.push("]");
      else if (itemsLeft <= 0) out.push(`${elided(list.length - i, "item", "items")} ]`);
      else {
        work.push({ list, i: i + 1, depth: item.depth }, { spentAttr: false }, { text: " " }, { v: list[i]!, depth: item.depth + 1 });
      }
      continue;
    }
    let x = item.v;
    // Nix recognises a list by its element array, which for lists of one or two elements lives
    // inside the value itself: such a list repeats only where the same value slot is reached
    // again (for us, the same thunk, or the same list stored in two containers), not where a
    // copy of it is (the printed value itself, a selected attribute).
    const slot: object | undefined = x instanceof Thunk ? x : item.top || x === null || typeof x !== "object" ? undefined : x;
    if (x instanceof Thunk) {
      if (x.state === ThunkState.Done) x = x.value;
      else if (opts.strict && ctx) x = ctx.force(x);
      else {
        out.push(style.thunk(x));
        continue;
      }
    }
    if (x === null) out.push("null");
    else if (x === true) out.push("true");
    else if (x === false) out.push("false");
    else if (typeof x === "number" || typeof x === "bigint") out.push(String(x));
    else if (typeof x === "string" || x instanceof NixString) {
      const str = typeof x === "string" ? x : x.s;
      const max = limits?.stringBytes ?? Infinity;
      out.push(str.length > max ? `${quoteString(str.slice(0, max))} ${elided(str.length - max, "byte", "bytes")}` : quoteString(str));
    }
    else if (x instanceof NixFloat) out.push(formatFloat(x.value));
    else if (x instanceof NixPath) out.push(x.path);
    else if (x instanceof Lambda) out.push(style.lambda(x));
    else if (x instanceof PrimOp) out.push(style.primop(x));
    else if (x instanceof PrimOpApp) out.push(style.primopApp(x));
    else if (Array.isArray(x)) {
      if (x.length === 0) {
        out.push("[ ]"); // empty lists are never «repeated»
        continue;
      }
      const key: object | undefined = x.length > 2 ? x : slot;
      if (key !== undefined && seen.has(key)) {
        out.push(REPEATED);
        continue;
      }
      if (key !== undefined) seen.add(key);
      if (limits && item.depth >= limits.depth) {
        out.push("[ ... ]");
        continue;
      }
      out.push("[ ");
      work.push({ list: x, i: 0, depth: item.depth });
    } else if (x instanceof NixAttrs) {
      if (x.size === 0) {
        out.push("{ }"); // nor are empty sets
        continue;
      }
      if (seen.has(x.map)) {
        out.push(REPEATED);
        continue;
      }
      seen.add(x.map);
      if (limits && item.depth >= limits.depth) {
        out.push("{ ... }");
        continue;
      }
      out.push("{ ");
      work.push({ set: x, keys: limits ? importantFirst(x.sortedKeys()) : x.sortedKeys(), i: 0, depth: item.depth });
    }
  }
  return out.join("");
}
