// Chevrotain EmbeddedActionsParser for Nix over the token vector of lexer.ts, building the AST of
// ast.ts directly in embedded actions (no CST). Decisions look at LA(k) token kinds the way Nix's
// bison grammar resolves them; precedence, associativity, attribute-path merging and error
// messages/positions follow the version's rules (syntax-rules.ts, checked against `--parse` of
// Nix 2.8 and 2.26). Every failure is a NixParseError.

import type { IToken } from "chevrotain";
import { chevrotain } from "./chevrotain.js";

const { EmbeddedActionsParser } = chevrotain;
import type { AttrName, Expr, ExprOf, Formal, Source, Span } from "./ast.js";
import { canonPath } from "./positions.js";
import { stripIndentation, type IndPart } from "./indented-string.js";
import { NixParseError } from "../errors.js";
import { scanTokens } from "./lexer.js";
import {
  SKIP_VALIDATIONS, T, TokenVector, allTokenTypes, indStrValue, isIndText, isPathStr, kindOf, lexError, reportOffset, tokenTypes,
  typeOfKind, unescapeString,
} from "./tokens.js";
import { AttrSetBuilder, type MutAttrs } from "./attr-sets.js";
import { DEFAULT_NIX_VERSION, type NixVersion } from "../nix-version.js";
import { SYNTAX_RULES, type SyntaxRules } from "./syntax-rules.js";
import { cursedOrWarning, pipeCall } from "./call-syntax.js";
import {
  ALLOW_DYNAMIC, binPrec, EXP_COLON, EXP_COLON_AT, EXP_DOT_ASSIGN, EXP_DQUOTE, EXP_ELSE, EXP_EOF, EXP_ID, EXP_IND_PART,
  EXP_LBRACE, EXP_PATH_END, EXP_RBRACE, EXP_RPAREN, EXP_SEMI, EXP_THEN, expecting, NO_DYNAMIC, NO_EXPECTING, NON_ASSOC,
  NONE, OP_NAME, PREC_ARGS, PREC_NEGATE, PREC_NOT, RIGHT_ASSOC, STARTS_SIMPLE,
} from "./grammar-tables.js";

export { canonPath, showPos } from "./positions.js";

/** Options of {@link parseSource}. */
export interface ParseOptions {
  /** Home directory for `~/` paths (defaults to `$HOME`, then `/homeless-shelter`). */
  home?: string;
  /** The Nix version whose syntax and messages to follow (default {@link DEFAULT_NIX_VERSION}). */
  nixVersion?: NixVersion;
  /** Experimental features that are on (Nix 2.26's `pipe-operators` changes the syntax). */
  experimentalFeatures?: readonly string[];
  /** Reports a warning of the parser (Nix prints `warning: MSG`), e.g. Nix 2.26's about `or`. */
  warn?: (message: string) => void;
}

/** Nesting deeper than this is rejected (Nix would overflow its own stack much later). */
const MAX_DEPTH = 1000;
/** Returned by rules while chevrotain records the grammar (decisions here use LA, not the GAST). */
const RECORDING: Expr = { kind: "Int", span: { file: { name: "", baseDir: "/", text: "" }, start: 0, end: 0 }, value: 0 };

const end = (t: IToken) => t.startOffset + t.image.length;

class NixParser extends EmbeddedActionsParser {
  private src: Source = RECORDING.span.file;
  /** The canonical base directory ("" for the root). */
  private base = "";
  private home: string | undefined;
  private depth = 0;
  /** Index of the first token of the innermost expression (where a function may begin). */
  private exprStart = -1;
  /** Index of the token after a `{ }` that began an expression (-1: none). */
  private emptyBracesNext = -1;
  private readonly sets = new AttrSetBuilder(RECORDING.span.file);
  private rules: SyntaxRules = SYNTAX_RULES[DEFAULT_NIX_VERSION];
  private warn: ((message: string) => void) | undefined;
  /** Calls `e or` of the legacy `or` syntax, which Nix 2.26 warns about in some places. */
  private readonly legacyOr = new WeakSet<Expr>();
  /** What a formals list expects after a formal, and after a `,`; where a binding may come, in
   * a set, a `rec` set or `let { }`, and a `let ... in` (the version's words). */
  private expAfterFormal = EXP_RBRACE;
  private expAfterComma = EXP_RBRACE;
  private expInSet = NONE;
  private expInRecSet = NONE;
  private expInLet = NONE;

  constructor() {
    super(allTokenTypes, { recoveryEnabled: false, maxLookahead: 3, skipValidations: SKIP_VALIDATIONS });
    this.performSelfAnalysis();
  }

  /** The tokens being parsed; chevrotain's own input only carries their count. */
  private vec = new TokenVector("");
  /** Chevrotain's index of the last consumed token, and the length it bounds LA by. */
  private declare currIdx: number;
  private declare tokVectorLength: number;
  /** The last tokens built for lookahead, by index modulo 8 (a rule looks at each several times). */
  private readonly seenIdx = new Int32Array(8).fill(-1);
  private readonly seenTok: IToken[] = [];

  /** Token `howMuch` ahead, built from the vector (chevrotain's end-of-file token past the end). */
  protected override LA(howMuch: number): IToken {
    const i = this.currIdx + howMuch;
    if (i < 0 || i >= this.vec.count) return super.LA(howMuch);
    const slot = i & 7;
    if (this.seenIdx[slot] === i) return this.seenTok[slot]!;
    const t = this.vec.token(i);
    this.seenIdx[slot] = i;
    this.seenTok[slot] = t;
    return t;
  }
  protected override LA_FAST(howMuch: number): IToken {
    return this.LA(howMuch);
  }

  /** Parses one source (tokens from {@link scanTokens}). */
  parse(src: Source, tokens: TokenVector, options: ParseOptions, rules: SyntaxRules): Expr {
    this.vec = tokens;
    this.seenIdx.fill(-1);
    this.exprStart = -1;
    this.emptyBracesNext = -1;
    this.src = src;
    const base = canonPath(src.baseDir.startsWith("/") ? src.baseDir : "/" + src.baseDir);
    this.base = base === "/" ? "" : base;
    this.home = options.home;
    this.depth = 0;
    this.sets.reset(src, options.nixVersion);
    this.rules = rules;
    this.warn = options.warn;
    this.expAfterFormal = expecting(rules.formalsExpecting.afterFormal);
    this.expAfterComma = expecting(rules.formalsExpecting.afterComma);
    this.expInSet = expecting(rules.bindingsExpecting.set);
    this.expInRecSet = expecting(rules.bindingsExpecting.recSet);
    this.expInLet = expecting(rules.bindingsExpecting.letIn);
    // Chevrotain's input stays empty but for the end-of-file sentinels it adds itself; its
    // bound on LA is the vector's length, and tokens come from the vector.
    this.input = [];
    this.tokVectorLength = tokens.count;
    try {
      const e = this.file();
      const err = this.errors[0];
      if (err) throw this.syntaxError(err.token, err.message === NO_EXPECTING ? undefined : err.message);
      return e;
    } finally {
      this.input = [];
      this.vec = new TokenVector("");
      this.seenTok.length = 0;
      this.seenIdx.fill(-1);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** Kind of the token k ahead (1: the next one). */
  private kind(k: number): T {
    const i = this.currIdx + k;
    return (i < 0 || i >= this.vec.count ? T.EOF : kindOf[this.vec.typeIdx(i)]) as T;
  }
  private span(start: number, end: number): Span {
    return { file: this.src, start, end };
  }
  /** Where a child expression begins as its parent sees it: at its opening parenthesis, if
   * it has one (Nix positions a call, selection or operation at its first token). */
  private startOf(e: Expr): number {
    return this.outerStart.get(e) ?? e.span.start;
  }
  private readonly outerStart = new WeakMap<Expr, number>();

  private prevEnd(): number {
    const t = this.LA(0);
    return t.image === undefined || t.startOffset !== t.startOffset ? 0 : end(t);
  }
  /** Nix's `syntax error, unexpected X[, expecting Y]` (or the lexer's message) at token `t`. */
  private syntaxError(t: IToken, expected?: string): NixParseError {
    const kind = kindOf[t.tokenTypeIdx] as T;
    if ((t as { index?: number }).index === this.emptyBracesNext) expected = "':' or '@'";
    const at = reportOffset(t);
    if (kind === T.ERROR) return new NixParseError(lexError(t), this.span(at, at));
    let msg = `syntax error, unexpected ${this.rules.tokenNames[kind]}`;
    if (expected) msg += `, expecting ${expected}`;
    return new NixParseError(msg, this.span(at, at));
  }
  /** Throws a syntax error at the next token. */
  private fail(expected?: string): never {
    throw this.syntaxError(this.LA(1), expected);
  }
  /** CONSUMEs the next token, of kind `k`; a mismatch reports `expecting` (if given). */
  private take(k: T, opts?: { ERR_MSG: string }): IToken {
    return this.CONSUME(typeOfKind[k]!, opts ?? NONE);
  }
  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new NixParseError("expression nested too deeply", this.span(this.LA(1).startOffset, this.LA(1).startOffset));
  }

  // ---- expressions -----------------------------------------------------------------------

  private file = this.RULE("file", (): Expr => {
    if (this.RECORDING_PHASE) return RECORDING;
    const e = this.SUBRULE(this.expr);
    this.CONSUME(tokenTypes.Eof, EXP_EOF);
    return e;
  });

  /** expr: a function, assert, with, let, if or an operator expression. */
  private expr = this.RULE("expr", (): Expr => {
    if (this.RECORDING_PHASE) return RECORDING;
    this.enter();
    try {
      return this.exprFunction();
    } finally {
      this.depth--;
    }
  });

  private exprFunction(): Expr {
    this.exprStart = this.currIdx + 1;
    const t = this.kind(1);
    const first = this.LA(1);
    const start = first.startOffset;
    if (t === T.ID) {
      const next = this.kind(2);
      if (next === T.COLON) {
        const arg = this.take(T.ID).image;
        this.take(T.COLON);
        const body = this.SUBRULE1(this.expr);
        return { kind: "Lambda", span: this.span(start, body.span.end), arg, body };
      }
      if (next === T.AT) {
        const arg = this.take(T.ID).image;
        this.take(T.AT);
        this.take(T.LBRACE, EXP_LBRACE);
        const formals = this.SUBRULE(this.formals);
        this.take(T.COLON, EXP_COLON);
        const body = this.SUBRULE2(this.expr);
        // Like Nix, check the formals once the whole lambda has been read.
        this.sets.checkFormals(formals.entries, arg, start);
        return { kind: "Lambda", span: this.span(start, body.span.end), arg, formals, body };
      }
    } else if (t === T.LBRACE && this.isFormals()) {
      this.take(T.LBRACE);
      const formals = this.SUBRULE1(this.formals);
      let arg: string | undefined;
      if (this.kind(1) === T.AT) {
        this.take(T.AT);
        arg = this.take(T.ID, EXP_ID).image;
      }
      this.take(T.COLON, arg === undefined ? EXP_COLON_AT : EXP_COLON);
      const body = this.SUBRULE3(this.expr);
      this.sets.checkFormals(formals.entries, arg, start);
      return arg === undefined
        ? { kind: "Lambda", span: this.span(start, body.span.end), formals, body }
        : { kind: "Lambda", span: this.span(start, body.span.end), arg, formals, body };
    } else if (t === T.ASSERT || t === T.WITH) {
      this.take(t);
      const cond = this.SUBRULE4(this.expr);
      this.take(T.SEMI, EXP_SEMI);
      const body = this.SUBRULE5(this.expr);
      const span = this.span(start, body.span.end);
      return t === T.ASSERT ? { kind: "Assert", span, cond, body } : { kind: "With", span, attrs: cond, body };
    } else if (t === T.LET && this.kind(2) !== T.LBRACE) {
      this.take(T.LET);
      const binds = this.SUBRULE(this.binds, { ARGS: [start, false] });
      this.take(T.IN, this.expInLet);
      const body = this.SUBRULE6(this.expr);
      if (binds.dynamic.length) throw new NixParseError("dynamic attributes not allowed in let", this.span(start, start));
      const span = this.span(start, body.span.end);
      return binds.inheritFrom ? { kind: "Let", span, attrs: binds.attrs, body, inheritFrom: binds.inheritFrom } : { kind: "Let", span, attrs: binds.attrs, body };
    } else if (t === T.IF) {
      this.take(T.IF);
      const cond = this.SUBRULE7(this.expr);
      this.take(T.THEN, EXP_THEN);
      const then = this.SUBRULE8(this.expr);
      this.take(T.ELSE, EXP_ELSE);
      const els = this.SUBRULE9(this.expr);
      return { kind: "If", span: this.span(start, els.span.end), cond, then, else: els };
    }
    return this.exprPipe();
  }

  /** Nix 2.26's pipe operators, looser than every other operator: `a |> f |> g` (to the left) and
   * `g <| f <| a` (to the right) are both `g (f a)`; the two do not mix. */
  private exprPipe(): Expr {
    const first = this.SUBRULE(this.exprOp, PREC_ARGS[0]);
    const t = this.kind(1);
    if (t !== T.PIPE_INTO && t !== T.PIPE_FROM) return first;
    const operands = [first];
    const ops: Span[] = [];
    while (this.kind(1) === t) {
      const s = this.take(t).startOffset;
      ops.push(this.span(s, s + 2));
      operands.push(this.SUBRULE1(this.exprOp, PREC_ARGS[0]));
    }
    let acc: Expr;
    if (t === T.PIPE_INTO) {
      acc = operands[0]!;
      for (let i = 1; i < operands.length; i++) acc = pipeCall(operands[i]!, acc, ops[i - 1]!);
    } else {
      acc = operands[operands.length - 1]!;
      for (let i = operands.length - 2; i >= 0; i--) acc = pipeCall(operands[i]!, acc, ops[i]!);
    }
    return acc;
  }

  /** At `{`: does a formals list follow (rather than a set)? */
  private isFormals(): boolean {
    const a = this.kind(2);
    if (a === T.ELLIPSIS) return true;
    if (a === T.RBRACE) {
      const b = this.kind(3);
      return b === T.COLON || b === T.AT;
    }
    if (a === T.ID) {
      const b = this.kind(3);
      return b === T.COMMA || b === T.QUESTION || b === T.RBRACE;
    }
    return false;
  }

  /** Formals after `{`, through the closing `}`. */
  private formals = this.RULE("formals", (): { entries: Formal[]; ellipsis: boolean } => {
    const entries: Formal[] = [];
    let ellipsis = false;
    if (this.RECORDING_PHASE) return { entries, ellipsis };
    let afterFormal = false;
    for (;;) {
      const t = this.kind(1);
      if (t === T.RBRACE) break;
      if (t === T.ELLIPSIS) {
        ellipsis = true;
        this.take(T.ELLIPSIS);
        break;
      }
      // Only after a `,` can this be something else: Nix 2.8 then has reduced the (empty) rest
      // of the formals and expects the `}` (2.26 lists what may follow a `,`).
      const id = this.take(T.ID, this.expAfterComma);
      const name = id.image;
      if (this.kind(1) === T.QUESTION) {
        this.take(T.QUESTION);
        const def = this.SUBRULE(this.expr);
        entries.push({ name, default: def, span: this.span(id.startOffset, def.span.end) });
      } else entries.push({ name, span: this.span(id.startOffset, end(id)) });
      if (this.kind(1) !== T.COMMA) {
        afterFormal = true;
        break;
      }
      this.take(T.COMMA);
    }
    this.take(T.RBRACE, afterFormal ? this.expAfterFormal : EXP_RBRACE);
    return { entries, ellipsis };
  });

  private exprOp = this.RULE("exprOp", (minPrec: number): Expr => {
    if (this.RECORDING_PHASE) return RECORDING;
    let left: Expr;
    const t0 = this.kind(1);
    if (t0 === T.NOT || t0 === T.MINUS) {
      const start = this.take(t0).startOffset;
      this.enter();
      try {
        const operand = this.SUBRULE(this.exprOp, PREC_ARGS[t0 === T.NOT ? PREC_NOT + 1 : PREC_NEGATE + 1]);
        const span = this.span(start, operand.span.end);
        left = t0 === T.NOT ? { kind: "Not", span, expr: operand } : { kind: "Negate", span, expr: operand };
      } finally {
        this.depth--;
      }
    } else left = this.exprApp();
    for (;;) {
      const t = this.kind(1);
      const prec = binPrec[t]!;
      if (prec < minPrec || prec < 0) return left;
      const opStart = this.take(t).startOffset;
      if (t === T.QUESTION) {
        const path = this.SUBRULE(this.attrPath);
        left = { kind: "HasAttr", span: this.span(this.startOf(left), this.prevEnd()), expr: left, path };
        continue;
      }
      this.enter();
      let right: Expr;
      try {
        right = this.SUBRULE1(this.exprOp, PREC_ARGS[RIGHT_ASSOC.has(t) ? prec : prec + 1]);
      } finally {
        this.depth--;
      }
      const op = OP_NAME[t]!;
      const operandSpans: [Span, Span] | undefined =
        op === "+" ? [this.span(this.startOf(left), left.span.end), this.span(this.startOf(right), right.span.end)] : undefined;
      // The operator itself: where Nix 2.26 places an operation (and traces `-`, `*`, `/` as
      // calls of __sub, __mul, __div).
      const opSpan = this.span(opStart, opStart + op.length);
      left = { kind: "Binary", span: this.span(this.startOf(left), right.span.end), op, left, right, operandSpans, opSpan };
      if (NON_ASSOC.has(t) && binPrec[this.kind(1)] === prec) this.fail();
    }
  });

  /** Application: a selection followed by arguments. */
  private exprApp(): Expr {
    const fn = this.exprSelect();
    if (!STARTS_SIMPLE[this.kind(1)]) return fn;
    const args: Expr[] = [];
    while (STARTS_SIMPLE[this.kind(1)]) args.push(this.checkCursedOr(this.exprSelect()));
    const end = args[args.length - 1]!.span.end;
    // Like Nix, `(f a) b` extends the call `f a`, which keeps its own position.
    if (fn.kind === "Call") return { kind: "Call", span: this.span(fn.span.start, end), fn: fn.fn, args: [...fn.args, ...args] };
    return { kind: "Call", span: this.span(this.startOf(fn), end), fn, args };
  }

  /** expr_select: an operand with an optional `.attrpath [or default]`. */
  private exprSelect(): Expr {
    const e = this.exprSimple();
    const t = this.kind(1);
    if (t === T.DOT) {
      this.take(T.DOT);
      const path = this.SUBRULE(this.attrPath);
      if (this.kind(1) === T.OR_KW) {
        this.take(T.OR_KW);
        this.enter();
        try {
          const def = this.checkCursedOr(this.exprSelect());
          return { kind: "Select", span: this.span(this.startOf(e), def.span.end), expr: e, path, default: def };
        } finally {
          this.depth--;
        }
      }
      return { kind: "Select", span: this.span(this.startOf(e), this.prevEnd()), expr: e, path };
    }
    if (t === T.OR_KW) {
      const oe = end(this.take(T.OR_KW));
      // Nix positions this `or` variable at the start of the whole selection.
      const orVar: Expr = { kind: "Var", span: this.span(this.startOf(e), oe), name: "or" };
      const call: Expr = { kind: "Call", span: this.span(this.startOf(e), oe), fn: e, args: [orVar] };
      this.legacyOr.add(call);
      return call;
    }
    return e;
  }

  /** `e`, after warning (as Nix 2.26 does) if it is a legacy `f or` call, unparenthesised, in a
   * place where `or` will be read as an identifier (an argument, list element or default). */
  private checkCursedOr(e: Expr): Expr {
    if (this.rules.warnsCursedOr && this.legacyOr.has(e) && !this.outerStart.has(e)) this.warn?.(cursedOrWarning(e.span));
    return e;
  }

  /** attrpath: (ID | OR_KW | "string" | ${expr}) separated by dots. */
  private attrPath = this.RULE("attrPath", (): AttrName[] => {
    const path: AttrName[] = [];
    if (this.RECORDING_PHASE) return path;
    for (;;) {
      path.push(this.SUBRULE(this.attrName, ALLOW_DYNAMIC));
      if (this.kind(1) !== T.DOT) return path;
      this.take(T.DOT);
    }
  });

  private attrName = this.RULE("attrName", (allowDynamic: boolean): AttrName => {
    if (this.RECORDING_PHASE) return { name: "", span: RECORDING.span };
    const t = this.kind(1);
    const s = this.LA(1).startOffset;
    if (t === T.ID || t === T.OR_KW) {
      const tok = this.take(t);
      return { name: t === T.ID ? tok.image : "or", span: this.span(s, end(tok)) };
    }
    let expr: Expr;
    if (t === T.DQUOTE) {
      if (this.kind(2) === T.STR && this.kind(3) === T.DQUOTE) {
        this.CONSUME(tokenTypes.DQuoteOpen);
        const name = unescapeString(this.CONSUME(tokenTypes.Str).image);
        return { name, span: this.span(s, end(this.CONSUME(tokenTypes.DQuoteClose))) };
      }
      expr = this.SUBRULE(this.stringLiteral);
    } else if (t === T.DOLLAR_CURLY) {
      this.take(T.DOLLAR_CURLY);
      expr = this.SUBRULE(this.expr);
      this.take(T.RBRACE, EXP_RBRACE);
    } else return this.fail("ID or OR_KW or DOLLAR_CURLY or '\"'");
    const span = this.span(s, this.prevEnd());
    if (expr.kind === "String") return { name: expr.value, span };
    if (!allowDynamic) throw new NixParseError("dynamic attributes not allowed in inherit", this.span(s, s));
    return { expr, span };
  });

  /** expr_simple: the operand of a selection. */
  private exprSimple(): Expr {
    const t = this.kind(1);
    switch (t) {
      case T.ID: {
        const tok = this.take(T.ID);
        const name = tok.image;
        const span = this.span(tok.startOffset, end(tok));
        if (name === "__curPos") return { kind: "CurPos", span };
        return { kind: "Var", span, name };
      }
      case T.INT: {
        const tok = this.take(T.INT);
        const img = tok.image;
        let value: number | bigint;
        if (img.length <= 15) value = Number(img);
        else {
          const b = BigInt(img);
          value = b <= 9007199254740991n ? Number(b) : b;
        }
        return { kind: "Int", span: this.span(tok.startOffset, end(tok)), value };
      }
      case T.FLOAT: {
        const tok = this.take(T.FLOAT);
        return { kind: "Float", span: this.span(tok.startOffset, end(tok)), value: Number(tok.image) };
      }
      case T.DQUOTE:
        return this.SUBRULE(this.stringLiteral);
      case T.IND_STRING_OPEN:
        return this.SUBRULE(this.indString);
      case T.PATH:
      case T.HPATH:
        return this.SUBRULE(this.path);
      case T.SPATH: {
        const tok = this.take(T.SPATH);
        return { kind: "SearchPath", span: this.span(tok.startOffset, end(tok)), name: tok.image.slice(1, -1) };
      }
      case T.URI: {
        const tok = this.take(T.URI);
        return { kind: "String", span: this.span(tok.startOffset, end(tok)), value: tok.image };
      }
      case T.LPAREN: {
        const s = this.take(T.LPAREN).startOffset;
        const e = this.SUBRULE(this.expr);
        this.take(T.RPAREN, EXP_RPAREN);
        this.outerStart.set(e, s);
        return e;
      }
      case T.LET: {
        const s = this.take(T.LET).startOffset;
        this.take(T.LBRACE, EXP_LBRACE);
        const set = this.SUBRULE(this.binds, { ARGS: [s, true] });
        // Where a binding or `}` may come, Nix 2.8 lists no expected tokens (2.26 lists a few).
        const e = end(this.take(T.RBRACE, this.expInRecSet));
        set.span = this.span(s, e);
        const span = this.span(s, e);
        return { kind: "Select", span, expr: set, path: [{ name: "body", span }] };
      }
      case T.REC:
      case T.LBRACE: {
        // `{ }` beginning an expression could still be a function's empty formals: a token
        // right after it that fails is reported as Nix's parser sees it there.
        const emptyAtStart = t === T.LBRACE && this.currIdx + 1 === this.exprStart && this.kind(2) === T.RBRACE;
        const s = this.take(t).startOffset;
        if (t === T.REC) this.take(T.LBRACE, EXP_LBRACE);
        const set = this.SUBRULE1(this.binds, { ARGS: [s, t === T.REC] });
        set.span = this.span(s, end(this.take(T.RBRACE, t === T.REC ? this.expInRecSet : this.expInSet)));
        if (emptyAtStart && this.rules.emptyBracesMayBeFormals) this.emptyBracesNext = this.currIdx + 1;
        return set;
      }
      case T.LBRACK: {
        const s = this.take(T.LBRACK).startOffset;
        const elems: Expr[] = [];
        this.enter();
        try {
          while (STARTS_SIMPLE[this.kind(1)]) elems.push(this.checkCursedOr(this.exprSelect()));
        } finally {
          this.depth--;
        }
        return { kind: "List", span: this.span(s, end(this.take(T.RBRACK))), elems };
      }
    }
    return this.fail();
  }

  private stringLiteral = this.RULE("stringLiteral", (): Expr => {
    if (this.RECORDING_PHASE) return RECORDING;
    const s = this.CONSUME(tokenTypes.DQuoteOpen).startOffset;
    const t1 = this.kind(1);
    if (t1 === T.DQUOTE || (t1 === T.STR && this.kind(2) === T.DQUOTE)) {
      // Fast path: "" or "text".
      const value = t1 === T.DQUOTE ? "" : unescapeString(this.CONSUME1(tokenTypes.Str).image);
      return { kind: "String", span: this.span(s, end(this.CONSUME1(tokenTypes.DQuoteClose))), value };
    }
    const parts: Expr[] = [];
    const partSpans: Span[] = [];
    let interpolated = false;
    let afterStr = false;
    for (;;) {
      const t = this.kind(1);
      // Two STR tokens in a row (only a lone `\` or `$` at the end of input makes one) are an
      // error, as in Nix's grammar.
      if (t === T.STR && !afterStr) {
        afterStr = true;
        const tok = this.CONSUME2(tokenTypes.Str);
        parts.push({ kind: "String", span: this.span(tok.startOffset, end(tok)), value: unescapeString(tok.image) });
        partSpans.push(parts[parts.length - 1]!.span);
      } else if (t === T.DOLLAR_CURLY) {
        afterStr = false;
        const ds = this.take(T.DOLLAR_CURLY).startOffset;
        interpolated = true;
        parts.push(this.SUBRULE(this.expr));
        partSpans.push(this.span(ds, end(this.take(T.RBRACE, EXP_RBRACE))));
      } else break;
    }
    const span = this.span(s, end(this.CONSUME2(tokenTypes.DQuoteClose, EXP_DQUOTE)));
    if (!interpolated) {
      if (parts.length === 0) return { kind: "String", span, value: "" };
      if (parts.length === 1) return { kind: "String", span, value: (parts[0] as ExprOf<"String">).value };
      return { kind: "String", span, value: parts.map((p) => (p as ExprOf<"String">).value).join("") };
    }
    // Nix positions an interpolated string at its first part, inside the quotes; as an operand
    // it still starts at the quote.
    const node: Expr = { kind: "Interpolation", span: this.span(s + 1, span.end), parts, partSpans };
    this.outerStart.set(node, s);
    return node;
  });

  private indString = this.RULE("indString", (): Expr => {
    if (this.RECORDING_PHASE) return RECORDING;
    const s = this.take(T.IND_STRING_OPEN).startOffset;
    // Collect parts: strings carry whether they take part in indentation stripping.
    const parts: IndPart[] = [];
    for (;;) {
      const t = this.kind(1);
      if (t === T.IND_STR) {
        const tok = this.take(T.IND_STR);
        parts.push({ str: indStrValue(tok), ind: isIndText(tok), start: tok.startOffset, end: end(tok) });
      } else if (t === T.DOLLAR_CURLY) {
        const ds = this.take(T.DOLLAR_CURLY).startOffset;
        const e = this.SUBRULE(this.expr);
        parts.push({ expr: e, ind: false, start: ds, end: end(this.take(T.RBRACE, EXP_RBRACE)) });
      } else break;
    }
    const span = this.span(s, end(this.take(T.IND_STRING_CLOSE, EXP_IND_PART)));
    if (parts.length === 0) return { kind: "String", span, value: "" };
    return stripIndentation(parts, span, (st, en) => this.span(st, en), this.rules.dropsEmptyIndentedParts);
  });

  private path = this.RULE("path", (): Expr => {
    if (this.RECORDING_PHASE) return RECORDING;
    const home = this.kind(1) === T.HPATH;
    const tok = this.take(home ? T.HPATH : T.PATH);
    const s = tok.startOffset;
    const raw = tok.image;
    let value: string;
    if (home) {
      value = (this.home ?? process.env["HOME"] ?? "/homeless-shelter") + raw.slice(1);
    } else {
      if (raw.charCodeAt(0) === 47) value = canonPath(raw);
      else if (raw.charCodeAt(0) === 46 && raw.charCodeAt(1) === 47) value = canonPath(this.base + raw.slice(1));
      else value = canonPath(this.base + "/" + raw);
      if (raw.length > 1 && raw.charCodeAt(raw.length - 1) === 47) value += "/";
    }
    const first: Expr = { kind: "Path", span: this.span(s, end(tok)), value };
    if (this.kind(1) === T.PATH_END) {
      this.take(T.PATH_END);
      return first;
    }
    const parts: Expr[] = [first];
    const partSpans: Span[] = [first.span];
    let interpolated = false;
    for (;;) {
      const t = this.kind(1);
      if (t === T.STR && isPathStr(this.LA(1))) {
        // Before the first interpolation, one STR may come, and then `${` must follow.
        if (!interpolated && parts.length > 1) this.fail("DOLLAR_CURLY");
        const st = this.CONSUME(tokenTypes.PathStr);
        parts.push({ kind: "String", span: this.span(st.startOffset, end(st)), value: st.image });
        partSpans.push(parts[parts.length - 1]!.span);
      } else if (t === T.DOLLAR_CURLY) {
        const ds = this.take(T.DOLLAR_CURLY).startOffset;
        interpolated = true;
        parts.push(this.SUBRULE(this.expr));
        partSpans.push(this.span(ds, end(this.take(T.RBRACE, EXP_RBRACE))));
      } else break;
    }
    if (!interpolated) this.fail("DOLLAR_CURLY");
    this.take(T.PATH_END, EXP_PATH_END);
    return { kind: "PathInterpolation", span: this.span(s, this.prevEnd()), parts, partSpans };
  });

  // ---- bindings ----------------------------------------------------------------------------

  /** Bindings up to (not including) `}` or `in`, merging attribute paths as Nix does. */
  private binds = this.RULE("binds", (start: number, rec: boolean): MutAttrs => {
    const set: MutAttrs = { kind: "Attrs", span: this.span(start, start), rec, attrs: [], dynamic: [] };
    if (this.RECORDING_PHASE) return set;
    // Nix 2.8 positions the values of `inherit` at the end of the token before the bindings.
    const bindsPos = this.prevEnd();
    const sets = this.sets;
    for (;;) {
      const t = this.kind(1);
      if (t === T.INHERIT) {
        this.take(T.INHERIT);
        let from: Expr | undefined;
        if (this.kind(1) === T.LPAREN) {
          this.take(T.LPAREN);
          from = this.SUBRULE(this.expr);
          this.take(T.RPAREN, EXP_RPAREN);
        }
        // Nix 2.8 positions inherited attributes at the end of the token before the names.
        const listPos = this.prevEnd();
        const names: { name: string; span: Span }[] = [];
        for (let k = this.kind(1); k === T.ID || k === T.OR_KW || k === T.DQUOTE || k === T.DOLLAR_CURLY; k = this.kind(1))
          names.push(this.SUBRULE(this.attrName, NO_DYNAMIC) as { name: string; span: Span });
        // Nix adds the names once the whole `inherit ...;` has been read.
        this.take(T.SEMI);
        sets.addInherited(set, names, from, listPos, bindsPos);
        continue;
      }
      if (t === T.ID && this.kind(2) === T.ASSIGN) {
        // Fast path: `name = value;` with a plain identifier.
        const id = this.take(T.ID);
        const name = id.image;
        this.take(T.ASSIGN);
        const value = this.SUBRULE1(this.expr);
        this.take(T.SEMI, EXP_SEMI);
        const span = this.span(id.startOffset, end(id));
        if (sets.findAttr(set, name) < 0) sets.pushAttr(set, { name, value, span, inherited: false });
        else sets.addAttr(set, [{ name, span }], value, span);
        continue;
      }
      if (t === T.ID || t === T.OR_KW || t === T.DQUOTE || t === T.DOLLAR_CURLY) {
        const ps = this.LA(1).startOffset;
        const path = this.SUBRULE(this.attrPath);
        const pathEnd = this.prevEnd();
        // An attribute path may go on with `.`: Nix expects either.
        this.take(T.ASSIGN, EXP_DOT_ASSIGN);
        const value = this.SUBRULE2(this.expr);
        this.take(T.SEMI, EXP_SEMI);
        const a0 = path[0]!;
        if (path.length === 1 && "name" in a0 && sets.findAttr(set, a0.name) < 0) {
          // Fast path: a fresh static name.
          sets.pushAttr(set, { name: a0.name, value, span: a0.span, inherited: false });
        } else sets.addAttr(set, path, value, this.span(ps, pathEnd));
        continue;
      }
      return set;
    }
  });
}

let parser: NixParser | undefined;

/** Parses a whole source into an expression (no scope resolution). Throws NixParseError. */
export function parseSource(src: Source, options: ParseOptions = {}): Expr {
  parser ??= new NixParser();
  try {
    const rules = SYNTAX_RULES[options.nixVersion ?? DEFAULT_NIX_VERSION];
    const pipes = rules.pipeOperators && options.experimentalFeatures?.includes("pipe-operators") === true;
    return parser.parse(src, scanTokens(src.text, rules, pipes), options, rules);
  } catch (e) {
    if (e instanceof RangeError) throw new NixParseError("expression nested too deeply", { file: src, start: 0, end: 0 });
    throw e;
  }
}
