// The context builtin unit tests call implementations with: a real EvalState (what the
// evaluator itself passes to builtins), with a host of the test's choosing. Also helpers to
// print results the way `nix-instantiate --json` does.

import { EvalState } from "../../src/eval/state.js";
import type { Host } from "../../src/eval/host.js";
import { pureHost } from "../../src/eval/host.js";
import { formatFloat } from "../../src/eval/format.js";
import type { NixVersion } from "../../src/nix-version.js";
import {
  NixAttrs,
  NixFloat,
  NixPath,
  NixString,
  type Value,
} from "../../src/eval/value.js";

/** A real evaluation state (of `nixVersion`, default 2.8) to call builtins with; `host` may supply files for hashFile. */
export function realCtx(host: Host = pureHost, nixVersion?: NixVersion): EvalState {
  return new EvalState(nixVersion === undefined ? { host } : { host, nixVersion });
}

/** A JS rendering of a forced value comparable with `nix-instantiate --eval --strict --json` output
 * of Nix `version` (default 2.8). */
export function toPlain(v: Value, version: NixVersion = "2.8"): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return v;
  if (v instanceof NixString) return v.s;
  // Nix 2.8's `--json` prints floats like `%g`: compare at that precision; 2.26's prints them exactly.
  if (v instanceof NixFloat) return version === "2.8" ? Number(formatFloat(v.value)) : v.value;
  if (v instanceof NixPath) return v.path;
  if (Array.isArray(v)) return v.map((x) => toPlain(x, version));
  if (v instanceof NixAttrs) {
    const o: Record<string, unknown> = {};
    for (const k of v.sortedKeys()) o[k] = toPlain(v.get(k)!, version);
    return o;
  }
  return "<function>";
}
