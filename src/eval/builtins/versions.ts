// Version builtins of Nix 2.8: `compareVersions`, `splitVersion` and `parseDrvName`, thin wrappers
// around src/versions (which holds the checked semantics). Arguments must be strings without
// context, as Nix's `forceStringNoCtx` requires.

import { compareVersions, parseDrvName, splitVersion } from "../../versions/index.js";
import type { EvalContext } from "../context.js";
import type { Value } from "../value.js";
import { forceStringNoContext } from "./string-context.js";
import type { BuiltinDef } from "./types.js";

function compareVersionsImpl(args: Value[], ctx: EvalContext): Value {
  const a = forceStringNoContext(ctx, args[0]!);
  const b = forceStringNoContext(ctx, args[1]!);
  return compareVersions(a, b);
}

function splitVersionImpl(args: Value[], ctx: EvalContext): Value {
  return splitVersion(forceStringNoContext(ctx, args[0]!));
}

function parseDrvNameImpl(args: Value[], ctx: EvalContext): Value {
  const { name, version } = parseDrvName(forceStringNoContext(ctx, args[0]!));
  return ctx.makeAttrs([
    ["name", name],
    ["version", version],
  ]);
}

/** `compareVersions`, `splitVersion`, `parseDrvName`. */
export const versionBuiltins: BuiltinDef[] = [
  { name: "compareVersions", arity: 2, impl: compareVersionsImpl, lazy: true, doc: "Compares two version strings: -1, 0 or 1." },
  { name: "splitVersion", arity: 1, impl: splitVersionImpl, doc: "Splits a version string into its components." },
  {
    name: "parseDrvName",
    arity: 1,
    impl: parseDrvNameImpl,
    doc: "Splits a derivation name into `{ name, version }` at the first dash followed by a non-letter.",
  },
];
