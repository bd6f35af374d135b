// The shape of a builtin table entry. Each builtins/*.ts file exports a `BuiltinDef[]` for one
// group; builtins/index.ts imports every group explicitly (nothing registers itself).

import type { NixVersion } from "../../nix-version.js";
import type { EvalContext } from "../context.js";
import type { Env, PrimOpImpl, Value } from "../value.js";

/** A builtin function (`arity` ≥ 1) or a value (`arity` 0, computed by `value`: constants, and
 * `derivation`, which is Nix code). */
export type BuiltinDef =
  | {
      /** Name as in `builtins.<name>`. */
      readonly name: string;
      readonly arity: number;
      /** Receives exactly `arity` arguments, forced to weak head normal form unless `lazy`. */
      readonly impl: PrimOpImpl;
      /** One line saying what it does. */
      readonly doc: string;
      /** Pass arguments unforced (tryEval, trace, addErrorContext, ...). */
      readonly lazy?: boolean;
      /** Failures passing through it get no `while calling the 'X' builtin` line in Nix 2.26. */
      readonly untraced?: boolean;
      /** How Nix 2.26 names each argument in the `… while evaluating …` line of a type error
       * about it, where it does not say `the first argument passed to builtins.NAME`, ...; `""`
       * for one the builtin takes as it is (never the one an error is about). */
      readonly argContexts?: readonly string[];
      /** Returns a value it forces inside its call (trace, deepSeq): Nix 2.26 traces that value's
       * failures as the builtin's (`while calling the 'trace' builtin`). */
      readonly resultTraced?: boolean;
      /** The versions this definition is for, when the builtin behaves differently in another
       * (which then has its own definition); default: every version that has the builtin. */
      readonly versions?: readonly NixVersion[];
    }
  | {
      readonly name: string;
      readonly arity: 0;
      /** Computes the value once per evaluation state. `baseEnv` is the base environment being
       * built (complete by the time any code runs), for values written in Nix. */
      readonly value: (ctx: EvalContext, baseEnv: Env) => Value;
      readonly doc: string;
      readonly versions?: readonly NixVersion[];
    };
