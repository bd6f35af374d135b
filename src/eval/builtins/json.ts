// JSON builtins of Nix 2.8. `toJSON` prints as Nix's JSON writer does (sorted keys, only `"`, `\`
// and control bytes escaped, floats like `%g`, `__toString`/`outPath` sets as strings, paths copied
// to the store, contexts kept). `fromJSON` reproduces nlohmann::json's strict parser: its number
// typing (64-bit ints wrap, else float), UTF-8 validation and its exact error messages.

import { EvalError, NixTypeError } from "../../errors.js";
import type { Span } from "../../parser/ast.js";
import type { EvalContext } from "../context.js";
import { formatFloat } from "../format.js";
import {
  Lambda,
  NixAttrs,
  NixFloat,
  NixPath,
  NixString,
  PrimOp,
  PrimOpApp,
  Thunk,
  ThunkState,
  normInt,
  showType,
  type Value,
} from "../value.js";
import { forceStringNoContext } from "./string-context.js";
import { isApplication } from "../frame.js";
import { mkString } from "./strings.js";
import type { BuiltinDef } from "./types.js";
import { escapeString, type EscapeOf } from "../../escape.js";

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
  /** The text so far, with the open containers closed. */
  closedText(): string {
    return this.parts.join("") + [...this.open].reverse().join("");
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

/** The error Nix 2.8 raises for a value JSON cannot hold, with its odd fixed trace line. */
function cannotConvert(what: string, at: Span | undefined, pos: Span | undefined): NixTypeError {
  const e = new NixTypeError(`cannot convert ${what} to JSON`, at).addTrace("message for the trace", pos);
  // Inside a set or list without positions Nix has none to show.
  if (at === undefined) e.positionless = true;
  return e;
}

/**
 * Writes a value as JSON the way `builtins.toJSON` and `nix-instantiate --json` do in Nix 2.8,
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
  // Work still to do, last first (an explicit stack: a list nested 100,000 deep converts like a
  // flat one): a value to write (with the position its errors show), text, or the end of the
  // innermost open list or set.
  const kinds: JsonWork[] = [JsonWork.Value];
  const items: (Value | string)[] = [root];
  const spans: (Span | undefined)[] = [rootPos];
  while (kinds.length > 0) {
    const kind = kinds.pop()!;
    const item = items.pop()!;
    const pos = spans.pop();
    if (kind === JsonWork.Text) {
      out.push(item as string);
      continue;
    }
    if (kind === JsonWork.Close) {
      out.push(sink.open.pop()!);
      continue;
    }
    let v = item as Value;
    if (opts.strict) v = ctx.force(v);
    else if (v instanceof Thunk) {
      if (v.state !== ThunkState.Done) throw cannotConvert(isApplication(v) ? "a function application" : "a thunk", pos, pos);
      v = v.value;
    }
    if (v === null) out.push("null");
    else if (v === true) out.push("true");
    else if (v === false) out.push("false");
    else if (typeof v === "number" || typeof v === "bigint") out.push(String(v));
    else if (typeof v === "string") out.push(jsonString(v));
    else if (v instanceof NixString) {
      for (const c of v.context) context.add(c);
      out.push(jsonString(v.s));
    } else if (v instanceof NixFloat) out.push(formatFloat(v.value));
    else if (v instanceof NixPath) {
      if (!opts.copyToStore) out.push(jsonString(v.path));
      else {
        const p = ctx.copyPathToStore(v.path);
        context.add(p);
        out.push(jsonString(p));
      }
    } else if (Array.isArray(v)) {
      out.push("[");
      sink.open.push("]");
      kinds.push(JsonWork.Close);
      items.push("");
      spans.push(undefined);
      for (let i = v.length - 1; i >= 0; i--) {
        kinds.push(JsonWork.Value);
        items.push(v[i]!);
        spans.push(pos);
        if (i > 0) {
          kinds.push(JsonWork.Text);
          items.push(",");
          spans.push(undefined);
        }
      }
    } else if (v instanceof NixAttrs) {
      const toStr = v.get("__toString");
      if (toStr !== undefined) {
        const r = ctx.call(toStr, v);
        out.push(jsonString(ctx.coerceToString(r, context, { coerceMore: false, copyToStore: false })));
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
        kinds.push(JsonWork.Value);
        items.push(v.get(k)!);
        spans.push(v.positions?.get(k));
        kinds.push(JsonWork.Text);
        items.push((i > 0 ? "," : "") + jsonString(k) + ":");
        spans.push(undefined);
      }
    } else if (v instanceof Lambda) throw cannotConvert(showType(v), v.chunk.span, pos);
    else if (v instanceof PrimOp || v instanceof PrimOpApp) throw cannotConvert(showType(v), pos, pos);
    else throw cannotConvert(showType(v), pos, pos);
  }
}

/** What {@link writeValueAsJSON} has still to do, on its stack. */
const enum JsonWork {
  Value,
  Text,
  Close,
}

/** The JSON text of a value, as `builtins.toJSON` makes it (strict, paths copied to the store). */
export function printValueAsJSON(ctx: EvalContext, v: Value, context: Set<string>): string {
  const sink = new JsonSink();
  writeValueAsJSON(ctx, v, ctx.currentSpan(), sink, context, { strict: true, copyToStore: true });
  return sink.parts.join("");
}

function toJSON(args: Value[], ctx: EvalContext): Value {
  const context = new Set<string>();
  const s = printValueAsJSON(ctx, args[0]!, context);
  return mkString(s, context);
}

// ---------------------------------------------------------------------------------------------
// fromJSON: a lexer and parser with nlohmann::json's behaviour and messages

const enum Tok {
  Uninitialized,
  True,
  False,
  Null,
  String,
  Unsigned,
  Integer,
  Float,
  BeginArray,
  BeginObject,
  EndArray,
  EndObject,
  NameSeparator,
  ValueSeparator,
  ParseError,
  EndOfInput,
  LiteralOrValue,
}

const TOKEN_NAMES: Record<Tok, string> = {
  [Tok.Uninitialized]: "<uninitialized>",
  [Tok.True]: "true literal",
  [Tok.False]: "false literal",
  [Tok.Null]: "null literal",
  [Tok.String]: "string literal",
  [Tok.Unsigned]: "number literal",
  [Tok.Integer]: "number literal",
  [Tok.Float]: "number literal",
  [Tok.BeginArray]: "'['",
  [Tok.BeginObject]: "'{'",
  [Tok.EndArray]: "']'",
  [Tok.EndObject]: "'}'",
  [Tok.NameSeparator]: "':'",
  [Tok.ValueSeparator]: "','",
  [Tok.ParseError]: "<parse error>",
  [Tok.EndOfInput]: "end of input",
  [Tok.LiteralOrValue]: "'[', '{', or a literal",
};

const CONTROL_NAMES = [
  "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
];
const SHORT_ESCAPES: Record<number, string> = { 8: "b", 9: "t", 10: "n", 12: "f", 13: "r" };

function controlMessage(c: number): string {
  const hex = c.toString(16).toUpperCase().padStart(4, "0");
  const short = SHORT_ESCAPES[c];
  return (
    `invalid string: control character U+${hex} (${CONTROL_NAMES[c]}) must be escaped to \\u${hex}` +
    (short ? ` or \\${short}` : "")
  );
}

/** UTF-8 continuation byte ranges after a lead byte, as nlohmann checks them. */
function utf8Ranges(c: number): number[] | null {
  if (c >= 0xc2 && c <= 0xdf) return [0x80, 0xbf];
  if (c === 0xe0) return [0xa0, 0xbf, 0x80, 0xbf];
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return [0x80, 0xbf, 0x80, 0xbf];
  if (c === 0xed) return [0x80, 0x9f, 0x80, 0xbf];
  if (c === 0xf0) return [0x90, 0xbf, 0x80, 0xbf, 0x80, 0xbf];
  if (c >= 0xf1 && c <= 0xf3) return [0x80, 0xbf, 0x80, 0xbf, 0x80, 0xbf];
  if (c === 0xf4) return [0x80, 0x8f, 0x80, 0xbf, 0x80, 0xbf];
  return null;
}

/** UTF-8 bytes (as a byte string) of a code point. */
function utf8(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  return String.fromCharCode(
    0xf0 | (cp >> 18),
    0x80 | ((cp >> 12) & 63),
    0x80 | ((cp >> 6) & 63),
    0x80 | (cp & 63),
  );
}

const EOF = -1;

class JsonLexer {
  private pos = 0;
  private current = EOF;
  private nextUnget = false;
  private charsTotal = 0;
  private line = 0;
  private column = 0;
  private tokenString: number[] = [];
  buffer = "";
  errorMessage = "";

  constructor(private readonly input: string) {}

  private get(): number {
    this.charsTotal++;
    this.column++;
    if (this.nextUnget) this.nextUnget = false;
    else this.current = this.pos < this.input.length ? this.input.charCodeAt(this.pos++) : EOF;
    if (this.current !== EOF) this.tokenString.push(this.current);
    if (this.current === 0x0a) {
      this.line++;
      this.column = 0;
    }
    return this.current;
  }

  private unget(): void {
    this.nextUnget = true;
    this.charsTotal--;
    if (this.column === 0) {
      if (this.line > 0) this.line--;
    } else this.column--;
    if (this.current !== EOF) this.tokenString.pop();
  }

  private reset(): void {
    this.buffer = "";
    this.tokenString = [this.current];
  }

  /** `line L, column C` of the last character read. */
  position(): string {
    return `line ${this.line + 1}, column ${this.column}`;
  }

  /** The characters read for the current token, control characters shown as `<U+XXXX>`. */
  lastRead(): string {
    let out = "";
    for (const c of this.tokenString)
      out += c <= 0x1f ? `<U+${c.toString(16).toUpperCase().padStart(4, "0")}>` : String.fromCharCode(c);
    return out;
  }

  private fail(msg: string): Tok {
    this.errorMessage = msg;
    return Tok.ParseError;
  }

  scan(): Tok {
    if (this.charsTotal === 0) {
      if (this.get() === 0xef) {
        if (!(this.get() === 0xbb && this.get() === 0xbf))
          return this.fail("invalid BOM; must be 0xEF 0xBB 0xBF if given");
      } else this.unget();
    }
    let c: number;
    do c = this.get();
    while (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d);
    switch (c) {
      case 0x5b:
        return Tok.BeginArray;
      case 0x5d:
        return Tok.EndArray;
      case 0x7b:
        return Tok.BeginObject;
      case 0x7d:
        return Tok.EndObject;
      case 0x3a:
        return Tok.NameSeparator;
      case 0x2c:
        return Tok.ValueSeparator;
      case 0x74:
        return this.literal("true", Tok.True);
      case 0x66:
        return this.literal("false", Tok.False);
      case 0x6e:
        return this.literal("null", Tok.Null);
      case 0x22:
        return this.scanString();
      case 0x00:
      case EOF:
        return Tok.EndOfInput;
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.scanNumber();
        return this.fail("invalid literal");
    }
  }

  private literal(text: string, tok: Tok): Tok {
    for (let i = 1; i < text.length; i++) if (this.get() !== text.charCodeAt(i)) return this.fail("invalid literal");
    return tok;
  }

  private codepoint(): number {
    let cp = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.get();
      let d: number;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
      else return -1;
      cp = cp * 16 + d;
    }
    return cp;
  }

  private scanString(): Tok {
    this.reset();
    for (;;) {
      const c = this.get();
      if (c === EOF) return this.fail("invalid string: missing closing quote");
      if (c === 0x22) return Tok.String;
      if (c === 0x5c) {
        const e = this.get();
        switch (e) {
          case 0x22:
          case 0x5c:
          case 0x2f:
            this.buffer += String.fromCharCode(e);
            continue;
          case 0x62:
            this.buffer += "\b";
            continue;
          case 0x66:
            this.buffer += "\f";
            continue;
          case 0x6e:
            this.buffer += "\n";
            continue;
          case 0x72:
            this.buffer += "\r";
            continue;
          case 0x74:
            this.buffer += "\t";
            continue;
          case 0x75: {
            const hexError = "invalid string: '\\u' must be followed by 4 hex digits";
            const cp1 = this.codepoint();
            let cp = cp1;
            if (cp1 === -1) return this.fail(hexError);
            if (cp1 >= 0xd800 && cp1 <= 0xdbff) {
              const pairError = "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF";
              if (this.get() === 0x5c && this.get() === 0x75) {
                const cp2 = this.codepoint();
                if (cp2 === -1) return this.fail(hexError);
                if (cp2 < 0xdc00 || cp2 > 0xdfff) return this.fail(pairError);
                cp = 0x10000 + ((cp1 - 0xd800) << 10) + (cp2 - 0xdc00);
              } else return this.fail(pairError);
            } else if (cp1 >= 0xdc00 && cp1 <= 0xdfff)
              return this.fail("invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF");
            this.buffer += utf8(cp);
            continue;
          }
          default:
            return this.fail("invalid string: forbidden character after backslash");
        }
      }
      if (c < 0x20) return this.fail(controlMessage(c));
      if (c < 0x80) {
        this.buffer += String.fromCharCode(c);
        continue;
      }
      const ranges = utf8Ranges(c);
      if (!ranges) return this.fail("invalid string: ill-formed UTF-8 byte");
      this.buffer += String.fromCharCode(c);
      for (let i = 0; i < ranges.length; i += 2) {
        const d = this.get();
        if (d < ranges[i]! || d > ranges[i + 1]!) return this.fail("invalid string: ill-formed UTF-8 byte");
        this.buffer += String.fromCharCode(d);
      }
    }
  }

  private scanNumber(): Tok {
    this.reset();
    let type = Tok.Unsigned;
    const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
    let c = this.current;
    this.buffer += String.fromCharCode(c);
    if (c === 0x2d) {
      type = Tok.Integer;
      c = this.get();
      if (!isDigit(c)) return this.fail("invalid number; expected digit after '-'");
      this.buffer += String.fromCharCode(c);
    }
    // Integer part: a single 0 or digits.
    if (c !== 0x30) {
      while (isDigit((c = this.get()))) this.buffer += String.fromCharCode(c);
    } else c = this.get();
    if (c === 0x2e) {
      type = Tok.Float;
      this.buffer += ".";
      c = this.get();
      if (!isDigit(c)) return this.fail("invalid number; expected digit after '.'");
      do this.buffer += String.fromCharCode(c);
      while (isDigit((c = this.get())));
    }
    if (c === 0x65 || c === 0x45) {
      type = Tok.Float;
      this.buffer += String.fromCharCode(c);
      c = this.get();
      if (c === 0x2b || c === 0x2d) {
        this.buffer += String.fromCharCode(c);
        c = this.get();
        if (!isDigit(c)) return this.fail("invalid number; expected digit after exponent sign");
      } else if (!isDigit(c)) return this.fail("invalid number; expected '+', '-', or digit after exponent");
      do this.buffer += String.fromCharCode(c);
      while (isDigit((c = this.get())));
    }
    this.unget();
    if (type === Tok.Unsigned && BigInt(this.buffer) <= 0xffffffffffffffffn) return Tok.Unsigned;
    if (type === Tok.Integer && BigInt(this.buffer) >= -(2n ** 63n)) return Tok.Integer;
    return Tok.Float;
  }
}

class JsonParser {
  private readonly lexer: JsonLexer;
  private last = Tok.Uninitialized;

  constructor(
    input: string,
    private readonly ctx: EvalContext,
  ) {
    this.lexer = new JsonLexer(input);
  }

  private next(): Tok {
    return (this.last = this.lexer.scan());
  }

  private error(expected: Tok, context: string): EvalError {
    let msg = `syntax error while parsing ${context} - `;
    if (this.last === Tok.ParseError) msg += `${this.lexer.errorMessage}; last read: '${this.lexer.lastRead()}'`;
    else msg += `unexpected ${TOKEN_NAMES[this.last]}`;
    if (expected !== Tok.Uninitialized) msg += `; expected ${TOKEN_NAMES[expected]}`;
    return new EvalError(`[json.exception.parse_error.101] parse error at ${this.lexer.position()}: ${msg}`);
  }

  parse(): Value {
    const v = this.value(this.next());
    if (this.next() !== Tok.EndOfInput) throw this.error(Tok.EndOfInput, "value");
    return v;
  }

  /**
   * The value starting at token `first`. Open arrays and objects wait on an explicit stack, so
   * JSON nested 100,000 deep parses like flat JSON (nlohmann's parser has no depth limit either).
   */
  private value(first: Tok): Value {
    const open: OpenJson[] = [];
    let tok = first;
    for (;;) {
      let v: Value;
      if (tok === Tok.BeginObject) {
        if (this.next() === Tok.EndObject) v = this.ctx.makeAttrs([]);
        else {
          open.push({ items: null, entries: [], key: this.objectKey() });
          tok = this.next();
          continue;
        }
      } else if (tok === Tok.BeginArray) {
        if (this.next() === Tok.EndArray) v = [];
        else {
          open.push({ items: [], entries: null, key: "" });
          tok = this.last;
          continue;
        }
      } else v = this.scalar(tok);
      // Hand the value to the innermost open array or object, closing those that end here.
      for (;;) {
        const top = open[open.length - 1];
        if (top === undefined) return v;
        const after = this.next();
        if (top.items !== null) {
          top.items.push(v);
          if (after === Tok.ValueSeparator) {
            tok = this.next();
            break;
          }
          if (after !== Tok.EndArray) throw this.error(Tok.EndArray, "array");
          open.pop();
          v = top.items;
        } else {
          top.entries!.push([top.key, v]);
          if (after === Tok.ValueSeparator) {
            this.next();
            top.key = this.objectKey();
            tok = this.next();
            break;
          }
          if (after !== Tok.EndObject) throw this.error(Tok.EndObject, "object");
          open.pop();
          const m = new Map<string, Value>();
          for (const [k, x] of top.entries!) m.set(k, x);
          v = this.ctx.makeAttrs(m);
        }
      }
    }
  }

  /** An object's key (the current token) and the `:` after it. */
  private objectKey(): string {
    if (this.last !== Tok.String) throw this.error(Tok.String, "object key");
    const key = this.lexer.buffer;
    if (this.next() !== Tok.NameSeparator) throw this.error(Tok.NameSeparator, "object separator");
    return key;
  }

  /** A value that is not an array or object. */
  private scalar(tok: Tok): Value {
    switch (tok) {
      case Tok.True:
        return true;
      case Tok.False:
        return false;
      case Tok.Null:
        return null;
      case Tok.String: {
        // Nix strings are C strings: a NUL ends them.
        const s = this.lexer.buffer;
        const nul = s.indexOf("\0");
        return nul < 0 ? s : s.slice(0, nul);
      }
      case Tok.Unsigned:
      case Tok.Integer:
        return normInt(BigInt(this.lexer.buffer));
      case Tok.Float: {
        const x = Number(this.lexer.buffer);
        if (!Number.isFinite(x))
          throw new EvalError(
            `[json.exception.out_of_range.406] number overflow parsing '${this.lexer.lastRead()}'`,
          );
        return new NixFloat(x);
      }
      case Tok.ParseError:
        throw this.error(Tok.Uninitialized, "value");
      default:
        throw this.error(Tok.LiteralOrValue, "value");
    }
  }
}

/** An array or object being parsed: its elements so far, or its entries and the current key. */
interface OpenJson {
  readonly items: Value[] | null;
  readonly entries: Array<[string, Value]> | null;
  key: string;
}

/** Parses JSON text (a byte string) into a Nix value as `builtins.fromJSON` does in Nix 2.8. */
export function parseJSON(ctx: EvalContext, text: string): Value {
  return new JsonParser(text, ctx).parse();
}

function fromJSON(args: Value[], ctx: EvalContext): Value {
  const text = forceStringNoContext(ctx, args[0]!);
  try {
    return parseJSON(ctx, text);
  } catch (e) {
    // A parse error has no position of its own in Nix; the trace points at the call.
    if (e instanceof EvalError && e.span === undefined) {
      e.positionless = true;
      e.addTrace("while decoding a JSON string", ctx.currentSpan());
    }
    throw e;
  }
}

/** `toJSON` and `fromJSON`. */
export const jsonBuiltins: BuiltinDef[] = [
  { name: "toJSON", arity: 1, impl: toJSON, doc: "Serialises a value as JSON (paths are copied to the store)." },
  { name: "fromJSON", arity: 1, impl: fromJSON, doc: "Parses a JSON string into a Nix value." },
];
