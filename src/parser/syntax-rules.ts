// What the parsers of the Nix versions nixts follows do differently, as one table: token names in
// messages, where the end of input is reported, which tokens exist, how `inherit` and repeated
// attribute sets build the AST, and which literals are refused. The lexer, parser and AST helpers
// read the entry of the version being followed; nothing else in src/parser tests the version.

import type { NixVersion } from "../nix-version.js";

/** Token names as Nix's bison parser prints them in `unexpected X` messages, by token kind
 * (src/parser/tokens.ts `T`). Nix 2.26 renamed INT, FLOAT and IN. */
const TOKEN_NAMES_2_8: readonly string[] = [
  "end of file", "ID", "OR_KW", "INT", "FLOAT", "IF", "THEN", "ELSE", "ASSERT", "WITH", "LET", "IN", "REC", "INHERIT",
  "ELLIPSIS", "EQ", "NEQ", "LEQ", "GEQ", "AND", "OR", "IMPL", "UPDATE", "CONCAT",
  "'{'", "'}'", "'['", "']'", "'('", "')'", "';'", "':'", "'.'", "','", "'@'", "'?'", "'='",
  "'+'", "'-'", "'*'", "'/'", "'<'", "'>'", "'!'",
  "DOLLAR_CURLY", "'\"'", "STR", "IND_STRING_OPEN", "IND_STR", "IND_STRING_CLOSE",
  "PATH", "HPATH", "PATH_END", "SPATH", "URI", "PIPE_FROM", "PIPE_INTO",
  "invalid token", "invalid token",
];
const TOKEN_NAMES_2_26: readonly string[] = TOKEN_NAMES_2_8.map((n) => (n === "INT" ? "INT_LIT" : n === "FLOAT" ? "FLOAT_LIT" : n === "IN" ? "IN_KW" : n));

/** How one Nix version lexes and parses. */
export interface SyntaxRules {
  /** Names of the token kinds in `unexpected X` messages. */
  readonly tokenNames: readonly string[];
  /** The end of input is reported where its last lexeme ends (2.26), not where it starts (2.8);
   * either way, one lexeme earlier when the input ends inside a path. */
  readonly eofAtLexemeEnd: boolean;
  /** A lone `$` or `\` at the end of input inside a string is the end of input (2.26), not a
   * STR token of its own (2.8). */
  readonly stringTailIsEof: boolean;
  /** A NUL byte in a string literal is an error (2.26); Nix 2.8 ends the string there. */
  readonly refusesNulInStrings: boolean;
  /** `|>` and `<|` are tokens (2.26; an error unless the `pipe-operators` feature is on). */
  readonly pipeOperators: boolean;
  /** What a formals list expects after a formal, and after a `,`. */
  readonly formalsExpecting: { readonly afterFormal: string; readonly afterComma: string };
  /** A token that fails right after a `{ }` beginning an expression is reported as if the
   * braces were a function's formals: `expecting ':' or '@'` (2.8). */
  readonly emptyBracesMayBeFormals: boolean;
  /** What is expected where a binding may come, in a set, a `rec` set or `let { }`, and a
   * `let ... in` (Nix 2.8 lists nothing there). */
  readonly bindingsExpecting: { readonly set?: string; readonly recSet?: string; readonly letIn?: string };
  /** Inherited attributes are positioned at their names (2.26), not at the end of the token
   * before the list of names (2.8). */
  readonly inheritAtName: boolean;
  /** `inherit (e) a b` evaluates `e` once per evaluation of the set or `let` (2.26), where
   * Nix 2.8 makes `e.a` and `e.b` of it. */
  readonly inheritFromOnce: boolean;
  /** `a = { ... }; a = { ... };` merges the sets recursively, with their dynamic attributes,
   * and names the whole path of a duplicate (2.26); Nix 2.8 merges one level, drops the second
   * set's dynamic attributes and reports the duplicate's name at swapped positions. */
  readonly mergesNestedSets: boolean;
  /** A duplicate met on the way down an attribute path (`a = 1; a.b.c = 2;`) is named by the
   * path up to it (`a`, Nix 2.26), not by the whole path (`a.b.c`, 2.8). */
  readonly namesDuplicatePrefix: boolean;
  /** Parts of an indented string that stripping leaves empty are dropped (2.26). */
  readonly dropsEmptyIndentedParts: boolean;
  /** `f or` used as an argument, list element or default warns (2.26: `or` becomes an identifier). */
  readonly warnsCursedOr: boolean;
}

/** The rules of each version. */
export const SYNTAX_RULES: Readonly<Record<NixVersion, SyntaxRules>> = {
  "2.8": {
    tokenNames: TOKEN_NAMES_2_8,
    eofAtLexemeEnd: false,
    stringTailIsEof: false,
    refusesNulInStrings: false,
    pipeOperators: false,
    formalsExpecting: { afterFormal: "'}'", afterComma: "'}'" },
    emptyBracesMayBeFormals: true,
    bindingsExpecting: {},
    inheritAtName: false,
    inheritFromOnce: false,
    mergesNestedSets: false,
    namesDuplicatePrefix: false,
    dropsEmptyIndentedParts: false,
    warnsCursedOr: false,
  },
  "2.26": {
    tokenNames: TOKEN_NAMES_2_26,
    eofAtLexemeEnd: true,
    stringTailIsEof: true,
    refusesNulInStrings: true,
    pipeOperators: true,
    formalsExpecting: { afterFormal: "'}' or ','", afterComma: "ID or ELLIPSIS or '}'" },
    emptyBracesMayBeFormals: false,
    bindingsExpecting: { set: "INHERIT", recSet: "INHERIT or '}'", letIn: "IN_KW or INHERIT" },
    inheritAtName: true,
    inheritFromOnce: true,
    mergesNestedSets: true,
    namesDuplicatePrefix: true,
    dropsEmptyIndentedParts: true,
    warnsCursedOr: true,
  },
};
