// The fixed tables of the Nix grammar that the parser (parser.ts) decides by: binary operator
// precedences and associativity, the tokens that can start an operand, and the `expecting ...`
// lists of syntax errors as chevrotain ERR_MSG options (the version-dependent ones are built from
// syntax-rules.ts by the parser).

import type { BinaryOperator } from "./ast.js";
import { T } from "./tokens.js";

// Binary operator precedences (higher binds tighter), as in Nix's grammar (2.26's pipe operators,
// looser than all of these, are parsed apart).
/** Operand precedences of `!` and unary `-`. */
export const PREC_NOT = 7;
export const PREC_NEGATE = 12;
/** Precedence of each binary operator token kind (-1: not one). */
export const binPrec = new Int8Array(64).fill(-1);
binPrec[T.IMPL] = 1; binPrec[T.OR] = 2; binPrec[T.AND] = 3;
binPrec[T.EQ] = 4; binPrec[T.NEQ] = 4;
binPrec[T.LT] = 5; binPrec[T.GT] = 5; binPrec[T.LEQ] = 5; binPrec[T.GEQ] = 5;
binPrec[T.UPDATE] = 6;
binPrec[T.PLUS] = 8; binPrec[T.MINUS] = 8;
binPrec[T.STAR] = 9; binPrec[T.SLASH] = 9;
binPrec[T.CONCAT] = 10;
binPrec[T.QUESTION] = 11;
/** Right-associative and non-associative operators. */
export const RIGHT_ASSOC = new Set<number>([T.IMPL, T.UPDATE, T.CONCAT]);
export const NON_ASSOC = new Set<number>([T.EQ, T.NEQ, T.LT, T.GT, T.LEQ, T.GEQ]);
/** The operator of each binary operator token kind. */
export const OP_NAME: Record<number, BinaryOperator> = {
  [T.IMPL]: "->", [T.OR]: "||", [T.AND]: "&&", [T.EQ]: "==", [T.NEQ]: "!=", [T.LT]: "<", [T.GT]: ">",
  [T.LEQ]: "<=", [T.GEQ]: ">=", [T.UPDATE]: "//", [T.PLUS]: "+", [T.MINUS]: "-", [T.STAR]: "*",
  [T.SLASH]: "/", [T.CONCAT]: "++",
};
/** Tokens that can start an `expr_simple` (and so an application argument). */
export const STARTS_SIMPLE = new Uint8Array(64);
for (const t of [T.ID, T.INT, T.FLOAT, T.DQUOTE, T.IND_STRING_OPEN, T.PATH, T.HPATH, T.SPATH, T.URI,
  T.LPAREN, T.LET, T.REC, T.LBRACE, T.LBRACK]) STARTS_SIMPLE[t] = 1;
/** SUBRULE options passing each minimum precedence to exprOp (allocated once). */
export const PREC_ARGS = Array.from({ length: 16 }, (_, p) => ({ ARGS: [p] as [number] }));

/** ERR_MSG meaning "no `expecting` part" (chevrotain ignores an empty ERR_MSG). */
export const NO_EXPECTING = "\u0000";
export const expecting = (name?: string) => ({ ERR_MSG: name ?? NO_EXPECTING });

/** ERR_MSG options: no `expecting` part, and each fixed `expecting` list. */
export const NONE = expecting();
export const EXP_EOF = expecting("end of file");
export const EXP_LBRACE = expecting("'{'");
export const EXP_RBRACE = expecting("'}'");
export const EXP_RPAREN = expecting("')'");
export const EXP_COLON = expecting("':'");
export const EXP_COLON_AT = expecting("':' or '@'");
export const EXP_SEMI = expecting("';'");
export const EXP_DOT_ASSIGN = expecting("'.' or '='");
export const EXP_ID = expecting("ID");
export const EXP_THEN = expecting("THEN");
export const EXP_ELSE = expecting("ELSE");
export const EXP_DQUOTE = expecting("'\"'");
export const EXP_IND_PART = expecting("IND_STR or DOLLAR_CURLY or IND_STRING_CLOSE");
export const EXP_PATH_END = expecting("PATH_END");
/** SUBRULE options of attrName: dynamic names allowed (attribute paths) or not (`inherit`). */
export const ALLOW_DYNAMIC = { ARGS: [true] as [boolean] };
export const NO_DYNAMIC = { ARGS: [false] as [boolean] };
