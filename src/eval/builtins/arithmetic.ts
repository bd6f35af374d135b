// Arithmetic builtins of Nix 2.8: add, sub, mul, div, lessThan, bitAnd, bitOr, bitXor, ceil and
// floor. Integers are signed 64-bit and wrap; a float operand makes the result a float. `div`
// checks its divisor first (`"a" / 0` is "division by zero" in Nix 2.8); `ceil`/`floor` convert
// as x86-64 does, so out-of-range results and NaN give -9223372036854775808.

import type { EvalContext } from "../context.js";
import { arith, ARITH_OPERANDS, asFloat, divide, INT_OVERFLOW } from "../operators.js";
import { normInt, type Value } from "../value.js";
import type { BuiltinDef } from "./types.js";

const INT64_MIN = -(2n ** 63n);
const TWO63 = 2 ** 63;

/** Converts a double to a 64-bit int as C++'s cast does on x86-64 (cvttsd2si). */
export function floatToInt(x: number): number | bigint {
  if (Number.isNaN(x) || x >= TWO63 || x < -TWO63) return INT64_MIN;
  if (Number.isSafeInteger(x)) return x === 0 ? 0 : x;
  return normInt(BigInt(x));
}

function bitOp(args: Value[], ctx: EvalContext, op: "&" | "|" | "^"): Value {
  const a = ctx.forceInt(args[0]!);
  const b = ctx.forceInt(args[1]!);
  if (typeof a === "number" && typeof b === "number" && (a | 0) === a && (b | 0) === b) {
    // Both fit in 32 bits: JS's 32-bit operators give the 64-bit result (sign-extended).
    return op === "&" ? a & b : op === "|" ? a | b : a ^ b;
  }
  const x = BigInt(a);
  const y = BigInt(b);
  return normInt(op === "&" ? x & y : op === "|" ? x | y : x ^ y);
}

/** The arithmetic builtins. */
export const arithmeticBuiltins: BuiltinDef[] = [
  { name: "add", argContexts: ARITH_OPERANDS["+"], arity: 2, impl: (a, ctx) => arith("+", a[0]!, a[1]!, INT_OVERFLOW[ctx.nixVersion]), doc: "The sum of two numbers." },
  { name: "sub", argContexts: ARITH_OPERANDS["-"], arity: 2, impl: (a, ctx) => arith("-", a[0]!, a[1]!, INT_OVERFLOW[ctx.nixVersion]), doc: "The difference of two numbers." },
  { name: "mul", argContexts: ARITH_OPERANDS["*"], arity: 2, impl: (a, ctx) => arith("*", a[0]!, a[1]!, INT_OVERFLOW[ctx.nixVersion]), doc: "The product of two numbers." },
  {
    name: "div",
    argContexts: ARITH_OPERANDS["/"],
    arity: 2,
    impl: (a, ctx) => divide(a[0]!, a[1]!, INT_OVERFLOW[ctx.nixVersion]),
    doc: "The quotient of two numbers (integer division truncates toward zero).",
  },
  {
    name: "lessThan",
    arity: 2,
    impl: (a, ctx) => ctx.lessThan(a[0]!, a[1]!),
    doc: "Whether the first value is less than the second (numbers, strings, paths, lists).",
  },
  { name: "bitAnd", arity: 2, impl: (a, ctx) => bitOp(a, ctx, "&"), lazy: true, doc: "Bitwise and of two integers." },
  { name: "bitOr", arity: 2, impl: (a, ctx) => bitOp(a, ctx, "|"), lazy: true, doc: "Bitwise or of two integers." },
  { name: "bitXor", arity: 2, impl: (a, ctx) => bitOp(a, ctx, "^"), lazy: true, doc: "Bitwise exclusive or of two integers." },
  {
    name: "ceil",
    arity: 1,
    impl: (a) => floatToInt(Math.ceil(asFloat(a[0]!))),
    doc: "The smallest integer not below a number.",
  },
  {
    name: "floor",
    arity: 1,
    impl: (a) => floatToInt(Math.floor(asFloat(a[0]!))),
    doc: "The largest integer not above a number.",
  },
];
