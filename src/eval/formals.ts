// Calls of functions with formals (`{ a, b ? 1, ... }@args: ...`): the environment a call
// binds (given arguments, default thunks, the `@` name) and the errors for a call that does not
// fit, worded and placed as each Nix version does.

import type { Span } from "../parser/ast.js";
import { showSymbol } from "../parser/print.js";
import { NixTypeError, positionless, typeError } from "../errors.js";
import type { NixVersion } from "../nix-version.js";
import type { Chunk } from "./chunk.js";
import type { EvalContext } from "./context.js";
import { showSpan } from "./operators.js";
import { bestMatches } from "./suggestions.js";
import { Lambda, makeEnv, NixAttrs, Thunk, type Env, type Value } from "./value.js";

/** The error for a call that does not match a function's formals (`what`: "called without
 * required argument 'a'"), as each version words and places it: Nix 2.8 names the function
 * with its position, at the call; Nix 2.26 names it alone, at the function, and traces the call. */
const FORMALS_ERROR: Readonly<Record<NixVersion, (c: Chunk, what: string, site: Span | undefined) => NixTypeError>> = {
  "2.8": (c, what) => new NixTypeError(`${lambdaName(c)} ${what}`),
  "2.26": (c, what, site) => new NixTypeError(`function '${c.name || "anonymous lambda"}' ${what}`, c.span).addTrace("from call site", site),
};

/** The error for a call of a function with formals on something that is not a set: Nix 2.26
 * traces the check at the function and the call, the error itself without a position. */
const NOT_A_SET: Readonly<Record<NixVersion, (c: Chunk, a: Value, site: Span | undefined) => NixTypeError>> = {
  "2.8": (_c, a) => typeError("a set", a),
  "2.26": (c, a, site) =>
    site === undefined
      ? positionless(typeError("a set", a)).addTrace("while evaluating the value passed for the lambda argument", c.span)
      : positionless(typeError("a set", a)).addTrace("while evaluating the value passed for the lambda argument", c.span).addTrace("from call site", site),
};

/** Builds the environment of a call to a lambda with formals (`a`: the forced argument set,
 * `original`: as passed, for an `@` name; `site`: the call). */
export function bindFormals(f: Lambda, a: Value, original: Value, ctx: EvalContext, site: Span | undefined): Env {
  const c = f.chunk;
  const formals = c.formals!;
  if (!(a instanceof NixAttrs)) throw NOT_A_SET[ctx.nixVersion](c, a, site);
  const env = makeEnv(f.env, c.nslots);
  const vals = env;
  const names = formals.names;
  let used = 0;
  for (let i = 0; i < names.length; i++) {
    const v = a.map.get(names[i]!);
    if (v !== undefined) {
      vals[i + 1] = v;
      used++;
    } else {
      const d = formals.defaults[i];
      if (!d) throw FORMALS_ERROR[ctx.nixVersion](c, `called without required argument '${names[i]}'`, site);
      vals[i + 1] = new Thunk(d, env);
    }
  }
  if (!formals.ellipsis && used < a.map.size) {
    // The first unexpected name in Nix's symbol order, with the formals that resemble it.
    for (const k of ctx.attrOrder(a))
      if (!names.includes(k)) {
        const e = FORMALS_ERROR[ctx.nixVersion](c, `called with unexpected argument '${showSymbol(k)}'`, site);
        e.suggestions = bestMatches(names, k);
        throw e;
      }
  }
  if (c.argSlot >= 0) vals[c.argSlot + 1] = original;
  return env;
}

function lambdaName(c: Chunk): string {
  const where = showSpan(c.span);
  return c.name ? `'${c.name}' at ${where}` : `anonymous function at ${where}`;
}
