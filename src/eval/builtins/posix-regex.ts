// Translation of POSIX extended regular expressions, as libstdc++'s std::regex (extended, "C"
// locale) reads them in Nix 2.8, into RE2 syntax for re2js. Patterns and subjects are byte
// strings (one JS char per byte); every byte is emitted as `\x{hh}`, brackets are expanded to
// explicit byte sets, so RE2's own escape and class rules never apply.

/** A syntax error in a POSIX regular expression (Nix reports `invalid regular expression`). */
export class PosixRegexError extends Error {}

/** The translation of a pattern: RE2 source and number of capture groups. */
export interface TranslatedRegex {
  readonly source: string;
  readonly groups: number;
}

type ByteSet = boolean[];

const range = (set: ByteSet, lo: number, hi: number) => {
  for (let c = lo; c <= hi; c++) set[c] = true;
};

/** Character classes of the "C" locale, by the names libstdc++ accepts. */
function classSet(name: string): ByteSet | undefined {
  const s: ByteSet = new Array<boolean>(256).fill(false);
  const alpha = () => (range(s, 0x41, 0x5a), range(s, 0x61, 0x7a));
  const digit = () => range(s, 0x30, 0x39);
  const space = () => (range(s, 0x09, 0x0d), (s[0x20] = true));
  switch (name.toLowerCase()) {
    case "alnum":
      alpha(), digit();
      break;
    case "alpha":
      alpha();
      break;
    case "blank":
      s[0x20] = s[0x09] = true;
      break;
    case "cntrl":
      range(s, 0, 0x1f), (s[0x7f] = true);
      break;
    case "d":
    case "digit":
      digit();
      break;
    case "graph":
      range(s, 0x21, 0x7e);
      break;
    case "lower":
      range(s, 0x61, 0x7a);
      break;
    case "print":
      range(s, 0x20, 0x7e);
      break;
    case "punct":
      range(s, 0x21, 0x2f), range(s, 0x3a, 0x40), range(s, 0x5b, 0x60), range(s, 0x7b, 0x7e);
      break;
    case "s":
    case "space":
      space();
      break;
    case "upper":
      range(s, 0x41, 0x5a);
      break;
    case "w":
      alpha(), digit(), (s[0x5f] = true);
      break;
    case "xdigit":
      digit(), range(s, 0x41, 0x46), range(s, 0x61, 0x66);
      break;
    default:
      return undefined;
  }
  return s;
}

/** POSIX collating-element names of the ASCII characters (index = character code). */
const COLLATE_NAMES = [
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

/** Characters that `\` makes literal outside brackets; any other escape is an error. */
const ESCAPABLE = new Set("^$\\.*+?()[{|");

const hex = (c: number) => `\\x{${c.toString(16)}}`;
/** A byte as RE2 source: letters and digits as themselves, everything else as `\x{hh}`. */
const lit = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ? String.fromCharCode(c) : hex(c);

/** A byte set as an RE2 character class. */
function classSource(set: ByteSet): string {
  let out = "";
  for (let c = 0; c < 256; c++) {
    if (!set[c]) continue;
    let e = c;
    while (e + 1 < 256 && set[e + 1]) e++;
    out += e === c ? hex(c) : e === c + 1 ? hex(c) + hex(e) : `${hex(c)}-${hex(e)}`;
    c = e;
  }
  return out === "" ? "[^\\x{0}-\\x{10ffff}]" : `[${out}]`;
}

/** libstdc++ compares bracket range ends as (signed) `char`. */
const signed = (c: number) => (c >= 128 ? c - 256 : c);

class Translator {
  private i = 0;
  groups = 0;
  constructor(private readonly re: string) {}

  private fail(): never {
    throw new PosixRegexError(this.re);
  }
  private peek(off = 0): string | undefined {
    return this.re[this.i + off];
  }

  translate(): TranslatedRegex {
    const source = this.disjunction();
    if (this.i < this.re.length) this.fail(); // an unmatched `)` or a misplaced quantifier
    return { source, groups: this.groups };
  }

  private disjunction(): string {
    const alts = [this.alternative()];
    while (this.peek() === "|") {
      this.i++;
      alts.push(this.alternative());
    }
    return alts.join("|");
  }

  private alternative(): string {
    let out = "";
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === "|" || c === ")") return out;
      if (c === "^" || c === "$") {
        this.i++;
        out += c;
        continue;
      }
      const atom = this.atom();
      if (atom === undefined) return out;
      out += this.quantifiers(atom);
    }
  }

  /** An atom, or undefined when the next character cannot start one (a quantifier). */
  private atom(): string | undefined {
    const c = this.peek()!;
    switch (c) {
      case "*":
      case "+":
      case "?":
      case "{":
        return undefined;
      case ".":
        this.i++;
        return "[\\x{1}-\\x{ff}]";
      case "(": {
        this.i++;
        this.groups++;
        const inner = this.disjunction();
        if (this.peek() !== ")") this.fail();
        this.i++;
        return `(${inner})`;
      }
      case "[":
        this.i++;
        return classSource(this.bracket());
      case "\\": {
        const e = this.peek(1);
        if (e === undefined || !ESCAPABLE.has(e)) this.fail();
        this.i += 2;
        return hex(e.charCodeAt(0));
      }
      default:
        this.i++;
        return lit(c.charCodeAt(0));
    }
  }

  private quantifiers(atom: string): string {
    let out = atom;
    let wrapped = true;
    for (;;) {
      const c = this.peek();
      let q: string;
      if (c === "*" || c === "+" || c === "?") {
        this.i++;
        q = c;
      } else if (c === "{") {
        this.i++;
        const min = this.number();
        let max: number | undefined = min;
        if (this.peek() === ",") {
          this.i++;
          max = this.peek() === "}" ? undefined : this.number();
        }
        if (this.peek() !== "}") this.fail();
        this.i++;
        if (max !== undefined && max < min) this.fail();
        out = this.bounded(wrapped ? out : `(?:${out})`, min, max);
        wrapped = false;
        continue;
      } else return out;
      out = (wrapped ? out : `(?:${out})`) + q;
      wrapped = false;
    }
  }

  /** `x{min,max}` within RE2's limit of 1000 per counted repetition. */
  private bounded(x: string, min: number, max: number | undefined): string {
    const LIMIT = 1000;
    if (min <= LIMIT && (max === undefined || max <= LIMIT))
      return `${x}{${min}${max === min ? "" : `,${max ?? ""}`}}`;
    let out = "";
    let m = min;
    while (m > LIMIT) {
      out += `(?:${x}{${LIMIT}})`;
      m -= LIMIT;
    }
    out += `(?:${x}{${m}})`;
    if (max === undefined) return out + `(?:${x})*`;
    let extra = max - min;
    while (extra > 0) {
      const k = Math.min(extra, LIMIT);
      out += `(?:${x}{0,${k}})`;
      extra -= k;
    }
    return out;
  }

  private number(): number {
    const start = this.i;
    while (this.i < this.re.length && this.re[this.i]! >= "0" && this.re[this.i]! <= "9") this.i++;
    if (this.i === start) this.fail();
    return Number(this.re.slice(start, this.i));
  }

  /** `[...]` after the `[`: the set of bytes it matches. */
  private bracket(): ByteSet {
    const set: ByteSet = new Array<boolean>(256).fill(false);
    let negate = false;
    if (this.peek() === "^") {
      negate = true;
      this.i++;
    }
    let first = true;
    /** The last single character read, which a following `-` turns into a range start. */
    let prev: number | undefined;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail();
      if (c === "]" && !first) {
        this.i++;
        break;
      }
      if (c === "[" && (this.peek(1) === ":" || this.peek(1) === "." || this.peek(1) === "=")) {
        const kind = this.peek(1)!;
        const name = this.bracketName(kind);
        if (kind === ":") {
          const cls = classSet(name);
          if (!cls) this.fail();
          for (let b = 0; b < 256; b++) if (cls[b]) set[b] = true;
          prev = undefined;
        } else {
          prev = this.collate(name);
          set[prev] = true;
        }
      } else if (c === "-" && !first) {
        this.i++;
        if (this.peek() === "]") {
          set[0x2d] = true;
          prev = undefined;
        } else {
          if (prev === undefined) this.fail();
          const end = this.rangeEnd();
          if (signed(prev) > signed(end)) this.fail();
          for (let b = 0; b < 256; b++) if (signed(b) >= signed(prev) && signed(b) <= signed(end)) set[b] = true;
          prev = undefined;
        }
      } else {
        this.i++;
        prev = c.charCodeAt(0);
        set[prev] = true;
      }
      first = false;
    }
    if (negate) for (let b = 0; b < 256; b++) set[b] = !set[b];
    return set;
  }

  private rangeEnd(): number {
    const c = this.peek();
    if (c === undefined) this.fail();
    if (c === "[") {
      const k = this.peek(1);
      if (k === "." || k === "=") return this.collate(this.bracketName(k));
      if (k === ":") this.fail();
    }
    this.i++;
    return c.charCodeAt(0);
  }

  /** Reads `[:name:]`, `[.name.]` or `[=name=]` and returns the name. */
  private bracketName(kind: string): string {
    const close = this.re.indexOf(kind + "]", this.i + 2);
    if (close < 0) this.fail();
    const name = this.re.slice(this.i + 2, close);
    this.i = close + 2;
    return name;
  }

  private collate(name: string): number {
    const c = COLLATE_NAMES.indexOf(name);
    if (c < 0) this.fail();
    return c;
  }
}

/**
 * Translates a POSIX extended regular expression (libstdc++ dialect) into RE2 syntax.
 * @throws PosixRegexError when std::regex would reject the pattern.
 */
export function translatePosixRegex(re: string): TranslatedRegex {
  return new Translator(re).translate();
}
