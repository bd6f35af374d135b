// Nix's `--json` output read without losing anything: 64-bit integers as bigint, floats kept as
// the text Nix printed (C's `%g`), strings as byte strings. For comparing nixts with the oracle.

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
