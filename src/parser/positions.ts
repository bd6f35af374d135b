// Path and position helpers shared by the parser: Nix's canonPath normalisation for path
// literals, and the `FILE:LINE:COL` form Nix uses for positions inside parse error messages.

import type { Span } from "./ast.js";
import { lineColumn, STDIN_SOURCE, STRING_SOURCE } from "./ast.js";
import type { NixVersion } from "../nix-version.js";

/** Normalises an absolute path as Nix's canonPath does: no `.`/`..`/empty segments. */
export function canonPath(path: string): string {
  if (isCanonical(path)) return path;
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return "/" + out.join("/");
}

/** True if `path` is absolute with no empty, `.` or `..` segment and no trailing slash. */
function isCanonical(path: string): boolean {
  const n = path.length;
  if (n === 0 || path.charCodeAt(0) !== 47) return false;
  if (n === 1) return true;
  if (path.charCodeAt(n - 1) === 47) return false;
  for (let i = 0; i < n; i++) {
    if (path.charCodeAt(i) !== 47) continue;
    const a = path.charCodeAt(i + 1);
    if (a === 47) return false;
    if (a === 46) {
      const b = path.charCodeAt(i + 2);
      if (b !== b || b === 47) return false; // "/." at the end or "/./"
      if (b === 46) {
        const c = path.charCodeAt(i + 3);
        if (c !== c || c === 47) return false;
      }
    }
  }
  return true;
}

/** Formats a position as Nix 2.26 does inside messages: `FILE:LINE:COL`, with `«string»` and
 * `«stdin»` for `-E` and standard input. */
export function showPosModern(span: Span): string {
  const { line, column } = lineColumn(span.file, span.start);
  return `${span.file.name}:${line}:${column}`;
}

/** Whether a version gives positions in `-E` text and standard input a file: Nix 2.8 does (the
 * text itself), Nix 2.26 not (unsafeGetAttrPos and __curPos give null, --xml has no path). */
export const TEXT_POSITIONS_HAVE_FILE: Readonly<Record<NixVersion, boolean>> = { "2.8": true, "2.26": false };

/** Whether `span` is in `-E` text or standard input. */
export function inTextSource(span: Span): boolean {
  return span.file.name === STRING_SOURCE || span.file.name === STDIN_SOURCE;
}

/** How each version writes a position inside a message. */
export const SHOW_POS: Readonly<Record<NixVersion, (span: Span) => string>> = { "2.8": (s) => showPos(s), "2.26": (s) => showPosModern(s) };

/** Formats a position as Nix 2.8 does inside messages (`FILE:LINE:COL`, `(string)` for `-E`). */
export function showPos(span: Span): string {
  const { line, column } = lineColumn(span.file, span.start);
  const name = span.file.name === STRING_SOURCE ? "(string)" : span.file.name === STDIN_SOURCE ? "(stdin)" : span.file.name;
  return `${name}:${line}:${column}`;
}
