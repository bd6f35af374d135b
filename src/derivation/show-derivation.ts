// JSON of derivations exactly as `nix show-derivation` (Nix 2.8) prints it: 2-space indent,
// keys in Nix's order (outputs, inputSrcs, inputDrvs, system, builder, args, env), maps sorted,
// bytes above 0x7f written raw and control characters as \u00XX.

import { byteCompare, sortedKeys, type Derivation } from "./derivation.js";

/** Quotes a byte string as Nix 2.8's JSON writer does. */
export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = s.charCodeAt(i);
    if (c === '"' || c === "\\") out += "\\" + c;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (code < 0x20) out += "\\u" + code.toString(16).padStart(4, "0");
    else out += c;
  }
  return out + '"';
}

type J = string | J[] | [string, J][];

function isObj(v: J): v is [string, J][] {
  return Array.isArray(v) && (v as unknown as { obj?: boolean }).obj === true;
}

function obj(entries: [string, J][]): [string, J][] {
  (entries as unknown as { obj: boolean }).obj = true;
  return entries;
}

function render(v: J, indent: string): string {
  if (typeof v === "string") return jsonString(v);
  const inner = indent + "  ";
  if (isObj(v)) {
    if (v.length === 0) return "{}";
    return "{\n" + v.map(([k, x]) => inner + jsonString(k) + ": " + render(x, inner)).join(",\n") + "\n" + indent + "}";
  }
  if (v.length === 0) return "[]";
  return "[\n" + v.map((x) => inner + render(x, inner)).join(",\n") + "\n" + indent + "]";
}

function derivationJson(drv: Derivation): J {
  const outputs = obj(
    sortedKeys(drv.outputs).map((name) => {
      const o = drv.outputs[name]!;
      const fields: [string, J][] = [];
      if (o.path !== "") fields.push(["path", o.path]);
      if (o.hashAlgo !== "") fields.push(["hashAlgo", o.hashAlgo]);
      if (o.hash !== "") fields.push(["hash", o.hash]);
      return [name, obj(fields)];
    }),
  );
  return obj([
    ["outputs", outputs],
    ["inputSrcs", [...drv.inputSrcs].sort(byteCompare)],
    ["inputDrvs", obj(sortedKeys(drv.inputDrvs).map((k) => [k, [...drv.inputDrvs[k]!].sort(byteCompare)]))],
    ["system", drv.system],
    ["builder", drv.builder],
    ["args", [...drv.args]],
    ["env", obj(sortedKeys(drv.env).map((k) => [k, drv.env[k]!]))],
  ]);
}

/**
 * The text `nix show-derivation` prints for these derivations (drvPath → derivation), as a byte
 * string ending in a newline. Paths are printed in bytewise order, as Nix's map does.
 */
export function showDerivation(drvs: Readonly<Record<string, Derivation>>): string {
  const entries = sortedKeys(drvs).map((p): [string, J] => [p, derivationJson(drvs[p]!)]);
  return render(obj(entries), "") + "\n";
}
