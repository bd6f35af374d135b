// Attribute-set work of the VM's ops kept out of its run loop: a `rec` set's legacy
// `__overrides`, and the error for a selection of an attribute a set does not have.

import { MissingAttrError, typeError, type NixError } from "../errors.js";
import type { EvalContext } from "./context.js";
import type { NixVersion } from "../nix-version.js";
import { SHOW_ATTR_NAME } from "./print.js";
import { OpContext, traceCheck } from "./op-contexts.js";
import { bestMatches } from "./suggestions.js";
import { NixAttrs, type Env, type Value } from "./value.js";

/** Applies a `rec` set's `__overrides` (its value in `m`): its attributes replace the set's own
 * in `m` and in the set's environment `env` (slot i + 1 holds `names[i]`). */
export function applyOverrides(ctx: EvalContext, m: Map<string, Value>, names: readonly string[], env: Env): void {
  let o: NixAttrs;
  try {
    o = ctx.forceAttrs(m.get("__overrides")!);
  } catch (e) {
    traceCheck(ctx.nixVersion, OpContext.Overrides, e, undefined);
    throw e;
  }
  for (const [k, v] of o.map) {
    const slot = names.indexOf(k);
    if (slot >= 0) env[slot + 1] = v;
    m.set(k, v);
  }
}

/** How each version names a missing attribute: Nix 2.8 as it is, Nix 2.26 as a symbol
 * (quoted when it is no identifier or is a keyword). */
const MISSING_NAME: Readonly<Record<NixVersion, (name: string) => string>> = { "2.8": (name) => name, "2.26": SHOW_ATTR_NAME["2.26"] };

/** The error for selecting `name` from `obj`, which does not have it (or is no set). */
export function missingAttr(obj: Value, name: string): NixError {
  if (!(obj instanceof NixAttrs)) return typeError("a set", obj);
  const e = new MissingAttrError("").reword((version) => `attribute '${MISSING_NAME[version](name)}' missing`);
  e.suggestions = bestMatches(obj.map.keys(), name);
  return e;
}
