// The `.drv` ATerm format of Nix 2.8: `Derive([outputs],[inputDrvs],[inputSrcs],system,
// builder,[args],[env])`, byte-identical to what Nix writes, and a parser for it.
// Serialisation can mask outputs and substitute input drvs (for hashDerivationModulo).

import { DerivationError } from "./errors.js";
import { byteCompare, dictionary, makeDerivation, type Derivation, type DerivationOutput } from "./derivation.js";
import { escapeString, type EscapeOf } from "../escape.js";

const NEEDS_ESCAPE = /["\\\n\r\t]/;

/** Quotes a byte string as Nix does in `.drv` files: escapes `"`, `\`, newline, CR and tab. */
export function atermString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? escapeString(s, atermEscape) : '"' + s + '"';
}

const atermEscape: EscapeOf = (c) =>
  c === 34 ? '\\"' : c === 92 ? "\\\\" : c === 10 ? "\\n" : c === 13 ? "\\r" : c === 9 ? "\\t" : undefined;

/** Options of {@link unparseDerivation}. */
export interface UnparseOptions {
  /** Blank output paths in `outputs` and in env entries named after outputs (Nix's `maskOutputs`). */
  readonly maskOutputs?: boolean;
  /** Replaces `inputDrvs` (key → output names), e.g. modulo hashes instead of paths. */
  readonly inputDrvs?: ReadonlyMap<string, readonly string[]>;
}

/** `[a,b,...]` of quoted strings; `sorted` says the list is already in bytewise order. */
function quotedList(items: readonly string[], sorted: boolean): string {
  const xs = sorted ? items : [...items].sort(byteCompare);
  let out = "[";
  for (let i = 0; i < xs.length; i++) out += (i ? "," : "") + atermString(xs[i]!);
  return out + "]";
}

/** True if `xs` is in strictly increasing bytewise order (a derivation record's lists are). */
function isSorted(xs: readonly string[]): boolean {
  for (let i = 1; i < xs.length; i++) if (!(xs[i - 1]! < xs[i]!)) return false;
  return true;
}

/** Keys of a record in bytewise order; records made by makeDerivation already are. */
function orderedKeys(o: Readonly<Record<string, unknown>>): string[] {
  const ks = Object.keys(o);
  return isSorted(ks) ? ks : ks.sort(byteCompare);
}

/** Serialises a derivation to the exact `.drv` text Nix 2.8 writes (a byte string). */
export function unparseDerivation(drv: Derivation, options: UnparseOptions = {}): string {
  const mask = options.maskOutputs ?? false;
  return atermHead(drv, mask) + atermInputDrvs(options.inputDrvs ?? drv.inputDrvs) + atermTail(drv, mask);
}

/*
 * The three sections of the ATerm, `Derive([outputs],` + `[inputDrvs]` + `,[inputSrcs],...,[env])`,
 * so that the texts hashDerivationModulo and the `.drv` path need (masked or not, with input
 * paths or their modulo hashes) share what they have in common instead of serialising it again.
 */

/** `Derive([outputs],`; `mask` blanks the output paths. */
export function atermHead(drv: Derivation, mask: boolean): string {
  let out = "Derive([";
  const outNames = orderedKeys(drv.outputs);
  for (let i = 0; i < outNames.length; i++) {
    const name = outNames[i]!;
    const o = drv.outputs[name]!;
    out += (i ? ",(" : "(") + atermString(name) + "," + atermString(mask ? "" : o.path) + "," + atermString(o.hashAlgo) + "," + atermString(o.hash) + ")";
  }
  return out + "],";
}

/** `[(drvPath,[outputs]),...]` of a derivation's inputs, or of substitutes for them. */
export function atermInputDrvs(inputDrvs: Readonly<Record<string, readonly string[]>> | ReadonlyMap<string, readonly string[]>): string {
  let out = "[";
  if (inputDrvs instanceof Map) {
    const inputs = [...inputDrvs.entries()].sort((a, b) => byteCompare(a[0], b[0]));
    for (let i = 0; i < inputs.length; i++) {
      const [p, names] = inputs[i]!;
      out += (i ? ",(" : "(") + atermString(p) + "," + quotedList(names, isSorted(names)) + ")";
    }
  } else {
    const record = inputDrvs as Readonly<Record<string, readonly string[]>>;
    const keys = orderedKeys(record);
    for (let i = 0; i < keys.length; i++) {
      const names = record[keys[i]!]!;
      out += (i ? ",(" : "(") + atermString(keys[i]!) + "," + quotedList(names, isSorted(names)) + ")";
    }
  }
  return out + "]";
}

/** `,[inputSrcs],system,builder,[args],[env])`; `mask` blanks env entries named after outputs. */
export function atermTail(drv: Derivation, mask: boolean): string {
  let out = "," + quotedList(drv.inputSrcs, isSorted(drv.inputSrcs)) + "," + atermString(drv.system) + "," + atermString(drv.builder) + ",[";
  for (let i = 0; i < drv.args.length; i++) out += (i ? "," : "") + atermString(drv.args[i]!);
  out += "],[";
  const envKeys = orderedKeys(drv.env);
  for (let i = 0; i < envKeys.length; i++) {
    const k = envKeys[i]!;
    const v = mask && Object.prototype.hasOwnProperty.call(drv.outputs, k) ? "" : drv.env[k]!;
    out += (i ? ",(" : "(") + atermString(k) + "," + atermString(v) + ")";
  }
  return out + "])";
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
  const outputs = dictionary<DerivationOutput>();
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
  const inputDrvs = dictionary<string[]>();
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
  const env = dictionary<string>();
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
