// The JSON decoder of `builtins.fromJSON`: a lexer and parser with nlohmann::json's behaviour
// (its strict grammar, number typing, UTF-8 validation) and exact messages, with what each Nix
// version then does with strings holding NUL bytes and unsigned numbers past 2^63-1.

import { EvalError } from "../../errors.js";
import type { NixVersion } from "../../nix-version.js";
import type { EvalContext } from "../context.js";
import { NixFloat, normInt, type Value } from "../value.js";

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
export function utf8Ranges(c: number): number[] | null {
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

/** How each version's `fromJSON` treats what a Nix value cannot hold, and how it frames
 * nlohmann's own errors: Nix 2.8 cuts a string at its first NUL, wraps unsigned numbers past
 * 2^63-1 and shows the call's position under `while decoding a JSON string`; Nix 2.26 rejects
 * both (as it meets them, before anything later in the text) and shows no position there. */
const FROM_JSON_RULES: Readonly<Record<NixVersion, { readonly rejectUnrepresentable: boolean; readonly decodeTraceAt: boolean }>> = {
  "2.8": { rejectUnrepresentable: false, decodeTraceAt: true },
  "2.26": { rejectUnrepresentable: true, decodeTraceAt: false },
};

/** Nix 2.26's error for a decoded string (a JSON or TOML key or value) holding a NUL byte,
 * which it shows as U+2400 (␀). */
export function nulByteError(s: string): EvalError {
  return new EvalError(`input string '${s.replace(/\0/g, "\xe2\x90\x80")}' cannot be represented as Nix string because it contains null bytes`);
}

/** Errors that are nlohmann's own (syntax, number overflow), which Nix frames with
 * `while decoding a JSON string`. */
const decodeErrors = new WeakSet<EvalError>();

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
  private readonly reject: boolean;

  constructor(
    input: string,
    private readonly ctx: EvalContext,
  ) {
    this.lexer = new JsonLexer(input);
    this.reject = FROM_JSON_RULES[ctx.nixVersion].rejectUnrepresentable;
  }

  /** A decoded string as the version keeps it: cut at a NUL (Nix strings are C strings in
   * Nix 2.8), or refused. */
  private nixString(s: string): string {
    const nul = s.indexOf("\0");
    if (nul < 0) return s;
    if (this.reject) throw nulByteError(s);
    return s.slice(0, nul);
  }

  private next(): Tok {
    return (this.last = this.lexer.scan());
  }

  private error(expected: Tok, context: string): EvalError {
    let msg = `syntax error while parsing ${context} - `;
    if (this.last === Tok.ParseError) msg += `${this.lexer.errorMessage}; last read: '${this.lexer.lastRead()}'`;
    else msg += `unexpected ${TOKEN_NAMES[this.last]}`;
    if (expected !== Tok.Uninitialized) msg += `; expected ${TOKEN_NAMES[expected]}`;
    const e = new EvalError(`[json.exception.parse_error.101] parse error at ${this.lexer.position()}: ${msg}`);
    decodeErrors.add(e);
    return e;
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
    // Nix 2.8 keeps a key's NUL bytes (its attribute names are not C strings).
    const key = this.reject ? this.nixString(this.lexer.buffer) : this.lexer.buffer;
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
      case Tok.String:
        return this.nixString(this.lexer.buffer);
      case Tok.Unsigned: {
        const n = BigInt(this.lexer.buffer);
        if (this.reject && n > 0x7fffffffffffffffn) throw new EvalError(`unsigned json number ${this.lexer.buffer} outside of Nix integer range`);
        return normInt(n);
      }
      case Tok.Integer:
        return normInt(BigInt(this.lexer.buffer));
      case Tok.Float: {
        const x = Number(this.lexer.buffer);
        if (!Number.isFinite(x)) {
          const e = new EvalError(`[json.exception.out_of_range.406] number overflow parsing '${this.lexer.lastRead()}'`);
          decodeErrors.add(e);
          throw e;
        }
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

/** Parses JSON text (a byte string) into a Nix value as `builtins.fromJSON` does in
 * `ctx.nixVersion`, failing as it does (without a position; nlohmann's own errors under
 * `while decoding a JSON string`). */
export function decodeJSON(ctx: EvalContext, text: string): Value {
  try {
    return new JsonParser(text, ctx).parse();
  } catch (e) {
    // A parse error has no position of its own in Nix; the trace points at the call (in 2.8).
    if (e instanceof EvalError && e.span === undefined) {
      e.positionless = true;
      if (decodeErrors.has(e)) e.addTrace("while decoding a JSON string", FROM_JSON_RULES[ctx.nixVersion].decodeTraceAt ? ctx.currentSpan() : undefined);
    }
    throw e;
  }
}

