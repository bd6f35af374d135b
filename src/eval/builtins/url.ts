// URLs as Nix 2.26's fetchers read and write them: a strict RFC 3986 shape with a lowercase
// scheme, the path percent-decoded (and encoded again when written), the query a sorted map whose
// keys stay as written and whose values are decoded, the first of repeated keys winning.

import { EvalError } from "../../errors.js";

/** A parsed URL. */
export interface ParsedURL {
  readonly scheme: string;
  /** What follows `//` (as written), or undefined when the URL has no `//`. */
  readonly authority: string | undefined;
  /** Decoded. */
  readonly path: string;
  /** Keys as written, values decoded; written back sorted by key. */
  readonly query: Map<string, string>;
  /** Decoded (empty when absent). */
  readonly fragment: string;
}

const UNRESERVED = "a-zA-Z0-9._~\\-";
const SUB_DELIMS = "!$&'()*+,;=";
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|%[0-9a-fA-F]{2})`;
// The authority is taken loosely (Nix accepts `git@github.com:owner` there), the query with bare
// `%` (an ill-formed escape fails when it is decoded, not here).
const URL_RE = new RegExp(
  `^([a-z][a-z0-9+.-]*):(?://([${UNRESERVED}${SUB_DELIMS}:@%\\[\\]]*))?((?:${PCHAR}|/)*)(?:\\?([${UNRESERVED}${SUB_DELIMS}:@/?%]*))?(?:#([${UNRESERVED}${SUB_DELIMS}:@/?%]*))?$`,
);

/** Decodes `%XX` escapes (to bytes: strings are byte strings); an ill-formed one is an error. */
export function percentDecode(s: string): string {
  if (!s.includes("%")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "%") {
      out += s[i];
      continue;
    }
    const hex = s.slice(i + 1, i + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new EvalError(`invalid URI parameter '${s}'`);
    out += String.fromCharCode(parseInt(hex, 16));
    i += 2;
  }
  return out;
}

/** Encodes every byte but letters, digits, `-._~` and those in `keep` as `%XX`. */
export function percentEncode(s: string, keep: string): string {
  let out = "";
  for (const ch of s) {
    if (/[a-zA-Z0-9._~-]/.test(ch) || keep.includes(ch)) out += ch;
    else out += "%" + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** A query string as Nix reads one: `&`-separated `key=value` pairs (a piece without `=` is
 * ignored with a warning), values decoded, the first of a repeated key kept. */
export function decodeQuery(q: string, warn: (message: string) => void): Map<string, string> {
  const out = new Map<string, string>();
  for (const piece of q.split("&")) {
    if (piece === "") continue;
    const eq = piece.indexOf("=");
    if (eq < 0) {
      warn(`dubious URI query '${piece}' is missing equal sign '=', ignoring`);
      continue;
    }
    const key = piece.slice(0, eq);
    const value = percentDecode(piece.slice(eq + 1));
    if (!out.has(key)) out.set(key, value);
  }
  return out;
}

/** Parses a URL, or undefined when it is not one. */
export function parseURL(s: string, warn: (message: string) => void): ParsedURL | undefined {
  const m = URL_RE.exec(s);
  if (!m) return undefined;
  const authority = m[2];
  const rawPath = m[3]!;
  // With an authority, a path is empty or absolute.
  if (authority !== undefined && rawPath !== "" && !rawPath.startsWith("/")) return undefined;
  return {
    scheme: m[1]!,
    authority,
    path: percentDecode(rawPath),
    query: decodeQuery(m[4] ?? "", warn),
    fragment: percentDecode(m[5] ?? ""),
  };
}

/** A query as Nix writes one: sorted by key, keys and values encoded. */
export function encodeQuery(query: ReadonlyMap<string, string>): string {
  return [...query.keys()]
    .sort()
    .map((k) => `${percentEncode(k, ":@/?")}=${percentEncode(query.get(k)!, ":@/?")}`)
    .join("&");
}

/** Writes a URL back. */
export function renderURL(url: ParsedURL): string {
  let s = url.scheme + ":";
  if (url.authority !== undefined) s += "//" + url.authority;
  s += percentEncode(url.path, ":@/");
  if (url.query.size > 0) s += "?" + encodeQuery(url.query);
  if (url.fragment !== "") s += "#" + percentEncode(url.fragment, ":@/?");
  return s;
}
