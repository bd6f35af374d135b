// nixpkgs lib's `lib.versions` helpers (major, minor, patch, majorMinor, pad) with the exact
// behaviour of its Nix definitions, checked against real Nix 2.8: components come from
// `splitVersion`, so `_`, letters and `pre` count as components and `.`/`-` vanish.

import { EvalError } from "../errors.js";
import { splitVersion } from "./compare.js";

/** `elemAt (splitVersion v) i`, failing with Nix's message when the component is missing. */
function component(v: string, index: number): string {
  const parts = splitVersion(v);
  const c = parts[index];
  if (c === undefined) throw new EvalError(`list index ${index} is out of bounds`);
  return c;
}

/**
 * `lib.versions.major`: the first component of `splitVersion v`.
 * @throws {EvalError} `list index 0 is out of bounds` when `v` has no component (e.g. `""`).
 * @example major("1.2.3") // "1"
 */
export function major(v: string): string {
  return component(v, 0);
}

/**
 * `lib.versions.minor`: the second component of `splitVersion v`.
 * @throws {EvalError} `list index 1 is out of bounds` when `v` has fewer than two components.
 * @example minor("1-2") // "2"
 */
export function minor(v: string): string {
  return component(v, 1);
}

/**
 * `lib.versions.patch`: the third component of `splitVersion v`.
 * @throws {EvalError} `list index 2 is out of bounds` when `v` has fewer than three components.
 * @example patch("1.2pre3") // "pre"
 */
export function patch(v: string): string {
  return component(v, 2);
}

/**
 * `lib.versions.majorMinor`: the first two components joined with `.` (fewer if there are
 * fewer; `""` for a version without components).
 * @example majorMinor("1.2.3") // "1.2"
 * @example majorMinor("1-2_3") // "1.2"
 */
export function majorMinor(v: string): string {
  return splitVersion(v).slice(0, 2).join(".");
}

/**
 * `lib.versions.pad n v`: the part of `v` before its first `-` is split into components,
 * cut or padded with `"0"` to exactly `n` components and joined with `.`; the rest of `v`
 * (from the first `-` on) is appended unchanged.
 *
 * @throws {EvalError} when `n` is negative (`cannot create list of size -1`) or not an integer.
 * @example pad(3, "6.1-rc8") // "6.1.0-rc8"
 * @example pad(3, "1.2.3.4") // "1.2.3"
 * @example pad(3, "1.2a")    // "1.2.a"
 */
export function pad(n: number, v: string): string {
  if (!Number.isInteger(n)) throw new EvalError("value is a float while an integer was expected");
  if (n < 0) throw new EvalError(`cannot create list of size ${n}`);
  const dash = v.indexOf("-");
  const numeric = dash < 0 ? v : v.slice(0, dash);
  const suffix = dash < 0 ? "" : v.slice(dash);
  const parts = splitVersion(numeric).slice(0, n);
  while (parts.length < n) parts.push("0");
  return parts.join(".") + suffix;
}

/** The `lib.versions` helpers as one object, mirroring `lib.versions` in nixpkgs. */
export const versions: {
  readonly splitVersion: typeof splitVersion;
  readonly major: typeof major;
  readonly minor: typeof minor;
  readonly patch: typeof patch;
  readonly majorMinor: typeof majorMinor;
  readonly pad: typeof pad;
} = Object.freeze({ splitVersion, major, minor, patch, majorMinor, pad });
