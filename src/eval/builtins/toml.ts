// `builtins.fromTOML` of Nix 2.8 on top of smol-toml: integers saturate to the signed 64-bit range
// (as toml11 in Nix 2.8 does), floats stay floats, dates and times are rejected with Nix's message.
// TOML text is UTF-8: the byte string is decoded for the parser and strings are re-encoded to bytes.

import { parse, TomlDate } from "smol-toml";
import { EvalError } from "../../errors.js";
import type { EvalContext } from "../context.js";
import { NixFloat, normInt, type Value } from "../value.js";
import { forceStringNoContext } from "./string-context.js";
import type { BuiltinDef } from "./types.js";

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

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

function fail(message: string): EvalError {
  return new EvalError(`while parsing a TOML string: ${message}`);
}

/** Converts smol-toml's result (every integer a bigint, so JS numbers are always floats). */
function convert(ctx: EvalContext, v: unknown): Value {
  switch (typeof v) {
    case "string":
      return encodeUtf8(v);
    case "boolean":
      return v;
    case "bigint":
      return normInt(v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : v);
    case "number":
      return new NixFloat(v);
  }
  if (v instanceof TomlDate) throw fail("Dates and times are not supported");
  if (Array.isArray(v)) return v.map((e) => convert(ctx, e));
  if (v !== null && typeof v === "object") {
    const entries: Array<[string, Value]> = [];
    for (const [k, e] of Object.entries(v)) entries.push([encodeUtf8(k), convert(ctx, e)]);
    return ctx.makeAttrs(entries);
  }
  throw fail("Dates and times are not supported");
}

/**
 * Parses TOML text (a byte string) as `builtins.fromTOML` does in Nix 2.8. Parse errors carry
 * smol-toml's first message line after Nix's `while parsing a TOML string: ` prefix.
 */
export function parseTOML(ctx: EvalContext, text: string): Value {
  let doc: unknown;
  try {
    // `true` rather than "asNeeded": then `1` (bigint) and `1.0` (number) stay distinguishable.
    doc = parse(decodeUtf8(text), { integersAsBigInt: true });
  } catch (e) {
    throw fail(String((e as Error).message ?? e).split("\n")[0]!);
  }
  return convert(ctx, doc);
}

function fromTOML(args: Value[], ctx: EvalContext): Value {
  return parseTOML(ctx, forceStringNoContext(ctx, args[0]!));
}

/** `fromTOML`. */
export const tomlBuiltins: BuiltinDef[] = [
  { name: "fromTOML", argContexts: ["the argument passed to builtins.fromTOML"], arity: 1, impl: fromTOML, doc: "Parses a TOML document into a set (dates are rejected)." },
];
