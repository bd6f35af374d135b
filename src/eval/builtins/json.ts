// JSON builtins. `toJSON` prints as Nix's JSON writer does (sorted keys, only `"`, `\` and control
// bytes escaped, floats like `%g`, `__toString`/`outPath` sets as strings, paths copied to the
// store, contexts kept), failing as each version does (Nix 2.26 frames failures with the element
// being written and refuses strings that are not UTF-8). `fromJSON` is json-parse.ts's decoder.

import { EvalError, NixError, NixTypeError, positionless } from "../../errors.js";
import type { Span } from "../../parser/ast.js";
import type { EvalContext } from "../context.js";
import { formatFloat } from "../format.js";
import { SHOW_ATTR_NAME } from "../print.js";
import {
  Lambda,
  NixAttrs,
  NixFloat,
  NixPath,
  NixString,
  Thunk,
  ThunkState,
  showType,
  type Value,
} from "../value.js";
import { forceStringNoContext } from "./string-context.js";
import { isApplication } from "../frame.js";
import { mkString } from "./strings.js";
import type { BuiltinDef } from "./types.js";
import { escapeString, type EscapeOf } from "../../escape.js";
import { decodeJSON, utf8Ranges } from "./json-parse.js";
import type { NixVersion } from "../../nix-version.js";

// ---------------------------------------------------------------------------------------------
// toJSON

/** Escapes a byte string as Nix 2.8's JSON writer does, with the surrounding quotes. */
export function jsonString(s: string): string {
  return escapeString(s, jsonEscape);
}

const jsonEscape: EscapeOf = (c, s, i) =>
  c >= 0x20 && c !== 0x22 && c !== 0x5c
    ? undefined
    : c === 0x22 || c === 0x5c ? "\\" + s[i] : c === 0x0a ? "\\n" : c === 0x0d ? "\\r" : c === 0x09 ? "\\t" : "\\u" + c.toString(16).padStart(4, "0");

/** Where JSON text goes, with the closers of the containers still open: Nix's writer streams
 * its output and closes open containers when an error unwinds it (so `nix-instantiate --json`
 * leaves `{"a":}` on stdout when the value of `a` fails). */
export class JsonSink {
  readonly parts: string[] = [];
  readonly open: string[] = [];
  /** Nix 2.26: the text its serializer had written when it met a string that is not UTF-8 (up
   * to that string's opening quote). */
  serializedBeforeFailure?: string;
  /** The text so far, with the open containers closed. */
  closedText(): string {
    return this.parts.join("") + [...this.open].reverse().join("");
  }
  /** What `nix-instantiate --json` has printed when writing failed: Nix 2.8 streams as it
   * evaluates (the text so far, containers closed); Nix 2.26 evaluates the whole value first
   * and then serializes it (nothing, or the text before a string that is not UTF-8). */
  partialText(version: NixVersion): string {
    return version === "2.8" ? this.closedText() : (this.serializedBeforeFailure ?? "");
  }
}

/** Options of {@link writeValueAsJSON}. */
export interface JsonOptions {
  /** Force values as they are printed (`builtins.toJSON`, `--json --strict`); otherwise an
   * unevaluated thunk is an error, as in Nix 2.8's `--json` without `--strict`. */
  readonly strict: boolean;
  /** Copy paths to the store (and print the store path), as Nix does. */
  readonly copyToStore: boolean;
}

/**
 * How each version's JSON writer reports a failure: Nix 2.8 adds a fixed `message for the trace`
 * frame to a value it cannot convert and starts `builtins.toJSON` at the call's position; Nix
 * 2.26 instead frames every failure with the attributes (`while evaluating attribute 'a'`, at
 * its definition) and list elements (`while evaluating list element at index 3`, at the
 * enclosing position) it was writing, and starts with no position.
 */
const TO_JSON_RULES: Readonly<
  Record<
    NixVersion,
    { readonly conversionFrame: boolean; readonly elementFrames: boolean; readonly rootAtCall: boolean; readonly strictUtf8: boolean; readonly float: (x: number) => string }
  >
> = {
  "2.8": { conversionFrame: true, elementFrames: false, rootAtCall: true, strictUtf8: false, float: formatFloat },
  "2.26": { conversionFrame: false, elementFrames: true, rootAtCall: false, strictUtf8: true, float: jsonFloat },
};

/** A float as Nix 2.26's JSON serializer (nlohmann's) writes it: the shortest digits that read
 * back as the same double, in plain notation with `.0` for whole numbers when the decimal point
 * falls within 15 digits (down to `0.0001`), else `1.5e+30` / `1e-07`; non-finite as `null`. */
export function jsonFloat(x: number): string {
  if (!Number.isFinite(x)) return "null";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mant, expText] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mant.replace(".", "");
  const k = digits.length;
  const n = Number(expText) + 1; // the decimal point sits after n digits
  let body: string;
  if (k <= n && n <= 15) body = digits + "0".repeat(n - k) + ".0";
  else if (0 < n && n <= 15) body = digits.slice(0, n) + "." + digits.slice(n);
  else if (-4 < n && n <= 0) body = "0." + "0".repeat(-n) + digits;
  else {
    const e = n - 1;
    const exp = (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0");
    body = (k === 1 ? digits : digits[0] + "." + digits.slice(1)) + "e" + exp;
  }
  return sign + body;
}

/** What nlohmann's strict serializer says of a byte string that is not UTF-8 (the byte where
 * decoding fails, or the last one of an unfinished sequence), or undefined when it is UTF-8. */
function utf8Problem(s: string): string | undefined {
  const hex = (c: number) => "0x" + c.toString(16).toUpperCase().padStart(2, "0");
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      i++;
      continue;
    }
    const ranges = utf8Ranges(c);
    if (!ranges) return `invalid UTF-8 byte at index ${i}: ${hex(c)}`;
    i++;
    for (let k = 0; k < ranges.length; k += 2, i++) {
      if (i >= s.length) return `incomplete UTF-8 string; last byte: ${hex(s.charCodeAt(s.length - 1))}`;
      const d = s.charCodeAt(i);
      if (d < ranges[k]! || d > ranges[k + 1]!) return `invalid UTF-8 byte at index ${i}: ${hex(d)}`;
    }
  }
  return undefined;
}

/** The error Nix raises for a value JSON cannot hold (with 2.8's odd fixed trace line). */
function cannotConvert(ctx: EvalContext, what: string, at: Span | undefined, pos: Span | undefined): NixTypeError {
  const e = new NixTypeError(`cannot convert ${what} to JSON`, at);
  if (TO_JSON_RULES[ctx.nixVersion].conversionFrame) e.addTrace("message for the trace", pos);
  // Inside a set or list without positions Nix has none to show.
  if (at === undefined) e.positionless = true;
  return e;
}

/** How each version places a failure to coerce what a set's `__toString` returned: Nix 2.8 at
 * the position being written, Nix 2.26 under a frame there. */
const TO_STRING_RESULT: Readonly<Record<NixVersion, (e: NixError, pos: Span | undefined) => void>> = {
  "2.8": (e, pos) => {
    e.span = pos;
    if (pos === undefined) e.positionless = true;
  },
  "2.26": (e, pos) => {
    e.positionless = true;
    e.addTrace("while evaluating the result of the `__toString` attribute", pos);
  },
};

/** The string a set's `__toString` returned (`r`), coerced as Nix does while writing JSON. */
function coerceToStringResult(ctx: EvalContext, r: Value, pos: Span | undefined, context: Set<string>): string {
  try {
    return ctx.coerceToString(r, context, { coerceMore: false, copyToStore: false });
  } catch (e) {
    if (e instanceof NixError && e.span === undefined && !e.positionless) TO_STRING_RESULT[ctx.nixVersion](e, pos);
    throw e;
  }
}

/** The position `builtins.toJSON` (and structured attributes) start writing at. */
export function jsonRootPosition(ctx: EvalContext): Span | undefined {
  return TO_JSON_RULES[ctx.nixVersion].rootAtCall ? ctx.currentSpan() : undefined;
}

/**
 * Writes a value as JSON the way `builtins.toJSON` and `nix-instantiate --json` do,
 * adding string contexts (and store copies of paths) to `context`. `pos` is the position Nix
 * passes along for errors: an attribute's definition, or the enclosing one for list elements.
 */
export function writeValueAsJSON(
  ctx: EvalContext,
  root: Value,
  rootPos: Span | undefined,
  sink: JsonSink,
  context: Set<string>,
  opts: JsonOptions,
): void {
  const out = sink.parts;
  const rules = TO_JSON_RULES[ctx.nixVersion];
  const framed = rules.elementFrames;
  const showName = SHOW_ATTR_NAME[ctx.nixVersion];
  // Nix 2.26 checks UTF-8 as it serialises the finished document: a failure to evaluate comes
  // first, then the first string (in document order) that is not UTF-8.
  let notUtf8: string | undefined;
  let beforeNotUtf8 = "";
  const str = (s: string): string => {
    if (rules.strictUtf8 && notUtf8 === undefined && (notUtf8 = utf8Problem(s)) !== undefined) beforeNotUtf8 = out.join("") + '"';
    return jsonString(s);
  };
  // Work still to do, last first (an explicit stack: a list nested 100,000 deep converts like a
  // flat one): a value to write (with the position its errors show), text, the end of the
  // innermost open list or set, or (Nix 2.26) entering and leaving an element's trace frame.
  const kinds: JsonWork[] = [JsonWork.Value];
  const items: (Value | string)[] = [root];
  const spans: (Span | undefined)[] = [rootPos];
  // The elements being written, outermost first: the trace frames of a failure.
  const frameMessages: string[] = [];
  const frameSpans: (Span | undefined)[] = [];
  /** Schedules element `v` (its errors at `pos`), framed by `message` when the version frames. */
  const pushElement = (v: Value, pos: Span | undefined, message: string, framePos: Span | undefined) => {
    if (framed) {
      kinds.push(JsonWork.Leave);
      items.push("");
      spans.push(undefined);
    }
    kinds.push(JsonWork.Value);
    items.push(v);
    spans.push(pos);
    if (framed) {
      kinds.push(JsonWork.Enter);
      items.push(message);
      spans.push(framePos);
    }
  };
  try {
    while (kinds.length > 0) {
      const kind = kinds.pop()!;
      const item = items.pop()!;
      const pos = spans.pop();
      if (kind === JsonWork.Text) {
        out.push(item as string);
        continue;
      }
      if (kind === JsonWork.Key) {
        out.push(str(item as string) + ":");
        continue;
      }
      if (kind === JsonWork.Close) {
        out.push(sink.open.pop()!);
        continue;
      }
      if (kind === JsonWork.Enter) {
        frameMessages.push(item as string);
        frameSpans.push(pos);
        continue;
      }
      if (kind === JsonWork.Leave) {
        frameMessages.pop();
        frameSpans.pop();
        continue;
      }
      let v = item as Value;
      if (opts.strict) v = ctx.force(v);
      else if (v instanceof Thunk) {
        if (v.state !== ThunkState.Done) throw cannotConvert(ctx, isApplication(v) ? "a function application" : "a thunk", pos, pos);
        v = v.value;
      }
      if (v === null) out.push("null");
      else if (v === true) out.push("true");
      else if (v === false) out.push("false");
      else if (typeof v === "number" || typeof v === "bigint") out.push(String(v));
      else if (typeof v === "string") out.push(str(v));
      else if (v instanceof NixString) {
        for (const c of v.context) context.add(c);
        out.push(str(v.s));
      } else if (v instanceof NixFloat) out.push(rules.float(v.value));
      else if (v instanceof NixPath) {
        if (!opts.copyToStore) out.push(str(v.path));
        else {
          const p = ctx.copyPathToStore(v.path);
          context.add(p);
          out.push(str(p));
        }
      } else if (Array.isArray(v)) {
        out.push("[");
        sink.open.push("]");
        kinds.push(JsonWork.Close);
        items.push("");
        spans.push(undefined);
        for (let i = v.length - 1; i >= 0; i--) {
          pushElement(v[i]!, pos, `while evaluating list element at index ${i}`, pos);
          if (i > 0) {
            kinds.push(JsonWork.Text);
            items.push(",");
            spans.push(undefined);
          }
        }
      } else if (v instanceof NixAttrs) {
        const toStr = v.get("__toString");
        if (toStr !== undefined) {
          const r = ctx.callAt(pos, toStr, v);
          out.push(str(coerceToStringResult(ctx, r, pos, context)));
          continue;
        }
        const outPath = v.get("outPath");
        if (outPath !== undefined) {
          kinds.push(JsonWork.Value);
          items.push(outPath);
          spans.push(v.positions?.get("outPath"));
          continue;
        }
        out.push("{");
        sink.open.push("}");
        kinds.push(JsonWork.Close);
        items.push("");
        spans.push(undefined);
        const keys = v.sortedKeys();
        for (let i = keys.length - 1; i >= 0; i--) {
          const k = keys[i]!;
          const at = v.positions?.get(k);
          pushElement(v.get(k)!, at, `while evaluating attribute '${showName(k)}'`, at);
          kinds.push(JsonWork.Key);
          items.push(k);
          spans.push(undefined);
          if (i > 0) {
            kinds.push(JsonWork.Text);
            items.push(",");
            spans.push(undefined);
          }
        }
      } else if (v instanceof Lambda) throw cannotConvert(ctx, showType(v), v.chunk.span, pos);
      else throw cannotConvert(ctx, showType(v), pos, pos);
    }
    if (notUtf8 !== undefined) {
      sink.serializedBeforeFailure = beforeNotUtf8;
      throw positionless(new EvalError(`JSON serialization error: [json.exception.type_error.316] ${notUtf8}`));
    }
  } catch (e) {
    if (e instanceof NixError) for (let i = frameMessages.length - 1; i >= 0; i--) e.addTrace(frameMessages[i]!, frameSpans[i]);
    throw e;
  }
}

/** What {@link writeValueAsJSON} has still to do, on its stack. */
const enum JsonWork {
  Value,
  Text,
  Key,
  Close,
  Enter,
  Leave,
}

/** The JSON text of a value, as `builtins.toJSON` makes it (strict, paths copied to the store). */
export function printValueAsJSON(ctx: EvalContext, v: Value, context: Set<string>): string {
  const sink = new JsonSink();
  writeValueAsJSON(ctx, v, jsonRootPosition(ctx), sink, context, { strict: true, copyToStore: true });
  return sink.parts.join("");
}

function toJSON(args: Value[], ctx: EvalContext): Value {
  const context = new Set<string>();
  const s = printValueAsJSON(ctx, args[0]!, context);
  return mkString(s, context);
}

function fromJSON(args: Value[], ctx: EvalContext): Value {
  return decodeJSON(ctx, forceStringNoContext(ctx, args[0]!));
}

/** `toJSON` and `fromJSON`. */
export const jsonBuiltins: BuiltinDef[] = [
  { name: "toJSON", arity: 1, impl: toJSON, doc: "Serialises a value as JSON (paths are copied to the store)." },
  { name: "fromJSON", arity: 1, impl: fromJSON, doc: "Parses a JSON string into a Nix value." },
];
