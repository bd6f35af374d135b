// Type-inspection builtins of Nix 2.8: typeOf and the is* predicates. Each takes one argument
// forced to weak head normal form. A set with `__functor` is a "set", not a function, here
// (`isFunction` is false for it), while every builtin, applied or not, is a "lambda".

import { Lambda, NixAttrs, NixFloat, NixPath, NixString, PrimOp, PrimOpApp, typeOf, type Value } from "../value.js";
import type { BuiltinDef } from "./types.js";

function predicate(name: string, test: (v: Value) => boolean, what: string): BuiltinDef {
  return { name, arity: 1, impl: (a) => test(a[0]!), doc: `Whether a value is ${what}.` };
}

/** The type-inspection builtins. */
export const typeCheckBuiltins: BuiltinDef[] = [
  {
    name: "typeOf",
    arity: 1,
    impl: (a) => typeOf(a[0]!),
    doc: 'The type of a value: "int", "float", "bool", "string", "path", "null", "set", "list" or "lambda".',
  },
  predicate("isAttrs", (v) => v instanceof NixAttrs, "a set"),
  predicate("isBool", (v) => typeof v === "boolean", "a Boolean"),
  predicate("isFloat", (v) => v instanceof NixFloat, "a float"),
  predicate("isFunction", (v) => v instanceof Lambda || v instanceof PrimOp || v instanceof PrimOpApp, "a function"),
  predicate("isInt", (v) => typeof v === "number" || typeof v === "bigint", "an integer"),
  predicate("isList", (v) => Array.isArray(v), "a list"),
  predicate("isNull", (v) => v === null, "null"),
  predicate("isPath", (v) => v instanceof NixPath, "a path"),
  predicate("isString", (v) => typeof v === "string" || v instanceof NixString, "a string"),
];
