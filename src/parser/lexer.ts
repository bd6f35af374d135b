// The lexer for Nix source text (byte strings): a hand-written scanner with a mode stack that
// mirrors the states of Nix's flex scanner (default, string, indented string, path), filling a
// TokenVector for the chevrotain parser. Longest-match scanning decides between paths, URIs,
// identifiers and numbers; zero-length tokens end paths.

import type { IToken, TokenType } from "chevrotain";
import {
  BadInt, DollarCurly, DQuoteClose, DQuoteOpen, Eof, Float, HPath, Id, IndChar, IndClose, IndEscape, IndOpen, IndText,
  Int, Invalid, IndNul, KEYWORDS, LBrace, Path, PathEnd, PathSlash, PathStr, PipeFrom, PipeInto, PipeOff, RBrace, SPath, Str, StrEof,
  StrNul, StrTail, T, TokenVector, Uri, hasRawNul, keywordTypes, punctuation,
} from "./tokens.js";
import { SYNTAX_RULES, type SyntaxRules } from "./syntax-rules.js";

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

const MAX_INT = 9223372036854775807n;
/** First letters of keywords (a cheap filter before the keyword lookup). */
const KW_FIRST = new Uint8Array(256);
for (const k of "itaewlrho") KW_FIRST[k.charCodeAt(0)] = 1;

// ---- scanning state (one tokenize call at a time) -----------------------------------------------

/** Length of the input being scanned. */
let n = -1;
/** Start of the last PATH/HPATH token (Nix reports a PATH_END at the end of input there). */
let pathStart = 0;
/** Kind and length of the last longest-match scan in the default mode. */
let scanKind: T = T.INVALID;
let scanLen = 0;
/** The rules of the version being followed (see syntax-rules.ts) for the scan under way. */
let rules: SyntaxRules = SYNTAX_RULES["2.8"];
/** Whether string parts are checked for NUL bytes (the version refuses them, and there is one). */
let nulCheck = false;
/** The two-character operators of the scan under way. */
let operators: [number, string][] = [];

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
 * 0 if none), as flex picks it; the result is left in scanKind and scanLen. */
function scanWord(text: string, i: number): void {
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

/** End of STR text in a double-quoted string at `s`: up to `"`, `${` or the end (escapes kept;
 * see unescapeString). Returns `s` if there is none. */
function stringText(text: string, s: number): number {
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
  return j;
}

/** A lone `$`, `\` or `$\` at the end of input inside a string: a STR token of its own in Nix
 * (so `"a\` has two STR tokens in a row, which the grammar rejects). Returns its end, or `s`. */
function stringTail(text: string, s: number): number {
  let j = s;
  if (text.charCodeAt(j) === 36) j++;
  if (text.charCodeAt(j) === 92) j++;
  return j > s && j === n ? j : s;
}

/** Length of an escape in an indented string at `i` (`''$`, `'''`, `''\x`), or 0. */
function indEscape(text: string, i: number): number {
  if (code(text, i) !== 39 || code(text, i + 1) !== 39) return 0;
  const e = code(text, i + 2);
  if (e === 36 || e === 39) return 3;
  if (e === 92 && i + 3 < n) return 4;
  return 0;
}

/** End of the raw text of an indented string at `s` (it takes part in indentation stripping). */
function indText(text: string, s: number): number {
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
  return j;
}

/** Length of a path piece after a path start: {PATH}|{PATH_SEG}|{PATH_CHAR}+, longest. */
function pathText(text: string, i: number): number {
  let best = pathLen(text, i);
  let j = i;
  while (j < n && PATH_CHAR[code(text, j)]) j++;
  if (code(text, j) === 47 && j + 1 - i > best) best = j + 1 - i;
  if (j - i > best) best = j - i;
  return best;
}

// ---- the scanner ------------------------------------------------------------------------------

const enum Mode { Default, String, IndString, Path }

/** Token type index of each default-mode word kind. */
const wordType: number[] = [];
for (const [k, t] of [[T.ID, Id], [T.INT, Int], [T.FLOAT, Float], [T.PATH, Path], [T.HPATH, HPath], [T.SPATH, SPath],
  [T.URI, Uri], [T.ERROR, BadInt], ...keywordTypes] as const) wordType[k] = t.tokenTypeIdx!;
/** Single-character punctuation by byte (type index, 0 for none), tried after the two-character operators. */
const singlePunct = new Uint16Array(256);
for (const [, t, img] of punctuation.slice(10)) singlePunct[img.charCodeAt(0)] = t.tokenTypeIdx!;
const doublePunct: [number, string][] = punctuation.slice(0, 10).map(([, t, img]) => [t.tokenTypeIdx!, img]);
/** The same with Nix 2.26's pipe operators, tried first: tokens when the experimental feature is
 * on, errors otherwise. */
const doublePunctWithPipes: [number, string][] = [[PipeInto.tokenTypeIdx!, "|>"], [PipeFrom.tokenTypeIdx!, "<|"], ...doublePunct];
const doublePunctPipesOff: [number, string][] = [[PipeOff.tokenTypeIdx!, "|>"], [PipeOff.tokenTypeIdx!, "<|"], ...doublePunct];

const idx = (t: TokenType) => t.tokenTypeIdx!;
const EOF = idx(Eof), STR_EOF = idx(StrEof), DOLLAR_CURLY = idx(DollarCurly), IND_OPEN = idx(IndOpen), LBRACE = idx(LBrace);
const RBRACE = idx(RBrace), DQUOTE_OPEN = idx(DQuoteOpen), DQUOTE_CLOSE = idx(DQuoteClose), INVALID = idx(Invalid);
const STR = idx(Str), STR_TAIL = idx(StrTail), IND_ESCAPE = idx(IndEscape), IND_CLOSE = idx(IndClose), IND_TEXT = idx(IndText);
const IND_CHAR = idx(IndChar), PATH_STR = idx(PathStr), PATH_SLASH = idx(PathSlash), PATH_END = idx(PathEnd);
const STR_NUL = idx(StrNul), IND_NUL = idx(IndNul);

/** Scans a whole source text into a {@link TokenVector}, as the version of `syntax` lexes (with
 * the `pipe-operators` experimental feature on or off); the last token is the EOF token. Lexical errors (bad integers, trailing slashes, invalid bytes,
 * refused strings) are tokens the parser reports when it reaches them. */
export function scanTokens(text: string, syntax: SyntaxRules = SYNTAX_RULES["2.8"], pipeOperators = false): TokenVector {
  n = text.length;
  pathStart = 0;
  rules = syntax;
  operators = !syntax.pipeOperators ? doublePunct : pipeOperators ? doublePunctWithPipes : doublePunctPipesOff;
  nulCheck = syntax.refusesNulInStrings && text.includes("\0");
  const v = new TokenVector(text);
  scan(text, v);
  const last = v.count - 1;
  v.setStart(last, endOfInput(text, v));
  return v;
}

/** {@link scanTokens} as an array of token objects (for tools and tests; the parser reads the vector). */
export function tokenize(text: string, syntax?: SyntaxRules, pipeOperators?: boolean): IToken[] {
  const v = scanTokens(text, syntax, pipeOperators);
  const out: IToken[] = [];
  for (let i = 0; i < v.count; i++) out.push(v.token(i));
  return out;
}

function scan(text: string, v: TokenVector): void {
  // The mode stack: a `}` with nothing to pop keeps the default mode (Nix ignores it too).
  const modes: Mode[] = [Mode.Default];
  let mode = Mode.Default;
  const push = (m: Mode) => {
    modes.push(m);
    mode = m;
  };
  const pop = () => {
    if (modes.length > 1) {
      modes.pop();
      mode = modes[modes.length - 1]!;
    }
  };
  /** `${` at `at` opens an interpolation (default mode until its `}`); returns the offset after it. */
  const interpolation = (at: number) => {
    v.push(DOLLAR_CURLY, at, 2);
    push(Mode.Default);
    return at + 2;
  };
  let i = 0;
  for (;;) {
    if (mode === Mode.Default) {
      if (i >= n) {
        v.push(EOF, i, 1);
        return;
      }
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        i++;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d !== 32 && d !== 9 && d !== 10 && d !== 13) break;
          i++;
        }
        continue;
      }
      if (c === 35) {
        i++;
        while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
        continue;
      }
      if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const close = text.indexOf("*/", i + 2);
        if (close >= 0) {
          i = close + 2;
          continue;
        }
      }
      scanWord(text, i);
      if (scanKind !== T.INVALID) {
        const k = scanKind;
        v.push(wordType[k]!, i, scanLen);
        if (k === T.PATH || k === T.HPATH) {
          pathStart = i;
          push(Mode.Path);
        }
        i += scanLen;
        continue;
      }
      let done = false;
      for (const [t, img] of operators)
        if (text.startsWith(img, i)) {
          v.push(t, i, img.length);
          i += img.length;
          done = true;
          break;
        }
      if (done) continue;
      if (c === 36 && text.charCodeAt(i + 1) === 123) {
        i = interpolation(i);
        continue;
      }
      if (c === 39 && text.charCodeAt(i + 1) === 39) {
        // `''` and, if only spaces follow up to a newline, those and the newline.
        let j = i + 2;
        while (j < n && text.charCodeAt(j) === 32) j++;
        const e = j < n && text.charCodeAt(j) === 10 ? j + 1 : i + 2;
        v.push(IND_OPEN, i, e - i);
        i = e;
        push(Mode.IndString);
        continue;
      }
      if (c === 123) {
        v.push(LBRACE, i++, 1);
        push(Mode.Default);
        continue;
      }
      if (c === 125) {
        v.push(RBRACE, i++, 1);
        pop();
        continue;
      }
      if (c === 34) {
        v.push(DQUOTE_OPEN, i++, 1);
        push(Mode.String);
        continue;
      }
      const p = c < 256 ? singlePunct[c]! : 0;
      v.push(p !== 0 ? p : INVALID, i++, 1);
      continue;
    }
    if (mode === Mode.String) {
      const c = i < n ? text.charCodeAt(i) : -1;
      if (c === 34) {
        v.push(DQUOTE_CLOSE, i++, 1);
        pop();
        continue;
      }
      if (c === 36 && text.charCodeAt(i + 1) === 123) {
        i = interpolation(i);
        continue;
      }
      let e = stringText(text, i);
      if (e > i) {
        v.push(nulCheck && hasRawNul(text.slice(i, e)) ? STR_NUL : STR, i, e - i);
        i = e;
        continue;
      }
      e = stringTail(text, i);
      if (e > i && !rules.stringTailIsEof) {
        v.push(STR_TAIL, i, e - i);
        i = e;
        continue;
      }
      v.push(STR_EOF, n, 1);
      return;
    }
    if (mode === Mode.IndString) {
      if (i >= n) {
        v.push(EOF, i, 1);
        return;
      }
      const esc = indEscape(text, i);
      if (esc > 0) {
        v.push(IND_ESCAPE, i, esc);
        i += esc;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 39 && text.charCodeAt(i + 1) === 39) {
        v.push(IND_CLOSE, i, 2);
        i += 2;
        pop();
        continue;
      }
      if (c === 36 && text.charCodeAt(i + 1) === 123) {
        i = interpolation(i);
        continue;
      }
      const e = indText(text, i);
      if (e > i) {
        v.push(nulCheck && text.slice(i, e).includes("\0") ? IND_NUL : IND_TEXT, i, e - i);
        i = e;
      } else v.push(IND_CHAR, i++, 1);
      continue;
    }
    // Path mode: pieces and interpolations up to the (empty) end of the path.
    if (i < n && text.charCodeAt(i) === 36 && text.charCodeAt(i + 1) === 123) {
      i = interpolation(i);
      continue;
    }
    const len = i < n ? pathText(text, i) : 0;
    if (len > 0) {
      v.push(PATH_STR, i, len);
      i += len;
      continue;
    }
    // A path whose last piece ends in `/` is an error; its payload is the offset Nix reports.
    const prev = v.count - 1;
    const pl = v.length(prev);
    if (v.typeIdx(prev) !== RBRACE && pl > 0 && text.charCodeAt(v.start(prev) + pl - 1) === 47)
      v.push(PATH_SLASH, i, 0, i === n ? v.start(prev) : i);
    else v.push(PATH_END, i, 0, i === n ? pathStart : v.start(prev));
    pop();
  }
}

/** Where Nix reports the end of the input. Nix 2.8: at the start of the last lexeme (token,
 * whitespace run or comment) before it, not counting PATH_END; input that ends inside a path is
 * reported one lexeme earlier: at the start of the lexeme before the path's last piece. Nix 2.26:
 * where that lexeme ends (the end of the input, or the start of the path's last piece). */
function endOfInput(text: string, v: TokenVector): number {
  let k = v.count - 2;
  while (k >= 0 && v.typeIdx(k) === PATH_END) k--;
  const endsInPath = k >= 0 && v.typeIdx(v.count - 2) === PATH_END && v.start(k) + v.length(k) === n;
  if (rules.eofAtLexemeEnd) return endsInPath ? v.start(k) : n;
  if (k < 0) return Math.max(0, lexemeIn(text, 0, n));
  if (!endsInPath) {
    const after = lexemeIn(text, v.start(k) + v.length(k), n);
    return after >= 0 ? after : v.start(k);
  }
  let j = k - 1;
  while (j >= 0 && v.typeIdx(j) === PATH_END) j--;
  const from = j >= 0 ? v.start(j) + v.length(j) : 0;
  const between = lexemeIn(text, from, v.start(k));
  return between >= 0 ? between : j >= 0 ? v.start(j) : 0;
}

/** The start of the last whitespace run or comment in `text[from, to)` (which holds nothing
 * else), or -1 if there is none. */
function lexemeIn(text: string, from: number, to: number): number {
  let last = -1;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    last = i;
    if (c === 35) {
      while (i < to && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47) {
      i = text.indexOf("*/", i + 2) + 2;
      if (i < 2) break;
    } else {
      const s = i;
      while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 13)) i++;
      if (i === s) break;
    }
  }
  return last;
}
