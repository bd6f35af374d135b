// Tokens of a POSIX extended regular expression as libstdc++'s std::regex scanner (the one Nix
// 2.8 links) reads them: three states (normal, bracket, brace), `\` only before a special
// character, `]` and `}` ordinary outside brackets. Patterns are byte strings (one char a byte).

/** A malformed pattern. `space` is std::regex's error_space (its NFA outgrew 100,000 states),
 * which Nix reports with its own message; every other code is a syntax error. */
export class RegexSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    readonly code: "syntax" | "space",
  ) {
    super(code === "space" ? `regular expression '${pattern}' needs too many states` : `invalid regular expression '${pattern}'`);
  }
}

export const enum Tok {
  Eof,
  Ord,
  Any,
  SubBegin,
  SubEnd,
  BracketBegin,
  BracketNegBegin,
  BracketEnd,
  BracketDash,
  CollSymbol,
  ClassName,
  EquivName,
  IntervalBegin,
  IntervalEnd,
  Comma,
  DupCount,
  Star,
  Plus,
  Opt,
  Or,
  LineBegin,
  LineEnd,
}

const enum Mode {
  Normal,
  Bracket,
  Brace,
}

/** Characters with a meaning outside brackets; `\` makes exactly these literal. */
const SPECIAL = ".[\\()*+?{|^$";

/** The special characters that are a token by themselves outside brackets and braces. */
const SIMPLE_TOKENS: Readonly<Record<string, Tok>> = {
  "(": Tok.SubBegin,
  ")": Tok.SubEnd,
  "^": Tok.LineBegin,
  $: Tok.LineEnd,
  ".": Tok.Any,
  "*": Tok.Star,
  "+": Tok.Plus,
  "?": Tok.Opt,
  "|": Tok.Or,
};

const isDigit = (c: string) => c >= "0" && c <= "9";

/** A one-token-lookahead scanner: `tok`/`value` describe the current token; `advance()` reads
 * the next one and throws on malformed input, exactly when libstdc++ would. */
export class Scanner {
  tok: Tok = Tok.Eof;
  value = "";
  /** Whether every token so far was an ordinary character outside brackets. */
  onlyOrdinary = true;
  private pos = 0;
  private mode = Mode.Normal;
  private atBracketStart = false;

  constructor(private readonly re: string) {
    this.advance();
  }

  fail(): never {
    throw new RegexSyntaxError(this.re, "syntax");
  }

  advance(): void {
    if (this.pos === this.re.length) {
      this.tok = Tok.Eof;
      return;
    }
    if (this.mode === Mode.Normal) this.scanNormal();
    else if (this.mode === Mode.Bracket) this.scanBracket();
    else this.scanBrace();
    if (this.tok !== Tok.Ord || this.mode !== Mode.Normal) this.onlyOrdinary = false;
  }

  private setOrd(c: string): void {
    this.tok = Tok.Ord;
    this.value = c;
  }

  private scanNormal(): void {
    const re = this.re;
    const c = re[this.pos++]!;
    // A NUL byte is special too (libstdc++ looks characters up with strchr) and then rejected.
    if (c === "\0") this.fail();
    if (!SPECIAL.includes(c)) return this.setOrd(c);
    switch (c) {
      case "\\": {
        if (this.pos === re.length) this.fail();
        const e = re[this.pos++]!;
        if (e === "\0" || !SPECIAL.includes(e)) this.fail();
        return this.setOrd(e);
      }
      case "[":
        this.mode = Mode.Bracket;
        this.atBracketStart = true;
        if (this.pos < re.length && re[this.pos] === "^") {
          this.pos++;
          this.tok = Tok.BracketNegBegin;
        } else this.tok = Tok.BracketBegin;
        return;
      case "{":
        this.mode = Mode.Brace;
        this.tok = Tok.IntervalBegin;
        return;
      default:
        this.tok = SIMPLE_TOKENS[c]!;
    }
  }

  private scanBracket(): void {
    const re = this.re;
    if (this.pos === re.length) this.fail();
    const c = re[this.pos++]!;
    if (c === "-") this.tok = Tok.BracketDash;
    else if (c === "[") {
      if (this.pos === re.length) this.fail();
      const k = re[this.pos]!;
      if (k === "." || k === ":" || k === "=") {
        this.pos++;
        this.tok = k === "." ? Tok.CollSymbol : k === ":" ? Tok.ClassName : Tok.EquivName;
        this.readClassName(k);
      } else this.setOrd(c);
    } else if (c === "]" && !this.atBracketStart) {
      this.tok = Tok.BracketEnd;
      this.mode = Mode.Normal;
    } else this.setOrd(c);
    this.atBracketStart = false;
  }

  /** The name of `[:name:]`, `[.name.]` or `[=name=]`: up to the first `k`, which `]` must follow. */
  private readClassName(k: string): void {
    const re = this.re;
    const close = re.indexOf(k, this.pos);
    if (close < 0) this.fail();
    this.value = re.slice(this.pos, close);
    this.pos = close + 1;
    if (this.pos === re.length || re[this.pos++] !== "]") this.fail();
  }

  private scanBrace(): void {
    const re = this.re;
    if (this.pos === re.length) this.fail();
    const c = re[this.pos++]!;
    if (isDigit(c)) {
      const start = this.pos - 1;
      while (this.pos < re.length && isDigit(re[this.pos]!)) this.pos++;
      this.tok = Tok.DupCount;
      this.value = re.slice(start, this.pos);
    } else if (c === ",") this.tok = Tok.Comma;
    else if (c === "}") {
      this.mode = Mode.Normal;
      this.tok = Tok.IntervalEnd;
    } else this.fail();
  }
}
