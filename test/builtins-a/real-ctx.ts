// The context builtin unit tests call implementations with: a real EvalState (what the
// evaluator itself passes to builtins), with a host of the test's choosing. Also helpers to
// print results the way `nix-instantiate --json` does.

import { EvalState } from "../../src/eval/state.js";
import type { Host } from "../../src/eval/host.js";
import { pureHost } from "../../src/eval/host.js";
import { formatFloat } from "../../src/eval/format.js";
import {
  NixAttrs,
  NixFloat,
  NixPath,
  NixString,
  type Value,
} from "../../src/eval/value.js";

/** A real evaluation state to call builtins with; `host` may supply files for hashFile. */
export function realCtx(host: Host = pureHost): EvalState {
  return new EvalState({ host });
}

/** A JS rendering of a forced value comparable with `nix-instantiate --eval --strict --json` output. */
export function toPlain(v: Value): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return v;
  if (v instanceof NixString) return v.s;
  // `--json` prints floats like `%g`: compare at that precision.
  if (v instanceof NixFloat) return Number(formatFloat(v.value));
  if (v instanceof NixPath) return v.path;
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof NixAttrs) {
    const o: Record<string, unknown> = {};
    for (const k of v.sortedKeys()) o[k] = toPlain(v.get(k)!);
    return o;
  }
  return "<function>";
}
