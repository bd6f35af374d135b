// The "C" locale's character data as std::regex_traits<char> sees it in Nix 2.8: ctype class
// masks per byte, the class names a bracket expression accepts (`[[:alpha:]]`, `[[:w:]]`, ...)
// and the POSIX collating-element names (`[[.hyphen.]]`). Bytes 0x80-0xff belong to no class.

/** ctype mask bits (one per glibc class we need). */
export const UPPER = 1;
export const LOWER = 2;
export const DIGIT = 4;
export const SPACE = 8;
export const PUNCT = 16;
export const CNTRL = 32;
export const BLANK = 64;
export const XDIGIT = 128;
export const PRINT = 256;
/** Not a ctype bit: libstdc++'s extra flag that adds `_` for the `w` class. */
export const UNDERSCORE = 512;

const ALPHA = UPPER | LOWER;
const ALNUM = ALPHA | DIGIT;

/** The ctype mask of every byte in the "C" locale. */
export const CTYPE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let c = 0; c < 128; c++) {
    let m = 0;
    if (c >= 0x41 && c <= 0x5a) m |= UPPER;
    if (c >= 0x61 && c <= 0x7a) m |= LOWER;
    if (c >= 0x30 && c <= 0x39) m |= DIGIT | XDIGIT;
    if ((c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)) m |= XDIGIT;
    if ((c >= 0x09 && c <= 0x0d) || c === 0x20) m |= SPACE;
    if (c === 0x20 || c === 0x09) m |= BLANK;
    if (c < 0x20 || c === 0x7f) m |= CNTRL;
    if (c >= 0x20 && c <= 0x7e) m |= PRINT;
    if (c >= 0x21 && c <= 0x7e && !(m & ALNUM)) m |= PUNCT;
    t[c] = m;
  }
  return t;
})();

/** Class names (looked up after lower-casing, as libstdc++ does) and their masks. */
const CLASS_NAMES: ReadonlyMap<string, number> = new Map([
  ["d", DIGIT],
  ["w", ALNUM | UNDERSCORE],
  ["s", SPACE],
  ["alnum", ALNUM],
  ["alpha", ALPHA],
  ["blank", BLANK],
  ["cntrl", CNTRL],
  ["digit", DIGIT],
  ["graph", ALNUM | PUNCT],
  ["lower", LOWER],
  ["print", PRINT],
  ["punct", PUNCT],
  ["space", SPACE],
  ["upper", UPPER],
  ["xdigit", XDIGIT],
]);

/** The mask of a class name as `[[:name:]]` spells it, or 0 if there is no such class. */
export function lookupClassName(name: string): number {
  return CLASS_NAMES.get(toLowerAscii(name)) ?? 0;
}

/** Whether byte `c` belongs to a class mask. */
export function isClass(c: number, mask: number): boolean {
  return (CTYPE[c]! & mask) !== 0 || ((mask & UNDERSCORE) !== 0 && c === 0x5f);
}

/** The "C" locale's tolower on one byte. */
export function toLowerByte(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

function toLowerAscii(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(toLowerByte(s.charCodeAt(i)));
  return out;
}

/** POSIX collating-element names of the bytes 0-127, in byte order. */
const COLLATING_NAMES: readonly string[] = [
  "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "alert", "backspace", "tab", "newline", "vertical-tab",
  "form-feed", "carriage-return", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN",
  "EM", "SUB", "ESC", "IS4", "IS3", "IS2", "IS1", "space", "exclamation-mark", "quotation-mark", "number-sign",
  "dollar-sign", "percent-sign", "ampersand", "apostrophe", "left-parenthesis", "right-parenthesis",
  "asterisk", "plus-sign", "comma", "hyphen", "period", "slash", "zero", "one", "two", "three", "four", "five",
  "six", "seven", "eight", "nine", "colon", "semicolon", "less-than-sign", "equals-sign", "greater-than-sign",
  "question-mark", "commercial-at", ..."ABCDEFGHIJKLMNOPQRSTUVWXYZ", "left-square-bracket", "backslash",
  "right-square-bracket", "circumflex", "underscore", "grave-accent", ..."abcdefghijklmnopqrstuvwxyz",
  "left-curly-bracket", "vertical-line", "right-curly-bracket", "tilde", "DEL",
];

/** The byte a collating-element name stands for (`hyphen` → 0x2d), or -1 for an unknown name.
 * Only whole names count: a digit is `one`, never `1`. */
export function lookupCollatingName(name: string): number {
  return COLLATING_NAMES.indexOf(name);
}
