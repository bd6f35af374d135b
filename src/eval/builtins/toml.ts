// `builtins.fromTOML` on top of smol-toml, as each version has it: Nix 2.8 saturates integers to
// the signed 64-bit range and rejects dates; Nix 2.26 rejects out-of-range integers (toml11's
// message, at the number), NUL bytes in keys and strings, and dates unless the
// `parse-toml-timestamps` feature keeps them as `{ _type = "timestamp"; value = "..."; }`.
// TOML text is UTF-8: the byte string is decoded for the parser and strings are re-encoded.

import { parse, TomlDate } from "smol-toml";
import { EvalError } from "../../errors.js";
import type { NixVersion } from "../../nix-version.js";
import type { EvalContext } from "../context.js";
import { NixFloat, normInt, type Value } from "../value.js";
import { nulByteError } from "./json-parse.js";
import { forceStringNoContext } from "./string-context.js";
import { scanTomlValues, type TomlToken } from "./toml-scan.js";
import type { BuiltinDef } from "./types.js";

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** What each version's `fromTOML` does with what a Nix value cannot hold. Nix 2.26 meets a
 * table's keys last-defined first (toml11 keeps them in an unordered map), which decides which
 * of several failures it reports. */
const TOML_RULES: Readonly<
  Record<NixVersion, { readonly prefix: string; readonly strict: boolean; readonly timestampFeature: boolean; readonly lastKeyFirst: boolean }>
> = {
  "2.8": { prefix: "while parsing a TOML string: ", strict: false, timestampFeature: false, lastKeyFirst: false },
  "2.26": { prefix: "while parsing TOML: ", strict: true, timestampFeature: true, lastKeyFirst: true },
};

/** Decodes a byte string as UTF-8 into a JS string. */
function decodeUtf8(bytes: string): string {
  const buf = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) buf[i] = bytes.charCodeAt(i);
  return new TextDecoder().decode(buf);
}

/** Encodes a JS string as UTF-8, one JS char per byte. */
function encodeUtf8(s: string): string {
  // Pure ASCII is already its own encoding.
  // eslint-disable-next-line no-control-regex -- control bytes are matched on purpose
  if (!/[^\x00-\x7f]/.test(s)) return s;
  let out = "";
  for (const b of new TextEncoder().encode(s)) out += String.fromCharCode(b);
  return out;
}

/** How toml11 (Nix 2.26) reports an integer out of the signed 64-bit range: the line around
 * the end of the number, once more for each array around it. */
function integerOverflow(tok: TomlToken, lines: readonly string[]): string | undefined {
  const body = tok.text.replace(/^[+-]/, "").replace(/_/g, "");
  const radix = body.startsWith("0x") ? 16 : body.startsWith("0o") ? 8 : body.startsWith("0b") ? 2 : 10;
  const digits = radix === 10 ? body : body.slice(2);
  const n = [...digits].reduce((acc, d) => acc * BigInt(radix) + BigInt(parseInt(d, radix)), 0n) * (tok.text.startsWith("-") ? -1n : 1n);
  if (n <= INT64_MAX && n >= INT64_MIN) return undefined;
  const what = radix === 16 ? "hex" : radix === 8 ? "oct" : radix === 2 ? "bin" : "dec";
  const limit = radix === 10 ? "current max digits = 2^63" : "current max value = 2^63";
  const line = lines[tok.line - 1] ?? "";
  const caret = tok.endColumn;
  const from = Math.max(0, caret - 30);
  let shown = (from > 0 ? "... " : "") + line.slice(from, caret + 30);
  if (line.length > caret + 30) shown += " ...";
  const col = caret - from + (from > 0 ? 4 : 0);
  const num = String(tok.line);
  const gutter = " ".repeat(num.length + 2);
  const one = `[error] toml::parse_${what}_integer: too large integer: ${limit}\n --> fromTOML\n${gutter}|\n ${num} | ${shown}\n${gutter}| ${" ".repeat(col)}^-- must be < 2^63\n`;
  return one.repeat(tok.arrayDepth + 1);
}

/** A timestamp's text as Nix 2.26 (toml11) writes it back: as written, but for at most nine
 * digits of fraction and a `Z` for a zero or `z` offset. */
function timestampText(raw: string): string {
  const m = /^(.*?:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/.exec(raw);
  if (!m) return raw;
  const offset = m[3] === undefined ? "" : /^([Zz]|[+-]00:00)$/.test(m[3]) ? "Z" : m[3];
  return m[1]! + (m[2] ?? "").slice(0, 10) + offset;
}

/** A TOML table or array being converted on the explicit stack, with its entries so far. */
class OpenTable {
  next = 0;
  readonly out: Array<[string, Value]> | Value[] = [];
  constructor(
    readonly keys: readonly string[],
    readonly src: Record<string, unknown> | unknown[],
    readonly list: boolean,
  ) {}
}

/**
 * Parses TOML text (a byte string) as `builtins.fromTOML` does in `ctx.nixVersion`. Parse
 * errors carry smol-toml's first message line after Nix's prefix.
 */
export function parseTOML(ctx: EvalContext, text: string): Value {
  const rules = TOML_RULES[ctx.nixVersion];
  const fail = (message: string) => new EvalError(rules.prefix + message);
  const keepTimestamps = rules.timestampFeature && ctx.experimentalFeatures.has("parse-toml-timestamps");
  const decoded = decodeUtf8(text);
  const tokens = rules.strict ? scanTomlValues(decoded) : [];
  if (rules.strict) {
    // toml11 fails on an out-of-range integer as it parses, before anything else is looked at.
    const lines = decoded.split("\n");
    for (const t of tokens) {
      const overflow = t.kind === "integer" ? integerOverflow(t, lines) : undefined;
      // Nix prints toml11's report highlighted: the colour reset after its final line break keeps
      // that line (indented, empty) when the message is chomped; printing then drops the reset.
      if (overflow !== undefined) throw fail(overflow + "\x1b[0m");
    }
  }
  let doc: unknown;
  try {
    // `true` rather than "asNeeded": then `1` (bigint) and `1.0` (number) stay distinguishable.
    doc = parse(decoded, { integersAsBigInt: true });
  } catch (e) {
    throw fail(String((e as Error).message ?? e).split("\n")[0]!);
  }
  // Timestamps keep their text: parse again with each one written as a marked string.
  const stamps = new Map<string, string>();
  if (keepTimestamps) doc = withTimestampTexts(decoded, doc, tokens, stamps);
  const str = (s: string): string => {
    const bytes = encodeUtf8(s);
    if (rules.strict && bytes.includes("\0")) throw fail("error: " + nulByteError(bytes).message);
    return bytes;
  };
  const scalar = (v: unknown): Value | OpenTable => {
    switch (typeof v) {
      case "string": {
        const stamp = stamps.get(v);
        return stamp !== undefined ? ctx.makeAttrs([["_type", "timestamp"], ["value", stamp]]) : str(v);
      }
      case "boolean":
        return v;
      case "bigint":
        return normInt(v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : v);
      case "number":
        return new NixFloat(v);
    }
    if (v instanceof TomlDate) {
      if (!keepTimestamps) throw fail("Dates and times are not supported");
      return ctx.makeAttrs([["_type", "timestamp"], ["value", timestampText(v.toISOString())]]);
    }
    if (Array.isArray(v)) return new OpenTable([], v, true);
    if (v !== null && typeof v === "object") {
      const keys = Object.keys(v);
      if (rules.lastKeyFirst) keys.reverse();
      return new OpenTable(keys, v as Record<string, unknown>, false);
    }
    throw fail("Dates and times are not supported");
  };
  // Depth first on an explicit stack, keys checked before their values.
  const root = scalar(doc);
  if (!(root instanceof OpenTable)) return root;
  const stack: OpenTable[] = [root];
  let done: Value | undefined;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (done !== undefined) {
      if (top.list) (top.out as Value[]).push(done);
      else (top.out as Array<[string, Value]>).push([str(top.keys[top.next - 1]!), done]);
      done = undefined;
    }
    const n = top.list ? (top.src as unknown[]).length : top.keys.length;
    if (top.next >= n) {
      stack.pop();
      done = top.list ? (top.out as Value[]) : ctx.makeAttrs(top.out as Array<[string, Value]>);
      continue;
    }
    const i = top.next++;
    let child: unknown;
    if (top.list) child = (top.src as unknown[])[i];
    else {
      str(top.keys[i]!);
      child = (top.src as Record<string, unknown>)[top.keys[i]!];
    }
    const v = scalar(child);
    if (v instanceof OpenTable) stack.push(v);
    else done = v;
  }
  return done!;
}

/** The document parsed again with every date/time written as a unique string, recorded in
 * `stamps` with its text as Nix 2.26 keeps it; the first parse's result when the scan and the
 * parser disagree about where the dates are. */
function withTimestampTexts(text: string, doc: unknown, tokens: readonly TomlToken[], stamps: Map<string, string>): unknown {
  const dates = tokens.filter((t) => t.kind === "datetime");
  if (dates.length === 0) return doc;
  const mark = `nixts-timestamp-${Math.random().toString(36).slice(2)}-`;
  let out = "";
  let at = 0;
  dates.forEach((t, i) => {
    out += text.slice(at, t.start) + `"${mark}${i}"`;
    at = t.start + t.text.length;
    stamps.set(mark + i, timestampText(t.text));
  });
  try {
    const again = parse(out + text.slice(at), { integersAsBigInt: true });
    if (countDates(doc) === dates.length) return again;
  } catch {
    // Fall back to the first parse (its dates lose their exact text).
  }
  stamps.clear();
  return doc;
}

/** How many dates a parsed document holds. */
function countDates(doc: unknown): number {
  let n = 0;
  const todo: unknown[] = [doc];
  while (todo.length > 0) {
    const v = todo.pop();
    if (v instanceof TomlDate) n++;
    else if (Array.isArray(v)) todo.push(...v);
    else if (v !== null && typeof v === "object") todo.push(...Object.values(v));
  }
  return n;
}

function fromTOML(args: Value[], ctx: EvalContext): Value {
  return parseTOML(ctx, forceStringNoContext(ctx, args[0]!));
}

/** `fromTOML`. */
export const tomlBuiltins: BuiltinDef[] = [
  { name: "fromTOML", argContexts: ["the argument passed to builtins.fromTOML"], arity: 1, impl: fromTOML, doc: "Parses a TOML document into a set (dates rejected, or kept as timestamps with parse-toml-timestamps in Nix 2.26)." },
];
