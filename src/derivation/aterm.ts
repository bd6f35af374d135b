// The `.drv` ATerm format of Nix 2.8: `Derive([outputs],[inputDrvs],[inputSrcs],system,
// builder,[args],[env])`, byte-identical to what Nix writes, and a parser for it.
// Serialisation can mask outputs and substitute input drvs (for hashDerivationModulo).

import { DerivationError } from "./errors.js";
import { byteCompare, makeDerivation, sortedKeys, type Derivation, type DerivationOutput } from "./derivation.js";

/** Quotes a byte string as Nix does in `.drv` files: escapes `"`, `\`, newline, CR and tab. */
export function atermString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === "\\") out += "\\" + c;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else out += c;
  }
  return out + '"';
}

function list(items: readonly string[]): string {
  return "[" + items.join(",") + "]";
}

/** Options of {@link unparseDerivation}. */
export interface UnparseOptions {
  /** Blank output paths in `outputs` and in env entries named after outputs (Nix's `maskOutputs`). */
  readonly maskOutputs?: boolean;
  /** Replaces `inputDrvs` (key → output names), e.g. modulo hashes instead of paths. */
  readonly inputDrvs?: ReadonlyMap<string, readonly string[]>;
}

/** Serialises a derivation to the exact `.drv` text Nix 2.8 writes (a byte string). */
export function unparseDerivation(drv: Derivation, options: UnparseOptions = {}): string {
  const mask = options.maskOutputs ?? false;
  const outs = sortedKeys(drv.outputs).map((name) => {
    const o = drv.outputs[name]!;
    return `(${atermString(name)},${atermString(mask ? "" : o.path)},${atermString(o.hashAlgo)},${atermString(o.hash)})`;
  });
  let inputs: [string, readonly string[]][];
  if (options.inputDrvs) inputs = [...options.inputDrvs.entries()].sort((a, b) => byteCompare(a[0], b[0]));
  else inputs = sortedKeys(drv.inputDrvs).map((k) => [k, drv.inputDrvs[k]!]);
  const ins = inputs.map(([p, outs2]) => `(${atermString(p)},${list([...outs2].sort(byteCompare).map(atermString))})`);
  const srcs = [...drv.inputSrcs].sort(byteCompare).map(atermString);
  const env = sortedKeys(drv.env).map((k) => {
    const v = mask && Object.prototype.hasOwnProperty.call(drv.outputs, k) ? "" : drv.env[k]!;
    return `(${atermString(k)},${atermString(v)})`;
  });
  return (
    "Derive(" +
    [list(outs), list(ins), list(srcs), atermString(drv.system), atermString(drv.builder), list(drv.args.map(atermString)), list(env)].join(",") +
    ")"
  );
}

class Reader {
  pos = 0;
  constructor(readonly s: string) {}
  fail(what: string): never {
    throw new DerivationError(`${what} at position ${this.pos} in derivation`);
  }
  expect(t: string): void {
    if (!this.s.startsWith(t, this.pos)) this.fail(`expected string '${t}'`);
    this.pos += t.length;
  }
  peek(c: string): boolean {
    return this.s[this.pos] === c;
  }
  str(): string {
    this.expect('"');
    let out = "";
    for (;;) {
      const c = this.s[this.pos++];
      if (c === undefined) this.fail("unterminated string");
      if (c === '"') return out;
      if (c === "\\") {
        const d = this.s[this.pos++];
        if (d === undefined) this.fail("unterminated string");
        out += d === "n" ? "\n" : d === "r" ? "\r" : d === "t" ? "\t" : d;
      } else out += c;
    }
  }
  path(): string {
    const p = this.str();
    if (!p.startsWith("/")) throw new DerivationError(`bad path '${p}' in derivation`);
    return p;
  }
  /** Parses `[item,item,...]` (after which the `]` is consumed). */
  list<T>(item: () => T): T[] {
    this.expect("[");
    const out: T[] = [];
    if (this.peek("]")) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(item());
      if (this.peek(",")) this.pos++;
      else break;
    }
    this.expect("]");
    return out;
  }
}

/**
 * Parses `.drv` text (a byte string) into a frozen {@link Derivation}. The ATerm holds no name,
 * so pass it (the `.drv` store path's name without `.drv`).
 */
export function parseDerivation(text: string, name: string): Derivation {
  const r = new Reader(text);
  r.expect("Derive(");
  const outputs: Record<string, DerivationOutput> = {};
  r.list(() => {
    r.expect("(");
    const id = r.str();
    r.expect(",");
    const path = r.str();
    if (path !== "" && !path.startsWith("/")) throw new DerivationError(`bad path '${path}' in derivation`);
    r.expect(",");
    const hashAlgo = r.str();
    r.expect(",");
    const hash = r.str();
    r.expect(")");
    outputs[id] = { path, hashAlgo, hash };
  });
  r.expect(",");
  const inputDrvs: Record<string, string[]> = {};
  r.list(() => {
    r.expect("(");
    const p = r.path();
    r.expect(",");
    inputDrvs[p] = r.list(() => r.str());
    r.expect(")");
  });
  r.expect(",");
  const inputSrcs = r.list(() => r.path());
  r.expect(",");
  const system = r.str();
  r.expect(",");
  const builder = r.str();
  r.expect(",");
  const args = r.list(() => r.str());
  r.expect(",");
  const env: Record<string, string> = {};
  r.list(() => {
    r.expect("(");
    const k = r.str();
    r.expect(",");
    env[k] = r.str();
    r.expect(")");
  });
  r.expect(")");
  if (r.pos !== text.length) r.fail("trailing data");
  return makeDerivation({ name, system, builder, args, env, outputs, inputDrvs, inputSrcs });
}
