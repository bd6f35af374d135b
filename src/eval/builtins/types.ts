// The shape of a builtin table entry. Each builtins/*.ts file exports a `BuiltinDef[]` for one
// group; builtins/index.ts imports every group explicitly (nothing registers itself).

import type { EvalContext } from "../context.js";
import type { PrimOpImpl, Value } from "../value.js";

/** A builtin function (`arity` ≥ 1) or constant (`arity` 0, computed by `value`). */
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
    }
  | {
      readonly name: string;
      readonly arity: 0;
      /** Computes the constant once per evaluation state. */
      readonly value: (ctx: EvalContext) => Value;
      readonly doc: string;
    };
