// Test helper: evaluates Nix source with nixts, with this group's builtins (attrs, lists,
// arithmetic, type checks, control) put into the state's base environment and `builtins` set, so
// the tables run on the real VM whether or not builtins/index.ts wires them in yet.

import { evaluate, EvalState, printValue } from "../../src/eval/index.js";
import { toNixError } from "../../src/eval/state.js";
import { PrimOp, type Value } from "../../src/eval/value.js";
import type { Host } from "../../src/eval/host.js";
import { BUILTIN_NAMES, globalScopeOf } from "../../src/parser/global-names.js";
import { arithmeticBuiltins } from "../../src/eval/builtins/arithmetic.js";
import { attrBuiltins } from "../../src/eval/builtins/attrs.js";
import { controlBuiltins } from "../../src/eval/builtins/control.js";
import { listBuiltins } from "../../src/eval/builtins/lists.js";
import { typeCheckBuiltins } from "../../src/eval/builtins/type-checks.js";
import type { BuiltinDef } from "../../src/eval/builtins/types.js";
import type { NixVersion } from "../../src/nix-version.js";

/** Every table of this group. */
export const ALL_TABLES: Record<string, BuiltinDef[]> = {
  attrs: attrBuiltins,
  lists: listBuiltins,
  arithmetic: arithmeticBuiltins,
  "type-checks": typeCheckBuiltins,
  control: controlBuiltins,
};

/** The group's builtins as PrimOps, by name (the definitions of `version`, default 2.8). */
export function groupPrimOps(version: NixVersion = "2.8"): Map<string, PrimOp> {
  const m = new Map<string, PrimOp>();
  for (const defs of Object.values(ALL_TABLES))
    for (const d of defs)
      if ("impl" in d && (d.versions === undefined || d.versions.includes(version))) m.set(d.name, new PrimOp(d.name, d.arity, d.impl, d.lazy ?? false));
  return m;
}

/** A state (of Nix `version`, default 2.8) whose base environment and `builtins` set use this
 * group's tables (injected when builtins/index.ts does not provide them yet). */
export function stateWithGroup(host?: Host, version: NixVersion = "2.8"): EvalState {
  const state = new EvalState({ ...(host ? { host } : {}), ...(version === "2.8" ? {} : { nixVersion: version }) });
  const env = state.baseEnv as unknown as Value[] | { vals: Value[] };
  for (const [name, p] of groupPrimOps(version)) {
    const cur = state.builtins.get(name);
    if (cur instanceof PrimOp && cur.impl === p.impl && cur.lazy === p.lazy && cur.arity === p.arity) continue;
    if (version !== "2.8") throw new Error(`the Nix ${version} state does not have this group's ${name}`);
    const i = BUILTIN_NAMES.indexOf(name);
    // Nix 2.26's additions (warn, traceVerbose, break, ...) are not in Nix 2.8's environment.
    if (i < 0 && globalScopeOf("2.26").builtinNames.includes(name)) continue;
    if (i < 0) throw new Error(`${name} is not a Nix 2.8 builtin`);
    if (Array.isArray(env)) env[i + 1] = p;
    else env.vals[i] = p;
    state.builtins.map.set(name, p);
  }
  return state;
}

/** Result of {@link run}: printed value or Nix's first error line. */
export interface RunResult {
  out?: string;
  err?: string;
  traces: string[];
}

/** Evaluates `text` (a whole .nix file) with the group's builtins; prints like `--eval --strict`. */
export function run(text: string, opts: { strict?: boolean; name?: string; baseDir?: string } = {}): RunResult {
  const traces: string[] = [];
  const host = {
    readFile: () => "",
    lstat: () => null,
    readDir: () => [],
    readLink: (p: string) => p,
    realPath: (p: string) => p,
    getEnv: () => undefined,
    currentTime: () => 0,
    printError: (l: string) => void traces.push(l),
  };
  const state = stateWithGroup(host);
  try {
    const v = evaluate(text, { state, name: opts.name, baseDir: opts.baseDir });
    return { out: printValue(state, v, { strict: opts.strict ?? true }), traces };
  } catch (e) {
    return { err: `error: ${toNixError(e).message}`, traces };
  }
}
