// Number and path formatting as Nix 2.8 (C++) does it: floats like printf's `%g` (values) and
// `%f` (`toString`), and canonical absolute paths (`.`/`..` and repeated slashes removed).

/** Formats a float like C's `%g` with 6 significant digits (`0.333333`, `2.5e+10`): the same
 * printing as float literals in `--parse` output. */
export { showFloat as formatFloat } from "../parser/print.js";

import { showNaN } from "../parser/print.js";

/** Formats a float like C's `%f` (`std::to_string`): six decimals. */
export function formatFloatFixed(x: number): string {
  if (Number.isNaN(x)) return showNaN(x);
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  // C's `%f` prints the double's exact value rounded half to even (JS's toFixed rounds ties up
  // and switches to exponents from 1e21): x = mantissa * 2^exp, scaled by 10^6 in integers.
  const bits = new DataView(new Float64Array([x]).buffer);
  const hi = bits.getUint32(4, true);
  const lo = bits.getUint32(0, true);
  const negative = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) mantissa |= 1n << 52n;
  const exp = (biased === 0 ? 1 : biased) - 1075;
  let scaled: bigint;
  if (exp >= 0) scaled = (mantissa << BigInt(exp)) * 1_000_000n;
  else {
    const num = mantissa * 1_000_000n;
    const den = 1n << BigInt(-exp);
    scaled = num / den;
    const twice = (num % den) * 2n;
    if (twice > den || (twice === den && (scaled & 1n) === 1n)) scaled++;
  }
  const digits = scaled.toString().padStart(7, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

/** Canonical absolute paths, as Nix's canonPath (shared with the parser's path literals). */
export { canonPath } from "../parser/positions.js";

/** The directory part of a path string, as `dirOf` (`/a/b` → `/a`, `a` → `.`). */
export function dirOfString(p: string): string {
  const i = p.lastIndexOf("/");
  if (i < 0) return ".";
  if (i === 0) return "/";
  return p.slice(0, i);
}

/** The last component of a path string, as `baseNameOf`. */
export function baseNameOfString(p: string): string {
  let end = p.length;
  if (end > 0 && p[end - 1] === "/") end--;
  const i = p.lastIndexOf("/", end - 1);
  return p.slice(i + 1, end);
}
