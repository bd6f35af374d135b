// Public entry points of the parser: parse a byte-string source into an AST, optionally followed
// by scope resolution (which, as in Nix 2.8, reports undefined variables as parse errors).
// Also re-exports the `--parse` printer.

import type { Expr, Source } from "./ast.js";
import { parseSource } from "./parser.js";
import { resolveScopes } from "./resolve.js";

export { printExpr, showString, showSymbol, showFloat } from "./print.js";
export { canonPath } from "./parser.js";

/** Options for {@link parse}. */
export interface ParseInput {
  /** Display name of the source: an absolute file path, `«string»` or `«stdin»`. */
  name: string;
  /** Directory relative paths are resolved against (absolute). */
  baseDir: string;
  /** Home directory for `~/` paths (defaults to `$HOME`). */
  home?: string;
}

/**
 * Parses Nix source text (a byte string: one char per byte) into an expression.
 * Throws NixParseError on any syntax error; never throws anything else.
 */
export function parse(text: string, options: ParseInput): Expr {
  const src: Source = { name: options.name, baseDir: options.baseDir, text };
  return parseSource(src, { home: options.home });
}

/** {@link parse} followed by scope resolution against the global names (undefined variables fail). */
export function parseAndResolve(text: string, options: ParseInput, globals?: readonly string[]): Expr {
  const e = parse(text, options);
  if (globals) resolveScopes(e, globals);
  else resolveScopes(e);
  return e;
}
