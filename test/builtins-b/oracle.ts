// Test helper: real Nix 2.8 as an oracle. Evaluates one big list expression with
// `nix-instantiate --eval --strict --json` (one process for thousands of cases) and parses the
// JSON keeping 64-bit integers exact (as bigint) and floats apart from ints. Not part of the API.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { nix28 } from "../support/oracle.js";

/** Why tests against real Nix are skipped (never in CI), or undefined when they run. */
export const skipReason: string | undefined = nix28.skipReason();

/** A JSON number that Nix printed as a float: Nix 2.8's `--json` prints them like C's `%g` (six
 * significant digits, `inf`, `nan`), so the text is kept as printed. */
export class JsonFloat {
  constructor(readonly text: string) {}
}

/** A JSON value as Nix printed it: ints as bigint, floats wrapped, strings as byte strings. */
export type Json = null | boolean | bigint | JsonFloat | string | Json[] | { [k: string]: Json };

/** Parses Nix's JSON output (a byte string) without losing integer precision. */
export function parseJson(text: string): Json {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const value = (): Json => {
    ws();
    const c = text[i]!;
    if (c === "{") {
      i++;
      const o: { [k: string]: Json } = {};
      ws();
      if (text[i] === "}") return i++, o;
      for (;;) {
        ws();
        const k = str();
        ws();
        i++; // :
        o[k] = value();
        ws();
        if (text[i++] === "}") return o;
      }
    }
    if (c === "[") {
      i++;
      const a: Json[] = [];
      ws();
      if (text[i] === "]") return i++, a;
      for (;;) {
        a.push(value());
        ws();
        if (text[i++] === "]") return a;
      }
    }
    if (c === '"') return str();
    if (text.startsWith("null", i)) return (i += 4), null;
    if (text.startsWith("true", i)) return (i += 4), true;
    if (text.startsWith("false", i)) return (i += 5), false;
    const special = /^-?(inf|nan)/.exec(text.slice(i, i + 4));
    if (special) return (i += special[0].length), new JsonFloat(special[0]);
    const m = /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(text.slice(i, i + 40));
    if (!m) throw new Error(`bad JSON at ${i}: ${JSON.stringify(text.slice(i - 80, i + 40))}`);
    i += m[0].length;
    return m[1] || m[2] ? new JsonFloat(m[0]) : BigInt(m[0]);
  };
  const str = (): string => {
    i++; // opening quote
    let out = "";
    for (;;) {
      const c = text[i++]!;
      if (c === '"') return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = text[i++]!;
      if (e === "u") {
        out += String.fromCharCode(parseInt(text.slice(i, i + 4), 16));
        i += 4;
      } else out += ({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" } as Record<string, string>)[e] ?? e;
    }
  };
  return value();
}

/** Evaluates a Nix list expression (source as a byte string) with real Nix; returns its elements. */
export function evalNixList(source: string): Json[] {
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-builtins-b-"));
  try {
    const file = path.join(dir, "cases.nix");
    writeFileSync(file, Buffer.from(source, "latin1"));
    const out = execFileSync(nix28.bin("nix-instantiate"), ["--eval", "--strict", "--json", file], {
      maxBuffer: 1 << 30,
      timeout: 120_000,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return parseJson(out.toString("latin1")) as Json[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A Nix string literal for a byte string. */
export function nixStr(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === "\\" || ch === '"' || ch === "$") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else out += ch;
  }
  return out + '"';
}
