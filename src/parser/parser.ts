// Recursive-descent parser for Nix 2.8 over the token arrays of lexer.ts, building the AST of
// ast.ts directly. Operator precedence and associativity, attribute-path merging, duplicate
// checks and error positions follow Nix 2.8's bison grammar (checked against `--parse`).
// Every failure is a NixParseError; deep nesting is bounded so the JS stack never overflows.

import type { AttrDef, AttrName, BinaryOperator, DynamicAttrDef, Expr, ExprOf, Formal, Source, Span } from "./ast.js";
import { canonPath, showPos } from "./positions.js";
import { stripIndentation, type IndPart } from "./indented-string.js";
import { NixParseError } from "../errors.js";
import { T, tokenNames, tokenize, tokenValue, type Tokens } from "./lexer.js";
import { showAttrPath, showSymbol } from "./print.js";

export { canonPath, showPos } from "./positions.js";

/** Options of {@link parseSource}. */
export interface ParseOptions {
  /** Home directory for `~/` paths (defaults to `$HOME`, then `/homeless-shelter`). */
  home?: string;
}

type Attrs = ExprOf<"Attrs">;
type MutAttrs = { kind: "Attrs"; span: Span; rec: boolean; attrs: AttrDef[]; dynamic: DynamicAttrDef[] };

// Binary operator precedences (higher binds tighter), as in Nix 2.8's grammar.
const PREC_NOT = 7;
const PREC_NEGATE = 12;
const binPrec = new Int8Array(64).fill(-1);
binPrec[T.IMPL] = 1; binPrec[T.OR] = 2; binPrec[T.AND] = 3;
binPrec[T.EQ] = 4; binPrec[T.NEQ] = 4;
binPrec[T.LT] = 5; binPrec[T.GT] = 5; binPrec[T.LEQ] = 5; binPrec[T.GEQ] = 5;
binPrec[T.UPDATE] = 6;
binPrec[T.PLUS] = 8; binPrec[T.MINUS] = 8;
binPrec[T.STAR] = 9; binPrec[T.SLASH] = 9;
binPrec[T.CONCAT] = 10;
binPrec[T.QUESTION] = 11;
const RIGHT_ASSOC = new Set<number>([T.IMPL, T.UPDATE, T.CONCAT]);
const NON_ASSOC = new Set<number>([T.EQ, T.NEQ, T.LT, T.GT, T.LEQ, T.GEQ]);
const OP_NAME: Record<number, BinaryOperator> = {
  [T.IMPL]: "->", [T.OR]: "||", [T.AND]: "&&", [T.EQ]: "==", [T.NEQ]: "!=", [T.LT]: "<", [T.GT]: ">",
  [T.LEQ]: "<=", [T.GEQ]: ">=", [T.UPDATE]: "//", [T.PLUS]: "+", [T.MINUS]: "-", [T.STAR]: "*",
  [T.SLASH]: "/", [T.CONCAT]: "++",
};
/** Tokens that can start an `expr_simple` (and so an application argument). */
const STARTS_SIMPLE = new Uint8Array(64);
for (const t of [T.ID, T.INT, T.FLOAT, T.DQUOTE, T.IND_STRING_OPEN, T.PATH, T.HPATH, T.SPATH, T.URI,
  T.LPAREN, T.LET, T.REC, T.LBRACE, T.LBRACK]) STARTS_SIMPLE[t] = 1;

/** Nesting deeper than this is rejected (Nix would overflow its own stack much later). */
const MAX_DEPTH = 1000;

/** Parses a whole source into an expression (no scope resolution). Throws NixParseError. */
export function parseSource(src: Source, options: ParseOptions = {}): Expr {
  const p = new Parser(src, tokenize(src.text), options);
  try {
    return p.parseFile();
  } catch (e) {
    if (e instanceof RangeError) throw new NixParseError("expression nested too deeply", { file: src, start: 0, end: 0 });
    throw e;
  }
}

class Parser {
  private readonly types: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly text: string;
  /** The canonical base directory ("" for the root). */
  private readonly base: string;
  private pos = 0;
  /** Open-addressing intern table for identifiers (see idText). */
  private readonly names: (string | undefined)[] = new Array<string | undefined>(1 << 16).fill(undefined);
  private nameCount = 0;
  private depth = 0;
  private readonly attrIndex = new WeakMap<object, Map<string, number>>();

  constructor(private readonly src: Source, private readonly toks: Tokens, private readonly options: ParseOptions) {
    this.types = toks.types;
    this.starts = toks.starts;
    this.ends = toks.ends;
    this.text = src.text;
    this.base = canonPath(src.baseDir.startsWith("/") ? src.baseDir : "/" + src.baseDir);
    if (this.base === "/") this.base = "";
  }

  parseFile(): Expr {
    const e = this.expr();
    if (this.types[this.pos] !== T.EOF) this.fail("end of file");
    return e;
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** The payload of token `i` (see tokenValue). */
  private val(i: number): string | number | bigint {
    return tokenValue(this.text, this.toks, i);
  }
  /** Identifier text of token `i`, interned so repeated names share one string. */
  private idText(i: number): string {
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    if (e - s > 24) return this.text.slice(s, e);
    const text = this.text;
    let h = 0x811c9dc5;
    for (let k = s; k < e; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    const table = this.names;
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
    const str = text.slice(s, e);
    if (this.nameCount * 2 < table.length) {
      table[slot] = str;
      this.nameCount++;
    }
    return str;
  }
  private span(start: number, end: number): Span {
    return { file: this.src, start, end };
  }
  private get t(): T {
    return this.types[this.pos] as T;
  }
  private la(k: number): T {
    const i = this.pos + k;
    return i < this.toks.count ? (this.types[i] as T) : T.EOF;
  }
  private prevEnd(): number {
    return this.pos > 0 ? this.ends[this.pos - 1]! : 0;
  }
  private errorAt(message: string, offset: number): NixParseError {
    return new NixParseError(message, this.span(offset, offset));
  }
  /** Throws Nix's `syntax error, unexpected X[, expecting Y]` at the current token. */
  private fail(expecting?: string): never {
    const t = this.t;
    const at = this.starts[this.pos]!;
    if (t === T.ERROR) throw this.errorAt(String(this.val(this.pos)), at);
    let msg = `syntax error, unexpected ${tokenNames[t]}`;
    if (expecting) msg += `, expecting ${expecting}`;
    throw this.errorAt(msg, at);
  }
  private expect(t: T, name?: string): number {
    if (this.t !== t) this.fail(name);
    return this.ends[this.pos++]!;
  }
  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw this.errorAt("expression nested too deeply", this.starts[this.pos]!);
  }

  // ---- expressions -----------------------------------------------------------------------

  private expr(): Expr {
    this.enter();
    try {
      return this.exprFunction();
    } finally {
      this.depth--;
    }
  }

  private exprFunction(): Expr {
    const t = this.t;
    const start = this.starts[this.pos]!;
    if (t === T.ID) {
      const next = this.la(1);
      if (next === T.COLON) {
        const arg = this.idText(this.pos);
        this.pos += 2;
        const body = this.expr();
        return { kind: "Lambda", span: this.span(start, body.span.end), arg, body };
      }
      if (next === T.AT) {
        const arg = this.idText(this.pos);
        this.pos += 2;
        if (this.t !== T.LBRACE) this.fail("'{'");
        this.pos++;
        const formals = this.formals();
        this.expect(T.COLON, "':'");
        const body = this.expr();
        // Like Nix, check the formals once the whole lambda has been read.
        this.checkFormals(formals.entries, arg, start);
        return { kind: "Lambda", span: this.span(start, body.span.end), arg, formals, body };
      }
    } else if (t === T.LBRACE && this.isFormals()) {
      this.pos++;
      const formals = this.formals();
      let arg: string | undefined;
      if (this.t === T.AT) {
        this.pos++;
        if ((this.t as T) !== T.ID) this.fail("ID");
        arg = this.idText(this.pos++);
      }
      if (this.t !== T.COLON) this.fail(arg === undefined ? "':' or '@'" : "':'");
      this.pos++;
      const body = this.expr();
      this.checkFormals(formals.entries, arg, start);
      return arg === undefined
        ? { kind: "Lambda", span: this.span(start, body.span.end), formals, body }
        : { kind: "Lambda", span: this.span(start, body.span.end), arg, formals, body };
    } else if (t === T.ASSERT || t === T.WITH) {
      this.pos++;
      const cond = this.expr();
      this.expect(T.SEMI, "';'");
      const body = this.expr();
      const span = this.span(start, body.span.end);
      return t === T.ASSERT ? { kind: "Assert", span, cond, body } : { kind: "With", span, attrs: cond, body };
    } else if (t === T.LET && this.la(1) !== T.LBRACE) {
      this.pos++;
      const binds = this.binds(start, false);
      if (this.t !== T.IN) this.fail();
      this.pos++;
      const body = this.expr();
      if (binds.dynamic.length) throw this.errorAt("dynamic attributes not allowed in let", start);
      return { kind: "Let", span: this.span(start, body.span.end), attrs: binds.attrs, body };
    } else if (t === T.IF) {
      this.pos++;
      const cond = this.expr();
      this.expect(T.THEN, "THEN");
      const then = this.expr();
      this.expect(T.ELSE, "ELSE");
      const els = this.expr();
      return { kind: "If", span: this.span(start, els.span.end), cond, then, else: els };
    }
    return this.exprOp(0);
  }

  /** At `{`: does a formals list follow (rather than a set)? */
  private isFormals(): boolean {
    const a = this.la(1);
    if (a === T.ELLIPSIS) return true;
    if (a === T.RBRACE) {
      const b = this.la(2);
      return b === T.COLON || b === T.AT;
    }
    if (a === T.ID) {
      const b = this.la(2);
      return b === T.COMMA || b === T.QUESTION || b === T.RBRACE;
    }
    return false;
  }

  /** Parses formals after `{`, through the closing `}`. */
  private formals(): { entries: Formal[]; ellipsis: boolean } {
    const entries: Formal[] = [];
    let ellipsis = false;
    for (;;) {
      const t = this.t;
      if (t === T.RBRACE) break;
      if (t === T.ELLIPSIS) {
        ellipsis = true;
        this.pos++;
        break;
      }
      if (t !== T.ID) this.fail();
      const fs = this.starts[this.pos]!;
      const name = this.idText(this.pos);
      this.pos++;
      if (this.t === T.QUESTION) {
        this.pos++;
        const def = this.expr();
        entries.push({ name, default: def, span: this.span(fs, def.span.end) });
      } else entries.push({ name, span: this.span(fs, this.prevEnd()) });
      if (this.t !== T.COMMA) break;
      this.pos++;
    }
    this.expect(T.RBRACE, "'}'");
    return { entries, ellipsis };
  }

  private checkFormals(entries: readonly Formal[], arg: string | undefined, lambdaStart: number): void {
    if (entries.length > 1) {
      const seen = new Map<string, number>();
      let dup: Formal | undefined;
      let dupRank = Infinity;
      entries.forEach((f, i) => {
        const first = seen.get(f.name);
        if (first === undefined) seen.set(f.name, i);
        else if (first < dupRank) {
          dupRank = first;
          dup = f;
        }
      });
      if (dup) throw new NixParseError(`duplicate formal function argument '${dup.name}'`, this.span(dup.span.start, dup.span.start));
    }
    if (arg !== undefined && entries.some((f) => f.name === arg))
      throw this.errorAt(`duplicate formal function argument '${arg}'`, lambdaStart);
  }

  private exprOp(minPrec: number): Expr {
    let left: Expr;
    const start = this.starts[this.pos]!;
    const t0 = this.t;
    if (t0 === T.NOT || t0 === T.MINUS) {
      this.pos++;
      this.enter();
      try {
        const operand = this.exprOp(t0 === T.NOT ? PREC_NOT + 1 : PREC_NEGATE + 1);
        const span = this.span(start, operand.span.end);
        left = t0 === T.NOT ? { kind: "Not", span, expr: operand } : { kind: "Negate", span, expr: operand };
      } finally {
        this.depth--;
      }
    } else left = this.exprApp();
    for (;;) {
      const t = this.t;
      const prec = binPrec[t]!;
      if (prec < minPrec || prec < 0) return left;
      this.pos++;
      if (t === T.QUESTION) {
        const path = this.attrPath();
        left = { kind: "HasAttr", span: this.span(left.span.start, this.prevEnd()), expr: left, path };
        continue;
      }
      this.enter();
      let right: Expr;
      try {
        right = this.exprOp(RIGHT_ASSOC.has(t) ? prec : prec + 1);
      } finally {
        this.depth--;
      }
      left = { kind: "Binary", span: this.span(left.span.start, right.span.end), op: OP_NAME[t]!, left, right };
      if (NON_ASSOC.has(t) && binPrec[this.t] === prec) this.fail();
    }
  }

  private exprApp(): Expr {
    const fn = this.exprSelect();
    if (!STARTS_SIMPLE[this.t]) return fn;
    const args: Expr[] = [];
    while (STARTS_SIMPLE[this.t]) args.push(this.exprSelect());
    const end = args[args.length - 1]!.span.end;
    if (fn.kind === "Call") return { kind: "Call", span: this.span(fn.span.start, end), fn: fn.fn, args: [...fn.args, ...args] };
    return { kind: "Call", span: this.span(fn.span.start, end), fn, args };
  }

  private exprSelect(): Expr {
    const e = this.exprSimple();
    const t = this.t;
    if (t === T.DOT) {
      this.pos++;
      const path = this.attrPath();
      if (this.t === T.OR_KW) {
        this.pos++;
        this.enter();
        try {
          const def = this.exprSelect();
          return { kind: "Select", span: this.span(e.span.start, def.span.end), expr: e, path, default: def };
        } finally {
          this.depth--;
        }
      }
      return { kind: "Select", span: this.span(e.span.start, this.prevEnd()), expr: e, path };
    }
    if (t === T.OR_KW) {
      const oe = this.ends[this.pos++]!;
      // Nix positions this `or` variable at the start of the whole selection.
      const orVar: Expr = { kind: "Var", span: this.span(e.span.start, oe), name: "or" };
      return { kind: "Call", span: this.span(e.span.start, oe), fn: e, args: [orVar] };
    }
    return e;
  }

  /** attrpath: (ID | OR_KW | "string" | ${expr}) separated by dots. */
  private attrPath(): AttrName[] {
    const path: AttrName[] = [];
    for (;;) {
      path.push(this.attrName(true));
      if (this.t !== T.DOT) return path;
      this.pos++;
    }
  }

  private attrName(allowDynamic: boolean): AttrName {
    const t = this.t;
    const s = this.starts[this.pos]!;
    if (t === T.ID || t === T.OR_KW) {
      const name = t === T.ID ? this.idText(this.pos) : "or";
      const e = this.ends[this.pos++]!;
      return { name, span: this.span(s, e) };
    }
    let expr: Expr;
    if (t === T.DQUOTE) {
      if (this.la(1) === T.STR && this.la(2) === T.DQUOTE) {
        const name = this.val(this.pos + 1) as string;
        this.pos += 3;
        return { name, span: this.span(s, this.ends[this.pos - 1]!) };
      }
      expr = this.stringLiteral();
    }
    else if (t === T.DOLLAR_CURLY) {
      this.pos++;
      expr = this.expr();
      this.expect(T.RBRACE, "'}'");
    } else return this.fail("ID or OR_KW or DOLLAR_CURLY or '\"'");
    const span = this.span(s, this.prevEnd());
    if (expr.kind === "String") return { name: expr.value, span };
    if (!allowDynamic) throw this.errorAt("dynamic attributes not allowed in inherit", s);
    return { expr, span };
  }

  private exprSimple(): Expr {
    const t = this.t;
    const i = this.pos;
    const s = this.starts[i]!;
    switch (t) {
      case T.ID: {
        this.pos++;
        const name = this.idText(i);
        if (name === "__curPos") return { kind: "CurPos", span: this.span(s, this.ends[i]!) };
        return { kind: "Var", span: this.span(s, this.ends[i]!), name };
      }
      case T.INT:
        this.pos++;
        return { kind: "Int", span: this.span(s, this.ends[i]!), value: this.val(i) as number | bigint };
      case T.FLOAT:
        this.pos++;
        return { kind: "Float", span: this.span(s, this.ends[i]!), value: this.val(i) as number };
      case T.DQUOTE:
        return this.stringLiteral();
      case T.IND_STRING_OPEN:
        return this.indString();
      case T.PATH:
      case T.HPATH:
        return this.path();
      case T.SPATH:
        this.pos++;
        return { kind: "SearchPath", span: this.span(s, this.ends[i]!), name: this.val(i) as string };
      case T.URI:
        this.pos++;
        return { kind: "String", span: this.span(s, this.ends[i]!), value: this.idText(i) };
      case T.LPAREN: {
        this.pos++;
        const e = this.expr();
        this.expect(T.RPAREN, "')'");
        return e;
      }
      case T.LET: {
        this.pos++;
        if (this.t !== T.LBRACE) this.fail("'{'");
        this.pos++;
        const set = this.binds(s, true);
        this.expect(T.RBRACE, "'}'");
        set.span = this.span(s, this.prevEnd());
        const span = this.span(s, this.prevEnd());
        return { kind: "Select", span, expr: set, path: [{ name: "body", span }] };
      }
      case T.REC:
      case T.LBRACE: {
        this.pos++;
        if (t === T.REC) {
          if (this.t !== T.LBRACE) this.fail("'{'");
          this.pos++;
        }
        const set = this.binds(s, t === T.REC);
        this.expect(T.RBRACE, "'}'");
        set.span = this.span(s, this.prevEnd());
        return set;
      }
      case T.LBRACK: {
        this.pos++;
        const elems: Expr[] = [];
        this.enter();
        try {
          while (STARTS_SIMPLE[this.t]) elems.push(this.exprSelect());
        } finally {
          this.depth--;
        }
        const e = this.expect(T.RBRACK);
        return { kind: "List", span: this.span(s, e), elems };
      }
    }
    return this.fail();
  }

  private stringLiteral(): Expr {
    const s = this.starts[this.pos]!;
    const t1 = this.la(1);
    if (t1 === T.DQUOTE || (t1 === T.STR && this.la(2) === T.DQUOTE)) {
      // Fast path: "" or "text".
      const value = t1 === T.DQUOTE ? "" : (this.val(this.pos + 1) as string);
      this.pos += t1 === T.DQUOTE ? 2 : 3;
      return { kind: "String", span: this.span(s, this.ends[this.pos - 1]!), value };
    }
    this.pos++;
    const parts: Expr[] = [];
    let interpolated = false;
    for (;;) {
      const t = this.t;
      if (t === T.STR) {
        parts.push({ kind: "String", span: this.span(this.starts[this.pos]!, this.ends[this.pos]!), value: this.val(this.pos) as string });
        this.pos++;
      } else if (t === T.DOLLAR_CURLY) {
        this.pos++;
        interpolated = true;
        parts.push(this.expr());
        this.expect(T.RBRACE, "'}'");
      } else break;
    }
    const e = this.expect(T.DQUOTE, "'\"'");
    const span = this.span(s, e);
    if (!interpolated) {
      if (parts.length === 0) return { kind: "String", span, value: "" };
      if (parts.length === 1) return { kind: "String", span, value: (parts[0] as ExprOf<"String">).value };
      return { kind: "String", span, value: parts.map((p) => (p as ExprOf<"String">).value).join("") };
    }
    return { kind: "Interpolation", span, parts };
  }

  private indString(): Expr {
    const s = this.starts[this.pos]!;
    this.pos++;
    // Collect parts: strings carry whether they take part in indentation stripping.
    const parts: IndPart[] = [];
    for (;;) {
      const t = this.t;
      if (t === T.IND_STR) {
        parts.push({ str: this.val(this.pos) as string, ind: this.toks.indent[this.pos] === 1, start: this.starts[this.pos]!, end: this.ends[this.pos]! });
        this.pos++;
      } else if (t === T.DOLLAR_CURLY) {
        const ds = this.starts[this.pos]!;
        this.pos++;
        const e = this.expr();
        this.expect(T.RBRACE, "'}'");
        parts.push({ expr: e, ind: false, start: ds, end: this.prevEnd() });
      } else break;
    }
    const end = this.expect(T.IND_STRING_CLOSE, "IND_STR or DOLLAR_CURLY or IND_STRING_CLOSE");
    const span = this.span(s, end);
    if (parts.length === 0) return { kind: "String", span, value: "" };

    return stripIndentation(parts, span, (st, en) => this.span(st, en));
  }

  private path(): Expr {
    const i = this.pos;
    const s = this.starts[i]!;
    const raw = this.idText(i);
    this.pos++;
    let value: string;
    if (this.types[i] === T.HPATH) {
      const home = this.options.home ?? process.env["HOME"] ?? "/homeless-shelter";
      value = home + raw.slice(1);
    } else {
      if (raw.charCodeAt(0) === 47) value = canonPath(raw);
      else if (raw.charCodeAt(0) === 46 && raw.charCodeAt(1) === 47) value = canonPath(this.base + raw.slice(1));
      else value = canonPath(this.base + "/" + raw);
      if (raw.length > 1 && raw.charCodeAt(raw.length - 1) === 47) value += "/";
    }
    const first: Expr = { kind: "Path", span: this.span(s, this.ends[i]!), value };
    if (this.t === T.PATH_END) {
      this.pos++;
      return first;
    }
    const parts: Expr[] = [first];
    let interpolated = false;
    for (;;) {
      const t = this.t;
      if (t === T.STR) {
        // Before the first interpolation, one STR may come, and then `${` must follow.
        if (!interpolated && parts.length > 1) this.fail("DOLLAR_CURLY");
        parts.push({ kind: "String", span: this.span(this.starts[this.pos]!, this.ends[this.pos]!), value: this.idText(this.pos) });
        this.pos++;
      } else if (t === T.DOLLAR_CURLY) {
        this.pos++;
        interpolated = true;
        parts.push(this.expr());
        this.expect(T.RBRACE, "'}'");
      } else break;
    }
    if (!interpolated) this.fail("DOLLAR_CURLY");
    this.expect(T.PATH_END, "PATH_END");
    return { kind: "PathInterpolation", span: this.span(s, this.prevEnd()), parts };
  }

  // ---- bindings ----------------------------------------------------------------------------

  /** Parses bindings up to (not including) `}` or `in`, merging attribute paths as Nix does. */
  private binds(start: number, rec: boolean): MutAttrs {
    const set: MutAttrs = { kind: "Attrs", span: this.span(start, start), rec, attrs: [], dynamic: [] };
    // Nix positions the expressions of `inherit` at the end of the token before the bindings.
    const bindsPos = this.prevEnd();
    for (;;) {
      const t = this.t;
      if (t === T.INHERIT) {
        this.pos++;
        let from: Expr | undefined;
        if (this.t === T.LPAREN) {
          this.pos++;
          from = this.expr();
          this.expect(T.RPAREN, "')'");
        }
        // Nix positions inherited attributes at the end of the token before the names.
        const listPos = this.prevEnd();
        const names: { name: string; span: Span }[] = [];
        while (this.t === T.ID || this.t === T.OR_KW || this.t === T.DQUOTE || this.t === T.DOLLAR_CURLY)
          names.push(this.attrName(false) as { name: string; span: Span });
        // Nix adds the names once the whole `inherit ...;` has been read.
        this.expect(T.SEMI);
        for (const an of names) {
          const name = an.name;
          const existing = this.findAttr(set, name);
          if (existing >= 0)
            throw new NixParseError(`attribute '${showSymbol(name)}' already defined at ${showPos(set.attrs[existing]!.span)}`, this.span(listPos, listPos));
          const span = this.span(listPos, an.span.end);
          const vspan = this.span(bindsPos, an.span.end);
          const value: Expr = from
            ? { kind: "Select", span: vspan, expr: from, path: [{ name, span: an.span }] }
            : { kind: "Var", span: vspan, name };
          this.pushAttr(set, { name, value, span, inherited: from === undefined });
        }
        continue;
      }
      if (t === T.ID && this.types[this.pos + 1] === T.ASSIGN) {
        // Fast path: `name = value;` with a plain identifier.
        const i = this.pos;
        const name = this.idText(i);
        this.pos += 2;
        const value = this.expr();
        this.expect(T.SEMI, "';'");
        const span = this.span(this.starts[i]!, this.ends[i]!);
        if (this.findAttr(set, name) < 0) this.pushAttr(set, { name, value, span, inherited: false });
        else this.addAttr(set, [{ name, span }], value, span);
        continue;
      }
      if (t === T.ID || t === T.OR_KW || t === T.DQUOTE || t === T.DOLLAR_CURLY) {
        const ps = this.starts[this.pos]!;
        const path = this.attrPath();
        const pathEnd = this.prevEnd();
        this.expect(T.ASSIGN, "'='");
        const value = this.expr();
        this.expect(T.SEMI, "';'");
        const a0 = path[0]!;
        if (path.length === 1 && "name" in a0 && this.findAttr(set, a0.name) < 0) {
          // Fast path: a fresh static name.
          this.pushAttr(set, { name: a0.name, value, span: a0.span, inherited: false });
        } else this.addAttr(set, path, value, this.span(ps, pathEnd));
        continue;
      }
      return set;
    }
  }

  /** Index of attribute `name` in `set`, or -1. Small sets are scanned; big ones get a Map. */
  private findAttr(set: Attrs | MutAttrs, name: string): number {
    const attrs = set.attrs;
    const n = attrs.length;
    if (n < 12) {
      for (let i = 0; i < n; i++) if (attrs[i]!.name === name) return i;
      return -1;
    }
    let idx = this.attrIndex.get(set);
    if (!idx) {
      idx = new Map();
      for (let i = 0; i < n; i++) if (!idx.has(attrs[i]!.name)) idx.set(attrs[i]!.name, i);
      this.attrIndex.set(set, idx);
    }
    return idx.get(name) ?? -1;
  }

  /** Appends an attribute to a set under construction, keeping its index (if any) current. */
  private pushAttr(set: Attrs | MutAttrs, def: AttrDef): void {
    const idx = this.attrIndex.get(set);
    if (idx) idx.set(def.name, set.attrs.length);
    (set.attrs as AttrDef[]).push(def);
  }

  private addAttr(root: MutAttrs, path: AttrName[], value: Expr, pos: Span): void {
    let set = root;
    const dup = (prev: Span): never => {
      throw new NixParseError(`attribute '${showAttrPath(path)}' already defined at ${showPos(prev)}`, pos);
    };
    const n = path.length;
    for (let k = 0; k < n - 1; k++) {
      const a = path[k]!;
      if ("name" in a) {
        const j = this.findAttr(set, a.name);
        if (j >= 0) {
          const def = set.attrs[j]!;
          if (def.inherited || def.value.kind !== "Attrs") dup(def.span);
          set = def.value as unknown as MutAttrs;
        } else {
          const nested: MutAttrs = { kind: "Attrs", span: pos, rec: false, attrs: [], dynamic: [] };
          this.pushAttr(set, { name: a.name, value: nested as Expr, span: pos, inherited: false });
          set = nested;
        }
      } else {
        const nested: MutAttrs = { kind: "Attrs", span: pos, rec: false, attrs: [], dynamic: [] };
        set.dynamic.push({ nameExpr: a.expr, value: nested as Expr, span: pos });
        set = nested;
      }
    }
    const last = path[n - 1]!;
    if (!("name" in last)) {
      set.dynamic.push({ nameExpr: last.expr, value, span: pos });
      return;
    }
    const j = this.findAttr(set, last.name);
    if (j < 0) {
      this.pushAttr(set, { name: last.name, value, span: pos, inherited: false });
      return;
    }
    const existing = set.attrs[j]!;
    if (existing.value.kind === "Attrs" && value.kind === "Attrs") {
      // Merge the new set's static attributes into the existing one (Nix 2.8 drops the new
      // set's dynamic attributes and `rec`).
      const target = existing.value as unknown as MutAttrs;
      for (const ad of value.attrs) {
        const j2 = this.findAttr(target, ad.name);
        if (j2 >= 0)
          throw new NixParseError(`attribute '${showSymbol(ad.name)}' already defined at ${showPos(ad.span)}`, target.attrs[j2]!.span);
        this.pushAttr(target, ad);
      }
      return;
    }
    dup(existing.span);
  }
}
