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

/** How a printer shows the values it does not print as Nix code: functions and unforced thunks. */
export interface PrintStyle {
  thunk(t: Thunk): string;
  lambda(f: Lambda): string;
  primop(p: PrimOp): string;
  primopApp(p: PrimOpApp): string;
}

/** `nix-instantiate --eval`'s style (Nix 2.8 and 2.26), also Nix 2.8's `trace`. */
export const EVAL_STYLE: PrintStyle = {
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
  thunk: (t) => guillemets(t.state === ThunkState.Blackhole ? "potential infinite recursion" : "thunk"),
  lambda: (f) => guillemets(`lambda ${f.chunk.name ? f.chunk.name + " " : ""}@ ${showPosModern(f.chunk.span)}`),
  primop: (p) => guillemets(`primop ${p.name}`),
  primopApp: (p) => guillemets(`partially applied primop ${p.primop.name}`),
};

/** The style `builtins.trace` prints with, per version. */
export const TRACE_STYLE: Readonly<Record<NixVersion, PrintStyle>> = { "2.8": EVAL_STYLE, "2.26": MODERN_STYLE };

/** Options of {@link printValue}. */
export interface PrintOptions {
  /** Force thunks while printing (`--strict`); otherwise they print as `<CODE>` (in the default style). */
  strict: boolean;
  /** How functions and unforced thunks look (default {@link EVAL_STYLE}). */
  style?: PrintStyle;
}

/** Prints a value (forcing as `--strict` does when asked). */
export function printValue(ctx: EvalContext, v: Value, opts: PrintOptions = { strict: true }): string {
  const style = opts.style ?? EVAL_STYLE;
  const seen = new Set<object>();
  const out: string[] = [];
  // An explicit work list keeps deep structures off the JS stack.
  type Item = { v: Value; top?: boolean } | { text: string };
  const work: Item[] = [{ v, top: true }];
  while (work.length > 0) {
    const item = work.pop()!;
    if ("text" in item) {
      out.push(item.text);
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
      else if (opts.strict) x = ctx.force(x);
      else {
        out.push(style.thunk(x));
        continue;
      }
    }
    if (x === null) out.push("null");
    else if (x === true) out.push("true");
    else if (x === false) out.push("false");
    else if (typeof x === "number" || typeof x === "bigint") out.push(String(x));
    else if (typeof x === "string") out.push(quoteString(x));
    else if (x instanceof NixString) out.push(quoteString(x.s));
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
      const items: Item[] = [{ text: "[ " }];
      for (const e of x) items.push({ v: e }, { text: " " });
      items.push({ text: "]" });
      for (let i = items.length - 1; i >= 0; i--) work.push(items[i]!);
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
      const items: Item[] = [{ text: "{ " }];
      for (const k of x.sortedKeys()) items.push({ text: `${showAttrName(k)} = ` }, { v: (x.map.get(k) as Value) }, { text: "; " });
      items.push({ text: "}" });
      for (let i = items.length - 1; i >= 0; i--) work.push(items[i]!);
    }
  }
  return out.join("");
}
