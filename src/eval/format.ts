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
  return x.toFixed(6);
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
