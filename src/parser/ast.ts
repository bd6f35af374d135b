// The Nix abstract syntax tree: a discriminated union on `kind`, every node carrying a `span`
// (source file + byte offsets). Nodes are plain data; parsing builds them, scope resolution
// annotates variables, and evaluation lives in src/eval. Line/column are computed only for errors.

/** A source text. `text` is a byte string: one JS char per byte (latin1), as Nix strings are bytes. */
export interface Source {
  /** Display name: an absolute path, `«string»` for `-E`, or `«stdin»`. */
  readonly name: string;
  /** Directory that relative paths in this source are resolved against. */
  readonly baseDir: string;
  /** The source as a byte string. */
  readonly text: string;
  /** Byte offsets where each line starts; filled on first use by {@link lineColumn}. */
  lineStarts?: number[];
  /** A file inside the evaluator that Nix cannot read back: positions print no code lines. */
  readonly virtual?: boolean;
}

/** Where a node came from: its source and a half-open byte range. */
export interface Span {
  readonly file: Source;
  readonly start: number;
  readonly end: number;
}

/** A resolved variable reference, filled in by scope resolution (src/parser/resolve.ts). */
export type Resolution =
  /** `depth` environments up from the current one, slot `index`. */
  | { readonly kind: "local"; readonly depth: number; readonly index: number }
  /** Not bound lexically: looked up at run time in the enclosing `with` sets, innermost first.
   * `withDepths` are the depths of those `with` environments, innermost first. */
  | { readonly kind: "with"; readonly withDepths: readonly number[]; readonly withSpans: readonly Span[] };

/** One element of an attribute path: a static name or an expression computing it. */
export type AttrName = { readonly name: string; readonly span: Span } | { readonly expr: Expr; readonly span: Span };

/** A static binding in a set or `let`. `inherit x` binds `Var x` resolved in the enclosing
 * scope (`inherited: true`); `inherit (e) x` binds `Select(e, x)`, or under Nix 2.26's rules
 * `Select(v, x)` where `v` names the slot holding `e` (see {@link InheritSource}). */
export interface AttrDef {
  readonly name: string;
  readonly value: Expr;
  readonly span: Span;
  /** `inherit x;`: the value is a variable looked up outside a `rec`/`let` scope. */
  readonly inherited: boolean;
  /** `inherit (e) x;` under Nix 2.26's rules: where `e` is kept. */
  readonly source?: InheritSource;
}

/**
 * The `e` of an `inherit (e) ...;` under Nix 2.26's rules, evaluated once each time its set or
 * `let` is: scope resolution gives it a slot of that set's (or `let`'s) environment named
 * `slotName`, which no source text can name, and the inherited attributes select from a `Var`
 * of that name.
 */
export interface InheritSource {
  readonly slotName: string;
  readonly expr: Expr;
}

/** A binding whose name is computed: `${e} = v;` or `"a${e}" = v;`. */
export interface DynamicAttrDef {
  readonly nameExpr: Expr;
  readonly value: Expr;
  readonly span: Span;
}

export interface Formal {
  readonly name: string;
  readonly default?: Expr;
  readonly span: Span;
}

export interface Formals {
  /** In source order (Nix's `--parse` prints them in symbol-table order). */
  readonly entries: readonly Formal[];
  readonly ellipsis: boolean;
}

export type BinaryOperator =
  | "==" | "!=" | "&&" | "||" | "->" | "//" | "++"
  | "+" | "-" | "*" | "/" | "<" | ">" | "<=" | ">=";

/** Every expression node. */
export type Expr =
  | { readonly kind: "Int"; readonly span: Span; readonly value: number | bigint }
  | { readonly kind: "Float"; readonly span: Span; readonly value: number }
  /** A string without interpolation (also URIs). `value` is a byte string. */
  | { readonly kind: "String"; readonly span: Span; readonly value: string }
  /** `"a${b}c"`, `''...''` with interpolation: parts are `String` nodes and expressions,
   * concatenated with coercion to string (Nix's ExprConcatStrings with forceString). */
  | { readonly kind: "Interpolation"; readonly span: Span; readonly parts: readonly Expr[]; readonly partSpans?: readonly Span[] }
  /** A path literal, already absolute (relative ones resolved against the source's baseDir, `~` expanded). */
  | { readonly kind: "Path"; readonly span: Span; readonly value: string }
  /** A path with interpolation, `./a/${b}`: first part is a `Path`, the rest strings/expressions. */
  | { readonly kind: "PathInterpolation"; readonly span: Span; readonly parts: readonly Expr[]; readonly partSpans?: readonly Span[] }
  /** `<name>`: means `__findFile __nixPath "name"`. */
  | {
      readonly kind: "SearchPath";
      readonly span: Span;
      readonly name: string;
      /** Where `__findFile` and `__nixPath` resolve here (both can be shadowed), set by scope resolution. */
      findFile?: Resolution;
      nixPath?: Resolution;
    }
  | { readonly kind: "Var"; readonly span: Span; readonly name: string; resolution?: Resolution }
  | { readonly kind: "Select"; readonly span: Span; readonly expr: Expr; readonly path: readonly AttrName[]; readonly default?: Expr }
  | { readonly kind: "HasAttr"; readonly span: Span; readonly expr: Expr; readonly path: readonly AttrName[] }
  /** Attribute sets, already merged (`a.b = 1; a.c = 2;` is one nested set). */
  | {
      readonly kind: "Attrs";
      readonly span: Span;
      readonly rec: boolean;
      readonly attrs: readonly AttrDef[];
      readonly dynamic: readonly DynamicAttrDef[];
      /** Nix 2.26: the sources of its `inherit (e)` clauses, in source order. */
      readonly inheritFrom?: readonly InheritSource[];
    }
  | { readonly kind: "List"; readonly span: Span; readonly elems: readonly Expr[] }
  /** `arg: body`, `{ formals }: body`, `arg @ { formals }: body` or `{ formals } @ arg: body`. */
  | { readonly kind: "Lambda"; readonly span: Span; readonly arg?: string; readonly formals?: Formals; readonly body: Expr }
  /** Application `f a b` (one node for the whole chain, like Nix's ExprCall). */
  | { readonly kind: "Call"; readonly span: Span; readonly fn: Expr; readonly args: readonly Expr[] }
  | { readonly kind: "Let"; readonly span: Span; readonly attrs: readonly AttrDef[]; readonly body: Expr; readonly inheritFrom?: readonly InheritSource[] }
  | { readonly kind: "With"; readonly span: Span; readonly attrs: Expr; readonly body: Expr }
  | { readonly kind: "If"; readonly span: Span; readonly cond: Expr; readonly then: Expr; readonly else: Expr }
  | { readonly kind: "Assert"; readonly span: Span; readonly cond: Expr; readonly body: Expr }
  | { readonly kind: "Not"; readonly span: Span; readonly expr: Expr }
  /** Unary minus: Nix means `__sub 0 e`. */
  | { readonly kind: "Negate"; readonly span: Span; readonly expr: Expr }
  | {
      readonly kind: "Binary";
      readonly span: Span;
      readonly op: BinaryOperator;
      readonly left: Expr;
      readonly right: Expr;
      /** For `+`: each operand from its first token (Nix reports a bad operand there). */
      readonly operandSpans?: readonly [Span, Span];
      /** The operator itself. */
      readonly opSpan?: Span;
    }
  /** `__curPos`. */
  | { readonly kind: "CurPos"; readonly span: Span };

export type ExprKind = Expr["kind"];
export type ExprOf<K extends ExprKind> = Extract<Expr, { kind: K }>;

/** The text of line `line` (1-based) of a source, without its line break. */
export function lineText(src: Source, line: number): string | undefined {
  lineColumn(src, 0);
  const starts = src.lineStarts!;
  if (line < 1 || line > starts.length) return undefined;
  const end = line < starts.length ? starts[line]! : src.text.length;
  return src.text.slice(starts[line - 1], end).replace(/\r?\n$|\r$/, "");
}

/** Line (1-based) and column (1-based, in bytes) of an offset in a source. */
export function lineColumn(src: Source, offset: number): { line: number; column: number } {
  let starts = src.lineStarts;
  if (!starts) {
    // Like Nix, a line ends at `\n`, `\r\n` or a lone `\r`.
    starts = [0];
    const t = src.text;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (t.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    src.lineStarts = starts;
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** Source name of `-E` expressions, as a byte string (`«string»` in UTF-8). */
export const STRING_SOURCE = "\u00c2\u00abstring\u00c2\u00bb";
/** Source name of standard input, as a byte string (`«stdin»` in UTF-8). */
export const STDIN_SOURCE = "\u00c2\u00abstdin\u00c2\u00bb";
