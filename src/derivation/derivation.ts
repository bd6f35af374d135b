// The Derivation record: the parsed form of a `.drv` file, deeply frozen.
// This is exactly what a separate executor receives; plain objects and arrays only, so it
// can be serialised (`structuredClone`, JSON) and shared between threads.

/**
 * One output of a derivation. For an input-addressed output only `path` is set (`hashAlgo` and
 * `hash` are `""`). For a fixed-output one, `hashAlgo` is the method and algorithm as in the
 * `.drv` (`"sha256"` for flat, `"r:sha256"` for recursive) and `hash` the lowercase hex digest.
 */
export interface DerivationOutput {
  readonly path: string;
  readonly hashAlgo: string;
  readonly hash: string;
}

/**
 * A derivation as written in a `.drv` file, plus its name (which the ATerm does not contain).
 *
 * This is the record a separate executor (builder) receives: everything needed to run the build
 * is here. It is deeply frozen (`Object.isFrozen` on every level); mutating it throws in strict
 * mode. Object key order carries no meaning: serialisers sort keys bytewise, as Nix does.
 *
 * - `outputs`: output name → path and, for fixed-output derivations, the expected hash.
 * - `inputDrvs`: `.drv` path → names of the outputs used, sorted bytewise and unique.
 * - `inputSrcs`: store paths (sources, `toFile` texts) the build reads, sorted and unique.
 * - `env`: the builder's environment, including output paths (`out`, ...), byte strings.
 */
export interface Derivation {
  readonly name: string;
  readonly system: string;
  readonly builder: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, DerivationOutput>>;
  readonly inputDrvs: Readonly<Record<string, readonly string[]>>;
  readonly inputSrcs: readonly string[];
}

/**
 * A new record keyed by names or store paths: no prototype, so that every key (`__proto__`
 * included) is an own property, and no hidden class per key (a record keyed by store paths
 * would otherwise make one for every path).
 */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Bytewise order of byte strings (JS `<` on strings of chars 0..255 is bytewise). */
export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted unique copy of a list of byte strings. */
export function sortedUnique(xs: Iterable<string>): string[] {
  return [...new Set(xs)].sort(byteCompare);
}

/** Keys of a record sorted bytewise (JS objects put integer-like keys first, so always sort). */
export function sortedKeys(o: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(o).sort(byteCompare);
}

/** The parts a {@link Derivation} is made of, in any order. */
export interface DerivationParts {
  name: string;
  system: string;
  builder: string;
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  outputs: Readonly<Record<string, DerivationOutput>>;
  inputDrvs: Readonly<Record<string, readonly string[]>>;
  inputSrcs: readonly string[];
}

/**
 * Builds a normalised, deeply frozen {@link Derivation}: plain copies of every part, with
 * `inputSrcs` and each `inputDrvs` output list sorted and deduplicated, and keys inserted in
 * bytewise order.
 */
export function makeDerivation(parts: DerivationParts): Derivation {
  return freezeDerivation(normaliseDerivation(parts));
}

/**
 * Deep-freezes a derivation record, level by level: its shape is known, and this costs a third
 * of a generic walk such as immer's `freeze(x, true)` (measured on pkgset's records). A record
 * frozen at the top is taken as frozen throughout, as immer takes it.
 */
export function freezeDerivation(drv: Derivation): Derivation {
  if (Object.isFrozen(drv)) return drv;
  Object.freeze(drv.args);
  Object.freeze(drv.env);
  for (const k in drv.outputs) Object.freeze(drv.outputs[k]);
  Object.freeze(drv.outputs);
  for (const k in drv.inputDrvs) Object.freeze(drv.inputDrvs[k]);
  Object.freeze(drv.inputDrvs);
  Object.freeze(drv.inputSrcs);
  return Object.freeze(drv);
}

/** {@link makeDerivation} without the freezing, for records that never leave the derivation layer. */
export function normaliseDerivation(parts: DerivationParts): Derivation {
  const env = dictionary<string>();
  for (const k of sortedKeys(parts.env)) env[k] = parts.env[k]!;
  const outputs = dictionary<DerivationOutput>();
  for (const k of sortedKeys(parts.outputs)) {
    const o = parts.outputs[k]!;
    outputs[k] = { path: o.path, hashAlgo: o.hashAlgo, hash: o.hash };
  }
  const inputDrvs = dictionary<string[]>();
  for (const k of sortedKeys(parts.inputDrvs)) inputDrvs[k] = sortedUnique(parts.inputDrvs[k]!);
  const drv: Derivation = {
    name: parts.name,
    system: parts.system,
    builder: parts.builder,
    args: [...parts.args],
    env,
    outputs,
    inputDrvs,
    inputSrcs: sortedUnique(parts.inputSrcs),
  };
  return drv;
}

/** True if every output carries a fixed hash (Nix's fixed-output derivation type). */
export function isFixedOutput(drv: Derivation): boolean {
  const names = Object.keys(drv.outputs);
  return names.length > 0 && names.every((n) => drv.outputs[n]!.hash !== "");
}

/** Output name → output path. */
export function outputPaths(drv: Derivation): Record<string, string> {
  const r = dictionary<string>();
  for (const k of sortedKeys(drv.outputs)) r[k] = drv.outputs[k]!.path;
  return r;
}
