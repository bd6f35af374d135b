// Chevrotain multi-mode lexer for Nix 2.8 source text (byte strings). Modes mirror the states of
// Nix's flex scanner (default, string, indented string, path); custom token patterns do the
// longest-match scanning between paths, URIs, identifiers and numbers, and zero-length tokens end
// paths. A sentinel character appended to the text lets every mode produce its end-of-file token.

import type { CustomPatternMatcherReturn, IToken, TokenType } from "chevrotain";
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
  /** A byte no rule matches (`invalid token` in Nix). */
  INVALID,
  /** A lexer error: raised (see {@link lexError}) when the parser reaches it. */
  ERROR,
}

/** Token names as Nix 2.8's bison parser prints them in `unexpected X` messages. */
export const tokenNames: readonly string[] = [
  "end of file", "ID", "OR_KW", "INT", "FLOAT", "IF", "THEN", "ELSE", "ASSERT", "WITH", "LET", "IN", "REC", "INHERIT",
  "ELLIPSIS", "EQ", "NEQ", "LEQ", "GEQ", "AND", "OR", "IMPL", "UPDATE", "CONCAT",
  "'{'", "'}'", "'['", "']'", "'('", "')'", "';'", "':'", "'.'", "','", "'@'", "'?'", "'='",
  "'+'", "'-'", "'*'", "'/'", "'<'", "'>'", "'!'",
  "DOLLAR_CURLY", "'\"'", "STR", "IND_STRING_OPEN", "IND_STR", "IND_STRING_CLOSE",
  "PATH", "HPATH", "PATH_END", "SPATH", "URI",
  "invalid token", "invalid token",
];

/** Appended to the text so that each mode sees the end of the input. Patterns look at it only at
 * offset `n` (a NUL byte of the source is ordinary text); a one-byte character keeps the text
 * (and every token image) a one-byte string. */
const SENTINEL = "\0";

// Character classes as lookup tables (byte codes 0..255).
const ID_START = new Uint8Array(256);
const ID_CHAR = new Uint8Array(256);
const PATH_CHAR = new Uint8Array(256);
const URI_SCHEME = new Uint8Array(256);
const URI_CHAR = new Uint8Array(256);
const DIGIT = new Uint8Array(256);
const lower = "abcdefghijklmnopqrstuvwxyz";
const alpha = lower + lower.toUpperCase();
const digits = "0123456789";
const pathChars = alpha + digits + "._-+";
(() => {
  const set = (t: Uint8Array, s: string) => { for (const c of s) t[c.charCodeAt(0)] = 1; };
  set(ID_START, alpha + "_");
  set(ID_CHAR, alpha + digits + "_'-");
  set(PATH_CHAR, pathChars);
  set(URI_SCHEME, alpha + digits + "+-.");
  set(URI_CHAR, alpha + digits + "%/?:@&=+$,-_.!~*'");
  set(DIGIT, digits);
})();
const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i));
const chars = (s: string) => [...s];

const MAX_INT = 9223372036854775807n;
const KEYWORDS: Record<string, T> = {
  if: T.IF, then: T.THEN, else: T.ELSE, assert: T.ASSERT, with: T.WITH, let: T.LET,
  in: T.IN, rec: T.REC, inherit: T.INHERIT, or: T.OR_KW,
};
/** First letters of keywords (a cheap filter before the keyword lookup). */
const KW_FIRST = new Uint8Array(256);
for (const k of "itaewlrho") KW_FIRST[k.charCodeAt(0)] = 1;

// ---- scanning state (one tokenize call at a time) -----------------------------------------------

/** Length of the real input (the text without the sentinel); -1 outside tokenize, so that
 * chevrotain's definition checks see custom patterns match nothing. */
let n = -1;
/** Start of the last PATH/HPATH token (Nix reports a PATH_END at the end of input there). */
let pathStart = 0;
/** Offset, kind and length of the last longest-match scan in the default mode. */
let scanAt = -1;
let scanKind: T = T.INVALID;
let scanLen = 0;

/** Chevrotain reads a custom match at once, so one array serves every match (no allocation). */
const MATCH = [""] as CustomPatternMatcherReturn;
/** Like MATCH, for zero-length matches carrying a payload. */
const EMPTY_MATCH = [""] as CustomPatternMatcherReturn;
function matched(image: string): CustomPatternMatcherReturn {
  MATCH[0] = image;
  return MATCH;
}

const code = (text: string, i: number) => (i < n ? text.charCodeAt(i) & 255 : -1);

/** Length of {PATH_CHAR}*(\/{PATH_CHAR}+)+\/? at i (0 if none). */
function pathLen(text: string, i: number): number {
  let j = i;
  while (j < n && PATH_CHAR[code(text, j)]) j++;
  let segs = 0;
  for (;;) {
    if (code(text, j) !== 47) break;
    let k = j + 1;
    while (k < n && PATH_CHAR[code(text, k)]) k++;
    if (k === j + 1) break;
    segs++;
    j = k;
  }
  if (segs === 0) return 0;
  if (code(text, j) === 47) j++;
  return j - i;
}

/** Longest match at `i` among identifiers/keywords, numbers, paths and URIs (kind INVALID, length
 * 0 if none), as flex picks it. Cached per offset: each word token type's pattern asks for it. */
function scanWord(text: string, i: number): void {
  if (scanAt === i) return;
  scanAt = i;
  const c = text.charCodeAt(i) & 255;
  // Fast paths: an identifier or integer that no path or URI could extend.
  if (ID_START[c]) {
    let j = i + 1;
    while (j < n && ID_CHAR[text.charCodeAt(j) & 255]) j++;
    const nx = code(text, j);
    if (nx !== 47 && nx !== 58 && nx !== 46 && nx !== 43) {
      const len = j - i;
      const kw = len <= 7 && len >= 2 && KW_FIRST[c] ? KEYWORDS[text.slice(i, j)] : undefined;
      scanKind = kw ?? T.ID;
      scanLen = len;
      return;
    }
  } else if (DIGIT[c]) {
    let j = i + 1;
    while (j < n && DIGIT[code(text, j)]) j++;
    const nx = code(text, j);
    if (j - i <= 15 && !PATH_CHAR[nx] && nx !== 47) {
      scanKind = T.INT;
      scanLen = j - i;
      return;
    }
  }
  let best = 0;
  let bestType: T = T.INVALID;
  if (ID_START[c]) {
    let j = i + 1;
    while (j < n && ID_CHAR[text.charCodeAt(j) & 255]) j++;
    best = j - i;
    bestType = T.ID;
  }
  if (DIGIT[c]) {
    let j = i + 1;
    while (j < n && DIGIT[code(text, j)]) j++;
    if (j - i > best) { best = j - i; bestType = T.INT; }
  }
  // FLOAT: (([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?
  if ((c >= 49 && c <= 57) || c === 48 || c === 46) {
    let j = -1;
    if (c >= 49 && c <= 57) {
      let k = i + 1;
      while (DIGIT[code(text, k)]) k++;
      if (code(text, k) === 46) { k++; while (DIGIT[code(text, k)]) k++; j = k; }
    } else {
      let k = c === 48 ? i + 1 : i;
      if (code(text, k) === 46 && DIGIT[code(text, k + 1)]) { k += 2; while (DIGIT[code(text, k)]) k++; j = k; }
    }
    if (j > 0) {
      const e = code(text, j);
      if (e === 69 || e === 101) {
        let k = j + 1;
        if (code(text, k) === 43 || code(text, k) === 45) k++;
        if (DIGIT[code(text, k)]) { while (DIGIT[code(text, k)]) k++; j = k; }
      }
      if (j - i > best) { best = j - i; bestType = T.FLOAT; }
    }
  }
  // Paths; a path segment or `~/` followed by `${` is a path start of its own.
  let pathStartSeg = 0;
  if (PATH_CHAR[c] || c === 47) {
    const pl = pathLen(text, i);
    if (pl > best) { best = pl; bestType = T.PATH; }
    let j = i;
    while (j < n && PATH_CHAR[code(text, j)]) j++;
    if (code(text, j) === 47 && code(text, j + 1) === 36 && code(text, j + 2) === 123 && j + 3 - i > best) {
      best = j + 3 - i; bestType = T.PATH; pathStartSeg = j + 1 - i;
    }
  } else if (c === 126) {
    const pl = code(text, i + 1) === 47 ? pathLen(text, i + 1) : 0;
    if (pl > 0 && pl + 1 > best) { best = pl + 1; bestType = T.HPATH; }
    if (code(text, i + 1) === 47 && code(text, i + 2) === 36 && code(text, i + 3) === 123 && 4 > best) {
      best = 4; bestType = T.HPATH; pathStartSeg = 2;
    }
  } else if (c === 60) {
    // SPATH: <{PATH_CHAR}+(\/{PATH_CHAR}+)*>
    let j = i + 1;
    while (PATH_CHAR[code(text, j)]) j++;
    if (j > i + 1) {
      for (;;) {
        if (code(text, j) !== 47) break;
        let k = j + 1;
        while (PATH_CHAR[code(text, k)]) k++;
        if (k === j + 1) break;
        j = k;
      }
      if (code(text, j) === 62 && j + 1 - i > best) { best = j + 1 - i; bestType = T.SPATH; }
    }
  }
  // URI: [a-zA-Z][a-zA-Z0-9\+\-\.]*\:[URI_CHAR]+
  if (ID_START[c] && c !== 95) {
    let j = i + 1;
    while (URI_SCHEME[code(text, j)]) j++;
    if (code(text, j) === 58) {
      let k = j + 1;
      while (URI_CHAR[code(text, k)]) k++;
      if (k > j + 1 && k - i > best) { best = k - i; bestType = T.URI; }
    }
  }
  if (bestType === T.ID && best <= 7 && best >= 2 && KW_FIRST[c]) bestType = KEYWORDS[text.slice(i, i + best)] ?? T.ID;
  else if (bestType === T.INT && best > 15 && BigInt(text.slice(i, i + best)) > MAX_INT) bestType = T.ERROR;
  else if (bestType === T.FLOAT && outOfFloatRange(text.slice(i, i + best))) bestType = T.ERROR;
  else if (pathStartSeg && (bestType === T.PATH || bestType === T.HPATH)) best = pathStartSeg;
  scanKind = bestType;
  scanLen = best;
}

/** Whether a float literal is one Nix's strtod refuses with ERANGE: it overflows, or is nonzero
 * and underflows below the smallest normal double (`invalid float '1.0e400'`). */
function outOfFloatRange(image: string): boolean {
  const v = Math.abs(Number(image));
  if (v === Infinity) return true;
  if (v >= 2.2250738585072014e-308) return false;
  return /[1-9]/.test(image.replace(/[eE].*$/, ""));
}

/** Open-addressing intern table for identifiers: repeated names share one string (fewer
 * allocations while lexing, cheaper comparisons later). */
let names: (string | undefined)[] = [];
let nameCount = 0;

function intern(text: string, s: number, e: number): string {
  if (e - s > 24) return text.substring(s, e);
  let h = 0x811c9dc5;
  for (let k = s; k < e; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  const table = names;
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
  if (nameCount * 2 < table.length) {
    table[slot] = str;
    nameCount++;
  }
  return str;
}

/** A custom pattern matching when the longest-match scan found kind `kind` (image: `image` if given). */
function word(kind: T, image?: string) {
  if (image !== undefined) return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    scanWord(text, offset);
    return scanKind === kind ? matched(image) : null;
  };
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    scanWord(text, offset);
    if (scanKind !== kind) return null;
    if (kind === T.ID) return matched(intern(text, offset, offset + scanLen));
    if (kind === T.PATH || kind === T.HPATH) pathStart = offset;
    return matched(text.substring(offset, offset + scanLen));
  };
}

/** STR in a double-quoted string: text up to `"`, `${` or the end (escapes kept; see unescapeString). */
function stringText(text: string, s: number): CustomPatternMatcherReturn | null {
  let j = s;
  for (;;) {
    if (j >= n) break;
    const ch = text.charCodeAt(j);
    if (ch === 34) break;
    if (ch === 92) { if (j + 1 < n) { j += 2; continue; } break; }
    if (ch === 36) {
      const nx = code(text, j + 1);
      if (nx === 123 || nx === -1) break;
      if (nx === 34) { j++; break; }
      if (nx === 92) { if (j + 2 < n) { j += 3; continue; } break; }
      j += 2;
      continue;
    }
    j++;
  }
  return j === s ? null : matched(text.substring(s, j));
}

/** A lone `$`, `\` or `$\` at the end of input inside a string: a STR token of its own in Nix
 * (so `"a\` has two STR tokens in a row, which the grammar rejects). */
function stringTail(text: string, s: number): CustomPatternMatcherReturn | null {
  let j = s;
  if (text.charCodeAt(j) === 36) j++;
  if (text.charCodeAt(j) === 92) j++;
  return j > s && j === n ? matched(text.substring(s, j)) : null;
}

/** End of input inside a string. */
function stringEnd(text: string, s: number): CustomPatternMatcherReturn | null {
  return s === n ? matched(text.substring(s, n + 1)) : null;
}

/** Escapes in an indented string: `''$`, `'''`, `''\x`. */
function indEscape(text: string, i: number): CustomPatternMatcherReturn | null {
  if (code(text, i + 1) !== 39) return null;
  const e = code(text, i + 2);
  if (e === 36 || e === 39) return matched(text.substring(i, i + 3));
  if (e === 92 && i + 3 < n) return matched(text.substring(i, i + 4));
  return null;
}

/** Raw text of an indented string (it takes part in indentation stripping). */
function indText(text: string, s: number): CustomPatternMatcherReturn | null {
  let j = s;
  for (;;) {
    if (j >= n) break;
    const ch = text.charCodeAt(j);
    if (ch === 36) {
      const nx = code(text, j + 1);
      if (nx === 123 || nx === 39 || nx === -1) break;
      j += 2;
      continue;
    }
    if (ch === 39) {
      const nx = code(text, j + 1);
      if (nx === 39 || nx === 36 || nx === -1) break;
      j += 2;
      continue;
    }
    j++;
  }
  return j === s ? null : matched(text.substring(s, j));
}

/** A path piece after a path start: {PATH}|{PATH_SEG}|{PATH_CHAR}+, longest. */
function pathText(text: string, i: number): CustomPatternMatcherReturn | null {
  let best = pathLen(text, i);
  let j = i;
  while (j < n && PATH_CHAR[code(text, j)]) j++;
  if (code(text, j) === 47 && j + 1 - i > best) best = j + 1 - i;
  if (j - i > best) best = j - i;
  return best > 0 ? matched(text.substring(i, i + best)) : null;
}

const endsWithSlash = (tok: IToken | undefined) =>
  tok !== undefined && tok.tokenTypeIdx !== RBrace.tokenTypeIdx && tok.image.charCodeAt(tok.image.length - 1) === 47;

function zeroLength(payload: number): CustomPatternMatcherReturn {
  EMPTY_MATCH.payload = payload;
  return EMPTY_MATCH;
}

// ---- token types ------------------------------------------------------------------------------

const custom = (name: string, exec: (text: string, offset: number, tokens: IToken[]) => CustomPatternMatcherReturn | null, hint: string[], extra: object = {}) =>
  createToken({ name, pattern: { exec: exec as never }, start_chars_hint: hint, line_breaks: true, ...extra });

const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });
const LineComment = custom("LineComment", (text, i) => {
  if (i >= n || text.charCodeAt(i) !== 35) return null;
  let j = i + 1;
  while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
  return matched(text.substring(i, j));
}, ["#"], { group: Lexer.SKIPPED, line_breaks: false });
const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED, line_breaks: true });

const Id = custom("ID", word(T.ID), chars(alpha + "_"));
const Int = custom("INT", word(T.INT), chars(digits));
const keywordTypes = Object.entries(KEYWORDS).map(([kw, kind]) => [kind, custom(`KW_${kw}`, word(kind, kw), [kw[0]!])] as const);
const Path = custom("PATH", word(T.PATH), chars(pathChars + "/"), { push_mode: "path" });
const Float = custom("FLOAT", word(T.FLOAT), chars(digits + "."));
const Uri = custom("URI", word(T.URI), chars(alpha));
const SPath = custom("SPATH", word(T.SPATH), ["<"]);
const HPath = custom("HPATH", word(T.HPATH), ["~"], { push_mode: "path" });
/** An integer beyond 2^63-1, or a float out of a double's range. */
const BadInt = custom("BAD_INT", word(T.ERROR), chars(digits + "."));

const tok = (name: string, pattern: string, extra: object = {}) => createToken({ name, pattern, ...extra });
const DollarCurly = tok("DOLLAR_CURLY", "${", { push_mode: "default" });
const LBrace = tok("LBRACE", "{", { push_mode: "default" });
const RBrace = tok("RBRACE", "}", { pop_mode: true });
const DQuoteOpen = tok("DQUOTE_OPEN", '"', { push_mode: "string" });
const DQuoteClose = tok("DQUOTE_CLOSE", '"', { pop_mode: true });
/** `''`, and the spaces and newline after it (they are not part of the string). */
const IndOpen = createToken({ name: "IND_STRING_OPEN", pattern: /''(?: *\n)?/, push_mode: "indString", line_breaks: true });
const IndClose = tok("IND_STRING_CLOSE", "''", { pop_mode: true });
const Eof = custom("EOF", (text, i) => (i === n ? matched(SENTINEL) : null), [SENTINEL]);
const punctuation: [T, TokenType][] = [
  [T.ELLIPSIS, tok("ELLIPSIS", "...")], [T.EQ, tok("EQ", "==")], [T.NEQ, tok("NEQ", "!=")],
  [T.LEQ, tok("LEQ", "<=")], [T.GEQ, tok("GEQ", ">=")], [T.AND, tok("AND", "&&")], [T.OR, tok("OR", "||")],
  [T.IMPL, tok("IMPL", "->")], [T.UPDATE, tok("UPDATE", "//")], [T.CONCAT, tok("CONCAT", "++")],
  [T.LBRACK, tok("LBRACK", "[")], [T.RBRACK, tok("RBRACK", "]")], [T.LPAREN, tok("LPAREN", "(")],
  [T.RPAREN, tok("RPAREN", ")")], [T.SEMI, tok("SEMI", ";")], [T.COLON, tok("COLON", ":")], [T.DOT, tok("DOT", ".")],
  [T.COMMA, tok("COMMA", ",")], [T.AT, tok("AT", "@")], [T.QUESTION, tok("QUESTION", "?")], [T.ASSIGN, tok("ASSIGN", "=")],
  [T.PLUS, tok("PLUS", "+")], [T.MINUS, tok("MINUS", "-")], [T.STAR, tok("STAR", "*")], [T.SLASH, tok("SLASH", "/")],
  [T.LT, tok("LT", "<")], [T.GT, tok("GT", ">")], [T.NOT, tok("NOT", "!")],
];
const Invalid = custom("INVALID", (text, i) => (i < n ? matched(text[i]!) : null), ALL_BYTES);

const Str = custom("STR", stringText, ALL_BYTES);
const StrTail = custom("STRING_TAIL", stringTail, ["$", "\\"], { categories: [Str] });
const StrEof = custom("STRING_EOF", stringEnd, [SENTINEL]);

/** Indented-string pieces: raw text, escapes, and a lone `$` or `'` (category: IND_STR). */
const IndStrPart = createToken({ name: "IND_STR", pattern: Lexer.NA });
const IndText = custom("IND_TEXT", indText, ALL_BYTES, { categories: [IndStrPart] });
const IndEscape = custom("IND_ESCAPE", indEscape, ["'"], { categories: [IndStrPart] });
const IndChar = custom("IND_CHAR", (text, i) => (i < n ? matched(text[i]!) : null), ["$", "'"], { categories: [IndStrPart] });

const PathStr = custom("PATH_STR", pathText, chars(pathChars + "/"));
/** A path ending in `/` (an error in Nix 2.8); its payload is the offset Nix reports. */
const PathSlash = custom("PATH_SLASH", (text, i, tokens) => {
  const prev = tokens[tokens.length - 1];
  return endsWithSlash(prev) ? zeroLength(i === n ? prev!.startOffset : i) : null;
}, ALL_BYTES, { pop_mode: true });
/** The (empty) end of a path; its payload is the offset Nix reports for it. */
const PathEnd = custom("PATH_END", (_text, i, tokens) => zeroLength(i === n ? pathStart : tokens[tokens.length - 1]!.startOffset),
  ALL_BYTES, { pop_mode: true });

/** Chevrotain's definition checks run under the test runner only (they cost start-up time). */
export const SKIP_VALIDATIONS = process.env["NODE_ENV"] !== "test";

const nixLexer = new Lexer({
  defaultMode: "default",
  modes: {
    default: [
      WhiteSpace, LineComment, BlockComment,
      Id, Int, ...keywordTypes.map(([, t]) => t), Path, Float, Uri, SPath, HPath, BadInt,
      ...punctuation.slice(0, 10).map(([, t]) => t), DollarCurly, IndOpen, LBrace, RBrace, DQuoteOpen,
      ...punctuation.slice(10).map(([, t]) => t), Eof, Invalid,
    ],
    string: [DQuoteClose, DollarCurly, Str, StrTail, StrEof],
    indString: [Eof, IndEscape, IndClose, DollarCurly, IndText, IndChar],
    path: [DollarCurly, PathStr, PathSlash, PathEnd],
  },
}, { positionTracking: "onlyOffset", ensureOptimizations: true, skipValidations: SKIP_VALIDATIONS, recoveryEnabled: false });

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
    [T.INVALID, Invalid], [T.ERROR, BadInt], [T.ERROR, PathSlash], ...keywordTypes, ...punctuation,
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
  Str, StrTail, StrEof, IndStrPart, IndText, IndEscape, IndChar, PathStr, PathSlash, PathEnd,
];
/** True for IND_STR tokens of raw text (they take part in indentation stripping). */
export const isIndText = (t: IToken) => t.tokenTypeIdx === IndText.tokenTypeIdx;
/** True for STR tokens of a path (raw text, no escapes). */
export const isPathStr = (t: IToken) => t.tokenTypeIdx === PathStr.tokenTypeIdx;

/** The message of an ERROR token. */
export function lexError(t: IToken): string {
  if (t.tokenTypeIdx !== BadInt.tokenTypeIdx) return "path has a trailing slash";
  return /[.eE]/.test(t.image) ? `invalid float '${t.image}'` : `invalid integer '${t.image}'`;
}

/** The offset Nix reports for token `t` in messages (it differs from the start for some tokens). */
export function reportOffset(t: IToken): number {
  return t.payload !== undefined ? (t.payload as number) : t.startOffset;
}

/** Tokenises a whole source text; the last token is the EOF token. Lexical errors (bad integers,
 * trailing slashes, invalid bytes) are tokens the parser reports when it reaches them. */
export function tokenize(text: string): IToken[] {
  n = text.length;
  scanAt = -1;
  pathStart = 0;
  names = new Array<string | undefined>(1 << 16).fill(undefined);
  nameCount = 0;
  const res = nixLexer.tokenize(text + SENTINEL);
  scanAt = -1;
  names = [];
  const tokens = res.tokens;
  const eofIdx = tokens.length ? tokens[tokens.length - 1]!.tokenTypeIdx : -1;
  if (eofIdx !== Eof.tokenTypeIdx && eofIdx !== StrEof.tokenTypeIdx) throw new Error(`lexer failed: ${res.errors[0]?.message}`);
  // Only "unable to pop" errors (a `}` with no open brace) can occur: Nix ignores those too.
  const eof = tokens[tokens.length - 1]!;
  if (eof.image.length === 1) eof.startOffset = lastLexeme(text, tokens);
  return tokens;
}

/** Where Nix reports the end of the input: at the start of the last lexeme (token, whitespace run
 * or comment) before it, not counting PATH_END. */
function lastLexeme(text: string, tokens: IToken[]): number {
  let k = tokens.length - 2;
  while (k >= 0 && tokens[k]!.tokenTypeIdx === PathEnd.tokenTypeIdx) k--;
  let last = 0;
  let i = 0;
  if (k >= 0) {
    last = tokens[k]!.startOffset;
    i = last + tokens[k]!.image.length;
  }
  while (i < n) {
    const c = text.charCodeAt(i);
    last = i;
    if (c === 35) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47) {
      i = text.indexOf("*/", i + 2) + 2;
      if (i < 2) break;
    } else {
      while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 13)) i++;
    }
  }
  return last;
}

/** Decodes the escapes of a double-quoted string part (and `''\x` escapes) the way Nix 2.8 does:
 * `\n`, `\r`, `\t` are control characters, any other escaped byte stands for itself, and raw CR
 * or CR LF become LF. A NUL byte ends the text (Nix works on C strings here). */
export function unescapeString(raw: string): string {
  let simple = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 92 || c === 13 || c === 0) { simple = false; break; }
  }
  if (simple) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    let c = raw[i]!;
    if (c === "\0") break;
    if (c === "\\") {
      c = raw[++i] ?? "";
      if (c === "\0" || c === "") break;
      out += c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c;
    } else if (c === "\r") {
      out += "\n";
      if (raw[i + 1] === "\n") i++;
    } else out += c;
  }
  return out;
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
