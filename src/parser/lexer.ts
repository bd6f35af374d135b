// Tokeniser for Nix 2.8 source text (byte strings). It reproduces the context-sensitive lexing
// of Nix's flex scanner: string, indented-string and path states, longest-match between paths,
// URIs, identifiers and numbers, and Nix's odd end-of-file positions. Tokens go into flat arrays
// (type/start/end/value) so the parser can look ahead freely without allocating token objects.

/** Token type codes. `names[T]` is the name Nix's bison parser uses in error messages. */
export const enum T {
  EOF, ID, OR_KW, INT, FLOAT, IF, THEN, ELSE, ASSERT, WITH, LET, IN, REC, INHERIT,
  ELLIPSIS, EQ, NEQ, LEQ, GEQ, AND, OR, IMPL, UPDATE, CONCAT,
  LBRACE, RBRACE, LBRACK, RBRACK, LPAREN, RPAREN, SEMI, COLON, DOT, COMMA, AT, QUESTION, ASSIGN,
  PLUS, MINUS, STAR, SLASH, LT, GT, NOT,
  DOLLAR_CURLY, DQUOTE, STR, IND_STRING_OPEN, IND_STR, IND_STRING_CLOSE,
  PATH, HPATH, PATH_END, SPATH, URI,
  /** A byte no rule matches (`invalid token` in Nix). */
  INVALID,
  /** A lexer error (message in `value`): raised when the parser reaches it. */
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

/** The token stream of one source: parallel arrays indexed by token number. */
export interface Tokens {
  readonly types: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Messages of ERROR tokens, by token number. Other payloads come from {@link tokenValue}. */
  readonly errors: Map<number, string>;
  /** For IND_STR tokens: 1 if the text takes part in indentation stripping (not an escape). */
  readonly indent: Uint8Array;
  readonly count: number;
}

const enum S { DEFAULT, STRING, IND_STRING, INPATH, INPATH_SLASH }

const KEYWORDS: Record<string, T> = {
  if: T.IF, then: T.THEN, else: T.ELSE, assert: T.ASSERT, with: T.WITH, let: T.LET,
  in: T.IN, rec: T.REC, inherit: T.INHERIT, or: T.OR_KW,
};

// Character classes as lookup tables (byte codes 0..255).
const ID_START = new Uint8Array(256);
const ID_CHAR = new Uint8Array(256);
const PATH_CHAR = new Uint8Array(256);
const URI_SCHEME = new Uint8Array(256);
const URI_CHAR = new Uint8Array(256);
const DIGIT = new Uint8Array(256);
(() => {
  const set = (t: Uint8Array, s: string) => { for (const c of s) t[c.charCodeAt(0)] = 1; };
  const lower = "abcdefghijklmnopqrstuvwxyz";
  const alpha = lower + lower.toUpperCase();
  const digits = "0123456789";
  set(ID_START, alpha + "_");
  set(ID_CHAR, alpha + digits + "_'-");
  set(PATH_CHAR, alpha + digits + "._-+");
  set(URI_SCHEME, alpha + digits + "+-.");
  set(URI_CHAR, alpha + digits + "%/?:@&=+$,-_.!~*'");
  set(DIGIT, digits);
})();

const MAX_INT = 9223372036854775807n;
/** First letters of keywords (a cheap filter before the keyword lookup). */
const KW_FIRST = new Uint8Array(256);
for (const k of "itaewlrho") KW_FIRST[k.charCodeAt(0)] = 1;

/** The payload of token `i`: identifier or path text, unescaped string text, number or bigint. */
export function tokenValue(text: string, toks: Tokens, i: number): string | number | bigint {
  const s = toks.starts[i]!;
  const e = toks.ends[i]!;
  switch (toks.types[i] as T) {
    case T.INT: {
      if (e - s <= 15) return Number(text.slice(s, e));
      const b = BigInt(text.slice(s, e));
      return b <= 9007199254740991n ? Number(b) : b;
    }
    case T.FLOAT:
      return Number(text.slice(s, e));
    case T.SPATH:
      return text.slice(s + 1, e - 1);
    case T.STR:
      // Inside a path (raw) or a string (escaped): the parser knows which; this is the string case.
      return unescapeString(text.slice(s, e));
    case T.IND_STR: {
      if (toks.indent[i]) return text.slice(s, e);
      if (e - s === 1) return text[s]!;
      const c = text[s + 2]!;
      if (c === "$") return "$";
      if (c === "'") return "''";
      return unescapeString(text.slice(s + 2, e));
    }
    case T.ERROR:
      return toks.errors.get(i) ?? "";
    default:
      return text.slice(s, e);
  }
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

/** Tokenises a whole source text. Never throws: lexical errors become an ERROR token. */
export function tokenize(text: string): Tokens {
  const n = text.length;
  let cap = Math.max(16, ((n / 3) | 0) + 16);
  let types = new Uint8Array(cap);
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  let indent = new Uint8Array(cap);
  const errors = new Map<number, string>();
  let count = 0;
  const stack: S[] = [];
  let state = S.DEFAULT as S;
  let lastLexeme = 0;
  let pathStart = 0;

  const emit = (t: T, s: number, e: number, v: string | null, ind = 0) => {
    if (count === cap) {
      cap *= 2;
      const t2 = new Uint8Array(cap); t2.set(types); types = t2;
      const s2 = new Int32Array(cap); s2.set(starts); starts = s2;
      const e2 = new Int32Array(cap); e2.set(ends); ends = e2;
      const i2 = new Uint8Array(cap); i2.set(indent); indent = i2;
    }
    types[count] = t; starts[count] = s; ends[count] = e; indent[count] = ind;
    if (t === T.ERROR) errors.set(count, v ?? "");
    count++;
    lastLexeme = s;
  };
  const push = (s: S) => { stack.push(state); state = s; };
  const pop = () => { state = stack.length ? stack.pop()! : S.DEFAULT; };
  const code = (i: number) => (i < n ? text.charCodeAt(i) & 255 : -1);

  // Length of {PATH_CHAR}*(\/{PATH_CHAR}+)+\/? at i (0 if none).
  const pathLen = (i: number): number => {
    let j = i;
    while (j < n && PATH_CHAR[code(j)]) j++;
    let segs = 0;
    for (;;) {
      if (code(j) !== 47) break;
      let k = j + 1;
      while (k < n && PATH_CHAR[code(k)]) k++;
      if (k === j + 1) break;
      segs++;
      j = k;
    }
    if (segs === 0) return 0;
    if (code(j) === 47) j++;
    return j - i;
  };

  let i = 0;
  try {
    while (i < n) {
      const c = text.charCodeAt(i) & 255;
      if (state === S.DEFAULT) {
        // Whitespace and comments.
        if (c === 32 || c === 10 || c === 9 || c === 13) {
          const s = i;
          i++;
          for (;;) {
            const w = text.charCodeAt(i);
            if (w === 32 || w === 10 || w === 9 || w === 13) i++;
            else break;
          }
          lastLexeme = s;
          continue;
        }
        if (c === 35) {
          const s = i;
          while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
          lastLexeme = s;
          continue;
        }
        if (c === 47 && code(i + 1) === 42) {
          const e = text.indexOf("*/", i + 2);
          if (e >= 0) { lastLexeme = i; i = e + 2; continue; }
        }
        // Fast paths: an identifier or integer that no path or URI could extend.
        if (ID_START[c]) {
          let j = i + 1;
          while (j < n && ID_CHAR[text.charCodeAt(j) & 255]) j++;
          const nx = code(j);
          if (nx !== 47 && nx !== 58 && nx !== 46 && nx !== 43) {
            const len = j - i;
            const kw = len <= 7 && len >= 2 && KW_FIRST[c] ? KEYWORDS[text.slice(i, j)] : undefined;
            emit(kw ?? T.ID, i, j, null);
            i = j;
            continue;
          }
        } else if (DIGIT[c]) {
          let j = i + 1;
          while (j < n && DIGIT[code(j)]) j++;
          const nx = code(j);
          if (j - i <= 15 && !PATH_CHAR[nx] && nx !== 47) {
            emit(T.INT, i, j, null);
            i = j;
            continue;
          }
        }
        // Candidates by longest match.
        let best = 0;
        let bestType: T = T.INVALID;
        if (ID_START[c]) {
          let j = i + 1;
          while (j < n && ID_CHAR[text.charCodeAt(j) & 255]) j++;
          best = j - i;
          bestType = T.ID;
        }
        let intLen = 0;
        if (DIGIT[c]) {
          let j = i + 1;
          while (j < n && DIGIT[code(j)]) j++;
          intLen = j - i;
          if (intLen > best) { best = intLen; bestType = T.INT; }
        }
        // FLOAT: (([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?
        if ((c >= 49 && c <= 57) || c === 48 || c === 46) {
          let j = -1;
          if (c >= 49 && c <= 57) {
            let k = i + 1;
            while (DIGIT[code(k)]) k++;
            if (code(k) === 46) { k++; while (DIGIT[code(k)]) k++; j = k; }
          } else {
            let k = c === 48 ? i + 1 : i;
            if (code(k) === 46 && DIGIT[code(k + 1)]) { k += 2; while (DIGIT[code(k)]) k++; j = k; }
          }
          if (j > 0) {
            const e = code(j);
            if (e === 69 || e === 101) {
              let k = j + 1;
              if (code(k) === 43 || code(k) === 45) k++;
              if (DIGIT[code(k)]) { while (DIGIT[code(k)]) k++; j = k; }
            }
            if (j - i > best) { best = j - i; bestType = T.FLOAT; }
          }
        }
        // Paths.
        let pathStartSeg = 0; // length of a PATH_SEG / HPATH_START followed by ${
        if (PATH_CHAR[c] || c === 47) {
          const pl = pathLen(i);
          if (pl > best) { best = pl; bestType = T.PATH; }
          let j = i;
          while (j < n && PATH_CHAR[code(j)]) j++;
          if (code(j) === 47 && code(j + 1) === 36 && code(j + 2) === 123 && j + 3 - i > best) {
            best = j + 3 - i; bestType = T.PATH; pathStartSeg = j + 1 - i;
          }
        } else if (c === 126) {
          const pl = code(i + 1) === 47 ? pathLen(i + 1) : 0;
          if (pl > 0 && pl + 1 > best) { best = pl + 1; bestType = T.HPATH; }
          if (code(i + 1) === 47 && code(i + 2) === 36 && code(i + 3) === 123 && 4 > best) {
            best = 4; bestType = T.HPATH; pathStartSeg = 2;
          }
        } else if (c === 60) {
          // SPATH: <{PATH_CHAR}+(\/{PATH_CHAR}+)*>
          let j = i + 1;
          while (PATH_CHAR[code(j)]) j++;
          if (j > i + 1) {
            for (;;) {
              if (code(j) !== 47) break;
              let k = j + 1;
              while (PATH_CHAR[code(k)]) k++;
              if (k === j + 1) break;
              j = k;
            }
            if (code(j) === 62 && j + 1 - i > best) { best = j + 1 - i; bestType = T.SPATH; }
          }
        }
        // URI: [a-zA-Z][a-zA-Z0-9\+\-\.]*\:[URI_CHAR]+
        if (ID_START[c] && c !== 95) {
          let j = i + 1;
          while (URI_SCHEME[code(j)]) j++;
          if (code(j) === 58) {
            let k = j + 1;
            while (URI_CHAR[code(k)]) k++;
            if (k > j + 1 && k - i > best) { best = k - i; bestType = T.URI; }
          }
        }
        if (best > 0) {
          const s = i;
          const e = i + best;
          switch (bestType) {
            case T.ID: {
              const kw = best <= 7 && best >= 2 && KW_FIRST[c] ? KEYWORDS[text.slice(s, e)] : undefined;
              emit(kw ?? T.ID, s, e, null);
              i = e;
              continue;
            }
            case T.INT: {
              if (best > 15) {
                const digits = text.slice(s, e);
                if (BigInt(digits) > MAX_INT) { emit(T.ERROR, s, e, `invalid integer '${digits}'`); return finish(); }
              }
              emit(T.INT, s, e, null);
              i = e;
              continue;
            }
            case T.FLOAT:
              emit(T.FLOAT, s, e, null);
              i = e;
              continue;
            case T.PATH:
            case T.HPATH: {
              const len = pathStartSeg || best;
              const pe = s + len;
              emit(bestType, s, pe, null);
              pathStart = s;
              push(text.charCodeAt(pe - 1) === 47 ? S.INPATH_SLASH : S.INPATH);
              i = pe;
              continue;
            }
            case T.SPATH:
              emit(T.SPATH, s, e, null);
              i = e;
              continue;
            case T.URI:
              emit(T.URI, s, e, null);
              i = e;
              continue;
          }
        }
        // Operators and punctuation.
        const d = code(i + 1);
        let t: T = T.INVALID;
        let len = 1;
        switch (c) {
          case 123: t = T.LBRACE; push(S.DEFAULT); break;
          case 125: t = T.RBRACE; pop(); break;
          case 91: t = T.LBRACK; break;
          case 93: t = T.RBRACK; break;
          case 40: t = T.LPAREN; break;
          case 41: t = T.RPAREN; break;
          case 59: t = T.SEMI; break;
          case 58: t = T.COLON; break;
          case 46:
            if (d === 46 && code(i + 2) === 46) { t = T.ELLIPSIS; len = 3; } else t = T.DOT;
            break;
          case 44: t = T.COMMA; break;
          case 64: t = T.AT; break;
          case 63: t = T.QUESTION; break;
          case 61: if (d === 61) { t = T.EQ; len = 2; } else t = T.ASSIGN; break;
          case 33: if (d === 61) { t = T.NEQ; len = 2; } else t = T.NOT; break;
          case 60: if (d === 61) { t = T.LEQ; len = 2; } else t = T.LT; break;
          case 62: if (d === 61) { t = T.GEQ; len = 2; } else t = T.GT; break;
          case 38: if (d === 38) { t = T.AND; len = 2; } break;
          case 124: if (d === 124) { t = T.OR; len = 2; } break;
          case 45: if (d === 62) { t = T.IMPL; len = 2; } else t = T.MINUS; break;
          case 47: if (d === 47) { t = T.UPDATE; len = 2; } else t = T.SLASH; break;
          case 43: if (d === 43) { t = T.CONCAT; len = 2; } else t = T.PLUS; break;
          case 42: t = T.STAR; break;
          case 36: if (d === 123) { t = T.DOLLAR_CURLY; len = 2; push(S.DEFAULT); } break;
          case 34: t = T.DQUOTE; push(S.STRING); break;
          case 39:
            if (d === 39) {
              t = T.IND_STRING_OPEN;
              len = 2;
              let j = i + 2;
              while (code(j) === 32) j++;
              if (code(j) === 10) len = j + 1 - i;
              push(S.IND_STRING);
            }
            break;
        }
        emit(t, i, i + len, null);
        i += len;
        continue;
      }

      if (state === S.STRING) {
        if (c === 34) { emit(T.DQUOTE, i, i + 1, null); pop(); i++; continue; }
        if (c === 36 && code(i + 1) === 123) { emit(T.DOLLAR_CURLY, i, i + 2, null); push(S.DEFAULT); i += 2; continue; }
        const s = i;
        let j = i;
        for (;;) {
          if (j >= n) break;
          const ch = text.charCodeAt(j);
          if (ch === 34) break;
          if (ch === 92) { if (j + 1 < n) { j += 2; continue; } break; }
          if (ch === 36) {
            const nx = code(j + 1);
            if (nx === 123 || nx === -1) break;
            if (nx === 34) { j++; break; }
            if (nx === 92) { if (j + 2 < n) { j += 3; continue; } break; }
            j += 2;
            continue;
          }
          j++;
        }
        if (j === s) {
          // A lone `$`, `\` or `$\` before the end of the input.
          lastLexeme = s;
          break;
        }
        emit(T.STR, s, j, null);
        i = j;
        continue;
      }

      if (state === S.IND_STRING) {
        const d = code(i + 1);
        if (c === 39 && d === 39) {
          const e = code(i + 2);
          if (e === 36 || e === 39) { emit(T.IND_STR, i, i + 3, null); i += 3; continue; }
          if (e === 92 && i + 3 < n) { emit(T.IND_STR, i, i + 4, null); i += 4; continue; }
          emit(T.IND_STRING_CLOSE, i, i + 2, null);
          pop();
          i += 2;
          continue;
        }
        if (c === 36 && d === 123) { emit(T.DOLLAR_CURLY, i, i + 2, null); push(S.DEFAULT); i += 2; continue; }
        const s = i;
        let j = i;
        for (;;) {
          if (j >= n) break;
          const ch = text.charCodeAt(j);
          if (ch === 36) {
            const nx = code(j + 1);
            if (nx === 123 || nx === 39 || nx === -1) break;
            j += 2;
            continue;
          }
          if (ch === 39) {
            const nx = code(j + 1);
            if (nx === 39 || nx === 36 || nx === -1) break;
            j += 2;
            continue;
          }
          j++;
        }
        if (j > s) { emit(T.IND_STR, s, j, null, 1); i = j; continue; }
        emit(T.IND_STR, i, i + 1, null);
        i++;
        continue;
      }

      // INPATH / INPATH_SLASH
      if (c === 36 && code(i + 1) === 123) {
        state = S.INPATH;
        emit(T.DOLLAR_CURLY, i, i + 2, null);
        push(S.DEFAULT);
        i += 2;
        continue;
      }
      if (PATH_CHAR[c] || c === 47) {
        // {PATH}|{PATH_SEG}|{PATH_CHAR}+, longest.
        let best = pathLen(i);
        let j = i;
        while (j < n && PATH_CHAR[code(j)]) j++;
        if (code(j) === 47 && j + 1 - i > best) best = j + 1 - i;
        if (j - i > best) best = j - i;
        if (best > 0) {
          emit(T.STR, i, i + best, null);
          state = text.charCodeAt(i + best - 1) === 47 ? S.INPATH_SLASH : S.INPATH;
          i += best;
          continue;
        }
      }
      if (state === S.INPATH_SLASH) {
        emit(T.ERROR, i, i + 1, "path has a trailing slash");
        return finish();
      }
      // Nix reports a PATH_END at the token before it.
      {
        const keep = lastLexeme;
        emit(T.PATH_END, count > 0 ? starts[count - 1]! : i, i, null);
        lastLexeme = keep;
      }
      pop();
    }
    // End of input.
    // At the end of the input, Nix reports a PATH_END at the start of the path.
    if (state === S.INPATH) {
      const keep = lastLexeme;
      emit(T.PATH_END, pathStart, n, null);
      lastLexeme = keep;
    }
    else if (state === S.INPATH_SLASH) {
      emit(T.ERROR, lastLexeme, n, "path has a trailing slash");
      return finish();
    }
    emit(T.EOF, lastLexeme, n, null);
  } catch (e) {
    // Only a RangeError from huge inputs could land here; report it as a lexical error.
    emit(T.ERROR, i, i, String(e instanceof Error ? e.message : e));
  }
  return finish();

  function finish(): Tokens {
    if (count === cap) emit(T.EOF, n, n, null); // keep one readable slot past the last token
    return { types, starts, ends, errors, indent, count };
  }
}
