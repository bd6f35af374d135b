// The tokens of the Nix grammar: their kinds and the names Nix's parser prints for them, the
// chevrotain token types the parser consumes, and the token vector the lexer fills: typed arrays
// (type, start, length, payload) from which the parser's lookahead builds short-lived tokens.

import type { IToken, TokenType } from "chevrotain";
import { chevrotain } from "./chevrotain.js";

const { createToken, Lexer } = chevrotain;

/** Token kinds. `tokenNames[T]` is the name Nix's bison parser uses in error messages. */
export const enum T {
  EOF, ID, OR_KW, INT, FLOAT, IF, THEN, ELSE, ASSERT, WITH, LET, IN, REC, INHERIT,
  ELLIPSIS, EQ, NEQ, LEQ, GEQ, AND, OR, IMPL, UPDATE, CONCAT,
  LBRACE, RBRACE, LBRACK, RBRACK, LPAREN, RPAREN, SEMI, COLON, DOT, COMMA, AT, QUESTION, ASSIGN,
  PLUS, MINUS, STAR, SLASH, LT, GT, NOT,
  DOLLAR_CURLY, DQUOTE, STR, IND_STRING_OPEN, IND_STR, IND_STRING_CLOSE,
  PATH, HPATH, PATH_END, SPATH, URI,
  /** `<|` and `|>` (Nix 2.26). */
  PIPE_FROM, PIPE_INTO,
  /** A byte no rule matches (`invalid token` in Nix). */
  INVALID,
  /** A lexer error: raised (see {@link lexError}) when the parser reaches it. */
  ERROR,
}

/** Token kinds are named in messages by the version's rules (src/parser/syntax-rules.ts). */

/** The image of end-of-file tokens (one byte: the end of input has a length in Nix's positions). */
export const SENTINEL = "\0";

/** Keywords and their kinds. */
export const KEYWORDS: Record<string, T> = {
  if: T.IF, then: T.THEN, else: T.ELSE, assert: T.ASSERT, with: T.WITH, let: T.LET,
  in: T.IN, rec: T.REC, inherit: T.INHERIT, or: T.OR_KW,
};

/** A token type of the parser's vocabulary (the scanner below decides what matches). */
const type = (name: string, extra: object = {}) => createToken({ name, pattern: Lexer.NA, ...extra });

export const WhiteSpace = type("WhiteSpace");
export const LineComment = type("LineComment");
export const BlockComment = type("BlockComment");

export const Id = type("ID");
export const Int = type("INT");
export const keywordTypes = Object.entries(KEYWORDS).map(([kw, kind]) => [kind, type(`KW_${kw}`)] as const);
export const Path = type("PATH");
export const Float = type("FLOAT");
export const Uri = type("URI");
export const SPath = type("SPATH");
export const HPath = type("HPATH");
/** An integer beyond 2^63-1, or a float out of a double's range. */
export const BadInt = type("BAD_INT");

export const DollarCurly = type("DOLLAR_CURLY");
export const LBrace = type("LBRACE");
export const RBrace = type("RBRACE");
export const DQuoteOpen = type("DQUOTE_OPEN");
export const DQuoteClose = type("DQUOTE_CLOSE");
/** `''`, and the spaces and newline after it (they are not part of the string). */
export const IndOpen = type("IND_STRING_OPEN");
export const IndClose = type("IND_STRING_CLOSE");
export const Eof = type("EOF");
/** Operators and punctuation with their text, in the order they are tried. The first ten come
 * before `${`, `''`, braces and `"`; the rest after. */
export const punctuation: [T, TokenType, string][] = [
  [T.ELLIPSIS, type("ELLIPSIS"), "..."], [T.EQ, type("EQ"), "=="], [T.NEQ, type("NEQ"), "!="],
  [T.LEQ, type("LEQ"), "<="], [T.GEQ, type("GEQ"), ">="], [T.AND, type("AND"), "&&"], [T.OR, type("OR"), "||"],
  [T.IMPL, type("IMPL"), "->"], [T.UPDATE, type("UPDATE"), "//"], [T.CONCAT, type("CONCAT"), "++"],
  [T.LBRACK, type("LBRACK"), "["], [T.RBRACK, type("RBRACK"), "]"], [T.LPAREN, type("LPAREN"), "("],
  [T.RPAREN, type("RPAREN"), ")"], [T.SEMI, type("SEMI"), ";"], [T.COLON, type("COLON"), ":"], [T.DOT, type("DOT"), "."],
  [T.COMMA, type("COMMA"), ","], [T.AT, type("AT"), "@"], [T.QUESTION, type("QUESTION"), "?"], [T.ASSIGN, type("ASSIGN"), "="],
  [T.PLUS, type("PLUS"), "+"], [T.MINUS, type("MINUS"), "-"], [T.STAR, type("STAR"), "*"], [T.SLASH, type("SLASH"), "/"],
  [T.LT, type("LT"), "<"], [T.GT, type("GT"), ">"], [T.NOT, type("NOT"), "!"],
];
export const Invalid = type("INVALID");
/** `<|` and `|>`, tokens in Nix 2.26 only (the lexer makes them then). */
export const PipeFrom = type("PIPE_FROM");
export const PipeInto = type("PIPE_INTO");
/** `<|` or `|>` while the `pipe-operators` experimental feature is off (an error in Nix 2.26). */
export const PipeOff = type("PIPE_OFF");

export const Str = type("STR");
export const StrTail = type("STRING_TAIL", { categories: [Str] });
export const StrEof = type("STRING_EOF");

/** Indented-string pieces: raw text, escapes, and a lone `$` or `'` (category: IND_STR). */
export const IndStrPart = type("IND_STR");
export const IndText = type("IND_TEXT", { categories: [IndStrPart] });
export const IndEscape = type("IND_ESCAPE", { categories: [IndStrPart] });
export const IndChar = type("IND_CHAR", { categories: [IndStrPart] });

export const PathStr = type("PATH_STR");
/** A string part with a NUL byte (an error in Nix 2.26): in a double-quoted string, and raw text in an indented one. */
export const StrNul = type("STR_NUL");
export const IndNul = type("IND_NUL");
/** A path ending in `/` (an error in Nix 2.8); its payload is the offset Nix reports. */
export const PathSlash = type("PATH_SLASH");
/** The (empty) end of a path; its payload is the offset Nix reports for it. */
export const PathEnd = type("PATH_END");


/** Chevrotain's definition checks run under the test runner only (they cost start-up time). */
export const SKIP_VALIDATIONS = process.env["NODE_ENV"] !== "test";

// ---- token kinds ------------------------------------------------------------------------------

/** Token types the parser names in CONSUME calls where a kind has several types. */
export const tokenTypes = { DQuoteOpen, DQuoteClose, Str, PathStr, Eof };

/** Token type of each kind (kinds with several types map to the one the parser consumes). */
export const typeOfKind: TokenType[] = [];
/** Kind of each chevrotain token type index (chevrotain's own EOF is T.EOF). */
export const kindOf = new Uint8Array(1024);
{
  const all: (readonly [T, TokenType])[] = [
    [T.ID, Id], [T.INT, Int], [T.FLOAT, Float], [T.PATH, Path], [T.HPATH, HPath], [T.SPATH, SPath], [T.URI, Uri],
    [T.DOLLAR_CURLY, DollarCurly], [T.LBRACE, LBrace], [T.RBRACE, RBrace], [T.DQUOTE, DQuoteClose], [T.DQUOTE, DQuoteOpen],
    [T.IND_STRING_OPEN, IndOpen], [T.IND_STRING_CLOSE, IndClose], [T.IND_STR, IndText], [T.IND_STR, IndEscape],
    [T.IND_STR, IndChar], [T.STR, Str], [T.STR, StrTail], [T.STR, PathStr], [T.PATH_END, PathEnd], [T.EOF, Eof], [T.EOF, StrEof],
    [T.INVALID, Invalid], [T.ERROR, BadInt], [T.ERROR, PathSlash], [T.ERROR, StrNul], [T.ERROR, IndNul], [T.ERROR, PipeOff],
    [T.PIPE_FROM, PipeFrom], [T.PIPE_INTO, PipeInto], ...keywordTypes, ...punctuation.map(([k, t]) => [k, t] as const),
  ];
  for (const [k, t] of all) {
    kindOf[t.tokenTypeIdx!] = k;
    typeOfKind[k] = t;
  }
  typeOfKind[T.IND_STR] = IndStrPart;
}
/** Every token type (the parser's vocabulary). */
export const allTokenTypes: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, Id, Int, ...keywordTypes.map(([, t]) => t), Path, Float, Uri, SPath, HPath, BadInt,
  ...punctuation.map(([, t]) => t), DollarCurly, IndOpen, LBrace, RBrace, DQuoteOpen, DQuoteClose, IndClose, Eof, Invalid,
  Str, StrTail, StrEof, IndStrPart, IndText, IndEscape, IndChar, PathStr, PathSlash, PathEnd, StrNul, IndNul, PipeFrom, PipeInto, PipeOff,
];
/** True for IND_STR tokens of raw text (they take part in indentation stripping). */
export const isIndText = (t: IToken) => t.tokenTypeIdx === IndText.tokenTypeIdx;
/** True for STR tokens of a path (raw text, no escapes). */
export const isPathStr = (t: IToken) => t.tokenTypeIdx === PathStr.tokenTypeIdx;

/** `␀` as UTF-8 bytes: how Nix 2.26 shows a NUL byte of a refused string. */
const NUL_SIGN = "\u00e2\u0090\u0080";

/** The message of an ERROR token. */
export function lexError(t: IToken): string {
  const idx = t.tokenTypeIdx;
  if (idx === StrNul.tokenTypeIdx || idx === IndNul.tokenTypeIdx) {
    // A double-quoted string's text is shown unescaped, an indented string's as it is.
    const text = idx === StrNul.tokenTypeIdx ? unescapeString(t.image, true) : t.image;
    return `input string '${text.replace(/\0/g, NUL_SIGN)}' cannot be represented as Nix string because it contains null bytes`;
  }
  if (idx === PipeOff.tokenTypeIdx) return "experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it";
  if (idx !== BadInt.tokenTypeIdx) return "path has a trailing slash";
  return /[.eE]/.test(t.image) ? `invalid float '${t.image}'` : `invalid integer '${t.image}'`;
}

/** The offset Nix reports for token `t` in messages (it differs from the start for some tokens). */
export function reportOffset(t: IToken): number {
  return t.payload !== undefined ? (t.payload as number) : t.startOffset;
}

/** Token type by chevrotain token type index. */
const typeByIdx: TokenType[] = [];
for (const t of allTokenTypes) typeByIdx[t.tokenTypeIdx!] = t;
const EOF_IDX = Eof.tokenTypeIdx!;
const STR_EOF_IDX = StrEof.tokenTypeIdx!;
const ID_IDX = Id.tokenTypeIdx!;

// ---- the token vector ---------------------------------------------------------------------------

/** One token, in the shape chevrotain's parser reads (every token has the same hidden class);
 * its text is cut from the source only when read. */
class Token implements IToken {
  constructor(
    private readonly vec: TokenVector,
    /** Its place in the vector. */
    readonly index: number,
    public startOffset: number,
    public tokenType: TokenType,
    public tokenTypeIdx: number,
    /** For zero-length path ends: the offset Nix reports. */
    public payload: number | undefined,
  ) {}
  private text: string | undefined;
  get image(): string {
    return (this.text ??= this.vec.image(this.index));
  }
}

/**
 * The tokens of one source as typed arrays: a few bytes per token and nothing for the garbage
 * collector to trace, where an object per token would keep millions alive through the parse.
 * {@link token} builds the object chevrotain reads when the parser looks at a token.
 */
export class TokenVector {
  count = 0;
  private types: Uint16Array;
  private starts: Int32Array;
  private lengths: Int32Array;
  /** Payloads (offsets Nix reports) of the few tokens that have one, by index. */
  private readonly payloads = new Map<number, number>();
  /** Open-addressing intern table for identifiers: repeated names share one string. */
  private names: (string | undefined)[] | null = null;
  private nameCount = 0;

  constructor(readonly text: string) {
    const capacity = (text.length >> 2) + 64;
    this.types = new Uint16Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
  }

  /** Appends a token of chevrotain type index `typeIdx` covering `len` bytes from `start`. */
  push(typeIdx: number, start: number, len: number, payload?: number): void {
    const i = this.count;
    if (i === this.types.length) this.grow();
    this.types[i] = typeIdx;
    this.starts[i] = start;
    this.lengths[i] = len;
    if (payload !== undefined) this.payloads.set(i, payload);
    this.count = i + 1;
  }

  private grow(): void {
    const size = this.types.length * 2;
    const types = new Uint16Array(size);
    types.set(this.types);
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const lengths = new Int32Array(size);
    lengths.set(this.lengths);
    this.types = types;
    this.starts = starts;
    this.lengths = lengths;
  }

  typeIdx(i: number): number {
    return this.types[i]!;
  }
  start(i: number): number {
    return this.starts[i]!;
  }
  /** Moves token `i` (the end-of-file token, to where Nix reports the end). */
  setStart(i: number, start: number): void {
    this.starts[i] = start;
  }
  length(i: number): number {
    return this.lengths[i]!;
  }

  /** The text of token `i` (end-of-file tokens are one {@link SENTINEL} byte). */
  image(i: number): string {
    const idx = this.types[i]!;
    if (idx === EOF_IDX || idx === STR_EOF_IDX) return SENTINEL;
    const s = this.starts[i]!;
    const e = s + this.lengths[i]!;
    return idx === ID_IDX ? this.intern(s, e) : this.text.substring(s, e);
  }

  /** Token `i` as chevrotain's parser reads it: a new object, short-lived unless kept. */
  token(i: number): IToken {
    const idx = this.types[i]!;
    const payload = this.lengths[i] === 0 ? this.payloads.get(i) : undefined;
    return new Token(this, i, this.starts[i]!, typeByIdx[idx]!, idx, payload);
  }

  private intern(s: number, e: number): string {
    const text = this.text;
    if (e - s > 24) return text.substring(s, e);
    let table = this.names;
    if (table === null) {
      // Sized to the source (a small file needs no 64K-slot table), a power of two.
      let size = 256;
      while (size < 1 << 16 && size < text.length >> 3) size <<= 1;
      table = this.names = new Array<string | undefined>(size).fill(undefined);
    }
    let h = 0x811c9dc5;
    for (let k = s; k < e; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    let slot = (h >>> 0) & (table.length - 1);
    for (;;) {
      const cand = table[slot];
      if (cand === undefined) break;
      if (cand.length === e - s) {
        let k = 0;
        while (k < cand.length && cand.charCodeAt(k) === text.charCodeAt(s + k)) k++;
        if (k === cand.length) return cand;
      }
      slot = (slot + 1) & (table.length - 1);
    }
    const str = text.substring(s, e);
    if (this.nameCount * 2 < table.length) {
      table[slot] = str;
      this.nameCount++;
    }
    return str;
  }
}

/** Decodes the escapes of a double-quoted string part (and `''\x` escapes) the way Nix 2.8 does:
 * `\n`, `\r`, `\t` are control characters, any other escaped byte stands for itself, and raw CR
 * or CR LF become LF. A NUL byte, raw or escaped, ends the text (Nix works on C strings here);
 * with `keepNul` every one is kept (the text Nix 2.26 shows of a string it refuses). */
export function unescapeString(raw: string, keepNul = false): string {
  let simple = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 92 || c === 13 || c === 0) { simple = false; break; }
  }
  if (simple) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    let c = raw[i]!;
    if (c === "\0" && !keepNul) break;
    if (c === "\\") {
      c = raw[++i] ?? "";
      if (c === "") break;
      if (c === "\0" && !keepNul) break;
      out += c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c;
    } else if (c === "\r") {
      out += "\n";
      if (raw[i + 1] === "\n") i++;
    } else out += c;
  }
  return out;
}

/** Whether the text of a double-quoted string part has a NUL byte that is not escaped (Nix
 * 2.26 refuses that string; an escaped one only ends it). */
export function hasRawNul(raw: string): boolean {
  for (let i = raw.indexOf("\0"); i >= 0; i = raw.indexOf("\0", i + 1)) {
    // Escaped if an odd number of backslashes comes right before it.
    let k = i;
    while (k > 0 && raw.charCodeAt(k - 1) === 92) k--;
    if ((i - k) % 2 === 0) return true;
  }
  return false;
}

/** The text of an IND_STR token after escapes (raw text is returned as is). */
export function indStrValue(t: IToken): string {
  const s = t.image;
  if (t.tokenTypeIdx !== IndEscape.tokenTypeIdx) return s;
  const c = s[2]!;
  if (c === "$") return "$";
  if (c === "'") return "''";
  return unescapeString(s.slice(2));
}
