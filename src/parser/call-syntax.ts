// Calls that other syntax stands for, as Nix 2.26 builds them: the pipe operators (`x |> f` is
// `f x`, added to `f`'s own arguments when `f` is a call) and the warning for the legacy `f or`
// call (the argument `or` will become an identifier) where its meaning is going to change.

import type { Expr, Span } from "./ast.js";
import { showPosModern } from "./positions.js";

/** The call `fn arg` of a pipe operator at `op`: positioned at the operator, or, when `fn` is
 * already a call, that call with one more argument (keeping its position). */
export function pipeCall(fn: Expr, arg: Expr, op: Span): Expr {
  const end = Math.max(fn.span.end, arg.span.end);
  if (fn.kind === "Call") return { kind: "Call", span: { file: op.file, start: fn.span.start, end }, fn: fn.fn, args: [...fn.args, arg] };
  return { kind: "Call", span: { file: op.file, start: op.start, end }, fn, args: [arg] };
}

/** Nix 2.26's warning about a legacy `f or` call spanning `call` (without `warning: `). */
export function cursedOrWarning(call: Span): string {
  return (
    `at ${showPosModern(call)}: This expression uses \`or\` as an identifier in a way that will change in a future Nix release.\n` +
    "Wrap this entire expression in parentheses to preserve its current meaning:\n" +
    `    (${call.file.text.slice(call.start, call.end)})\n` +
    "Give feedback at https://github.com/NixOS/nix/pull/11121"
  );
}
