// The explicit index of builtin groups: imports every table (together they define every
// builtin of every Nix version nixts follows) and builds a version's base environment (slots in
// its globalNames order) and `builtins` set from the names that version has. Nothing registers
// itself.

import { globalScopeOf } from "../../parser/global-names.js";
import type { NixVersion } from "../../nix-version.js";
import type { EvalContext } from "../context.js";
import { NixAttrs, PrimOp, type Env, type Value } from "../value.js";
import { arithmeticBuiltins } from "./arithmetic.js";
import { attrBuiltins } from "./attrs.js";
import { constantBuiltins } from "./constants.js";
import { controlBuiltins } from "./control.js";
import { derivationBuiltins } from "./derivations.js";
import { fetcherBuiltins } from "./fetchers.js";
import { flakeRefBuiltins } from "./flake-refs.js";
import { hashingBuiltins } from "./hashing.js";
import { jsonBuiltins } from "./json.js";
import { listBuiltins } from "./lists.js";
import { pathBuiltins } from "./paths.js";
import { regexBuiltins } from "./regex.js";
import { contextBuiltins } from "./string-context.js";
import { stringBuiltins } from "./strings.js";
import { tomlBuiltins } from "./toml.js";
import { typeCheckBuiltins } from "./type-checks.js";
import { versionBuiltins } from "./versions.js";
import { xmlBuiltins } from "./xml.js";
import type { BuiltinDef } from "./types.js";

/** Every builtin table, by group. */
export const BUILTIN_GROUPS: Readonly<Record<string, readonly BuiltinDef[]>> = {
  constants: constantBuiltins,
  arithmetic: arithmeticBuiltins,
  attrs: attrBuiltins,
  lists: listBuiltins,
  strings: stringBuiltins,
  typeChecks: typeCheckBuiltins,
  control: controlBuiltins,
  paths: pathBuiltins,
  hashing: hashingBuiltins,
  json: jsonBuiltins,
  toml: tomlBuiltins,
  xml: xmlBuiltins,
  regex: regexBuiltins,
  context: contextBuiltins,
  versions: versionBuiltins,
  derivations: derivationBuiltins,
  fetchers: fetcherBuiltins,
  flakeRefs: flakeRefBuiltins,
};

/** The builtin definitions of a Nix version, by name (a version has at most one of each; which
 * names it binds is its table in global-names.ts). */
export function builtinDefinitions(version: NixVersion): Map<string, BuiltinDef> {
  const all = new Map<string, BuiltinDef>();
  for (const [group, defs] of Object.entries(BUILTIN_GROUPS))
    for (const d of defs) {
      if (d.versions !== undefined && !d.versions.includes(version)) continue;
      if (all.has(d.name)) throw new Error(`builtin '${d.name}' defined twice for Nix ${version} (group ${group})`);
      all.set(d.name, d);
    }
  return all;
}

/** Builtins pure evaluation leaves out of `builtins` (and their `__` names out of scope). */
const PURE_EVAL_ABSENT = ["currentTime", "currentSystem"];

/** The names in scope at the top of a file in `version`, slot for slot as in the base
 * environment: under pure evaluation the absent builtins' slots keep a name no program can
 * write, so that using one is an undefined variable, as in Nix. */
export function globalNamesFor(version: NixVersion, pure: boolean, features: Iterable<string> = []): readonly string[] {
  const names = globalScopeOf(version, features).globalNames;
  if (!pure) return names;
  const absent = new Set(PURE_EVAL_ABSENT.map((n) => "__" + n));
  return names.map((n) => (absent.has(n) ? "\0" + n : n));
}

/** Builds the base environment and the `builtins` set of `ctx.nixVersion` (with its
 * experimental features' builtins) for an evaluation state. */
export function buildBaseEnv(ctx: EvalContext): { env: Env; builtins: NixAttrs } {
  const defs = builtinDefinitions(ctx.nixVersion);
  const names = globalScopeOf(ctx.nixVersion, ctx.experimentalFeatures).builtinNames;
  const map = new Map<string, Value>();
  const env: Env = new Array<Value>(names.length + 1);
  env[0] = null;
  const builtins = new NixAttrs(map);
  names.forEach((name, i) => {
    let v: Value;
    const d = defs.get(name);
    if (name === "builtins") v = builtins;
    else if (!d) throw new Error(`internal: builtin '${name}' has no definition`);
    else if ("value" in d) v = d.value(ctx, env);
    else v = new PrimOp(name, d.arity, d.impl, d.lazy ?? false, !d.untraced, d.argContexts, d.resultTraced ?? false);
    map.set(name, v);
    env[i + 1] = v;
  });
  // Pure evaluation has no clock and no system to ask about.
  if (ctx.access.pure) for (const name of PURE_EVAL_ABSENT) map.delete(name);
  return { env, builtins };
}
