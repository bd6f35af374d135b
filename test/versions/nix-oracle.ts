// The version-predicate suites' use of the oracle (test/support/oracle.ts): Nix 2.8 evaluating
// one big expression, optionally with nixpkgs lib from ../shared bound as `lib`.

import path from "node:path";
import { nix28, repoRoot } from "../support/oracle.js";

/** nixpkgs lib from the shared corpus, imported by expressions as `lib`. */
export const libPath = path.resolve(repoRoot, "../shared/corpus/nixpkgs-lib/lib");

/** Why the Nix tests are skipped, or `undefined` if they run. */
export const skipReason: string | undefined = nix28.skipReason({ shared: true });

export { announceSkip, nixList, nixString } from "../support/oracle.js";

/**
 * Evaluates `expr` with real Nix (`--eval --strict --json`) and returns the parsed JSON.
 * The expression is written to a temp file as bytes; `lib` is bound to nixpkgs lib when
 * `withLib` is set. Throws with Nix's stderr on failure.
 */
export function evalNix(expr: string, options: { withLib?: boolean } = {}): unknown {
  const source = options.withLib ? `let lib = import ${libPath}; in\n${expr}` : expr;
  return JSON.parse(nix28.evalJsonText(source));
}
