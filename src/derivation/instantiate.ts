// instantiateDerivation: what the evaluator's `derivation` builtin calls once it has coerced
// the attributes to strings. Validates as Nix 2.8's derivationStrict does (same messages),
// computes output paths via hashDerivationModulo, writes the .drv and returns a frozen record.

import { freeze } from "immer";
import { atermHead, atermInputDrvs, atermTail } from "./aterm.js";
import { byteCompare, dictionary, freezeDerivation, sortedKeys, sortedUnique, type Derivation, type DerivationOutput } from "./derivation.js";
import { DerivationError } from "./errors.js";
import { hashBytes, hashHex, parseHashAlgoOpt, parseHashAllowEmpty, printHash } from "./hash.js";
import { derivationReferences, hashDerivationModulo, moduloInputDrvs, type DrvHashes } from "./hash-derivation-modulo.js";
import type { Store } from "./store.js";
import { makeFixedOutputPath, makeOutputPath, makeTextPath } from "./store-path.js";

/** What the evaluator hands over for one `derivation` call. */
export interface DerivationInput {
  /** The `name` attribute. */
  readonly name: string;
  /** The `system` attribute (`""` if missing: that is an error). */
  readonly system: string;
  /** The `builder` attribute (`""` if missing: that is an error). */
  readonly builder: string;
  /** The `args` attribute, each coerced to a string. */
  readonly args: readonly string[];
  /**
   * Every attribute passed to the builder, coerced to strings, WITHOUT output paths (this
   * function sets `out` and the other outputs). With structured attrs, this holds `__json`.
   */
  readonly env: Readonly<Record<string, string>>;
  /** Output names in the user's order; defaults to `["out"]`. */
  readonly outputs?: readonly string[];
  /** Whether an output may be called `drv` (Nix 2.26 allows it, Nix 2.8 does not). */
  readonly allowDrvOutput?: boolean;
  /** Present when `outputHash` was given: the algorithm (`""` if not given), the hash in any encoding, and the mode. */
  readonly fixedOutput?: { readonly hashAlgo: string; readonly hash: string; readonly mode: "flat" | "recursive" };
  /** Input derivations (from string contexts): `.drv` path → output names used. */
  readonly inputDrvs: Readonly<Record<string, readonly string[]>>;
  /** Input sources (plain store paths from string contexts). */
  readonly inputSrcs: readonly string[];
  /**
   * `__structuredAttrs = true`. In Nix 2.8 this changes nothing here: the JSON is in env as
   * `__json` and output paths are still set as env vars (checked against Nix 2.8).
   */
  readonly structuredAttrs?: boolean;
}

/** What {@link instantiateDerivation} returns; deeply frozen. */
export interface InstantiateResult {
  readonly drvPath: string;
  /** Output name → store path. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly derivation: Derivation;
}

/** Options of {@link instantiateDerivation}. */
export interface InstantiateOptions {
  /** Receives warnings Nix prints (e.g. `found empty hash, assuming '...'`). */
  readonly warn?: (message: string) => void;
}

const memos = new WeakMap<Store, Map<string, DrvHashes>>();

/** The per-store memo of input drv path → modulo hashes (Nix's `drvHashes`). */
export function moduloHashMemo(store: Store): Map<string, DrvHashes> {
  let m = memos.get(store);
  if (!m) memos.set(store, (m = new Map()));
  return m;
}

/** Validates the output names as Nix 2.8 does; returns them in the user's order. */
export function checkOutputs(outputs: readonly string[], allowDrv = false): string[] {
  const seen = new Set<string>();
  for (const o of outputs) {
    if (seen.has(o)) throw new DerivationError(`duplicate derivation output '${o}'`);
    if (o === "drv" && !allowDrv) throw new DerivationError("invalid derivation output name 'drv'");
    seen.add(o);
  }
  if (seen.size === 0) throw new DerivationError("derivation cannot have an empty set of outputs");
  return [...outputs];
}

/**
 * Instantiates a derivation as Nix 2.8's `derivationStrict` does after attribute coercion:
 * validates, computes output paths (fixed-output paths from the hash, others from
 * hashDerivationModulo over the inputs read back from `store`), writes the `.drv` into `store`
 * and returns its path, output paths and the frozen {@link Derivation}.
 *
 * Errors carry Nix's messages: `duplicate derivation output 'x'`, `invalid derivation output
 * name 'drv'`, `required attribute 'builder' missing`, `derivation names are not allowed to end
 * in '.drv'`, `multiple outputs are not supported in fixed-output derivations`, hash and store
 * path name errors.
 */
export function instantiateDerivation(input: DerivationInput, store: Store, options: InstantiateOptions = {}): InstantiateResult {
  const r = writeDerivationOf(input, store, options);
  return freeze({ drvPath: r.drvPath, outputs: r.outputs, derivation: freezeDerivation(r.derivation) }, true);
}

/**
 * {@link instantiateDerivation} without freezing anything: for callers that keep only the paths
 * (the evaluator's `derivationStrict`). The record is the one the store holds, which it freezes
 * when it hands it out; do not change it.
 */
export function writeDerivationOf(
  input: DerivationInput,
  store: Store,
  options: InstantiateOptions = {},
): { drvPath: string; outputs: Record<string, string>; derivation: Derivation } {
  const outputNames = checkOutputs(input.outputs ?? ["out"], input.allowDrvOutput);
  if (input.builder === "") throw new DerivationError("required attribute 'builder' missing");
  if (input.system === "") throw new DerivationError("required attribute 'system' missing");
  if (input.name.endsWith(".drv")) throw new DerivationError("derivation names are not allowed to end in '.drv'");

  // The record is built once, keys inserted in bytewise order; output paths are filled in once
  // known (until then they are "", which is what hashing with masked outputs sees).
  const env = dictionary<string>();
  for (const k of sortedUnique([...Object.keys(input.env), ...outputNames])) env[k] = input.env[k] ?? "";
  const outputs = dictionary<DerivationOutput>();
  const sortedOutputs = [...outputNames].sort(byteCompare);
  const inputDrvs = dictionary<string[]>();
  for (const k of sortedKeys(input.inputDrvs)) inputDrvs[k] = sortedUnique(input.inputDrvs[k]!);
  const drv: Derivation = {
    name: input.name,
    system: input.system,
    builder: input.builder,
    args: [...input.args],
    env,
    outputs,
    inputDrvs,
    inputSrcs: sortedUnique(input.inputSrcs),
  };
  const memo = moduloHashMemo(store);
  const readInput = (p: string): Derivation => store.readDerivation(p);
  // The modulo hash of a derivation being created hashes its ATerm with outputs masked and each
  // input replaced by its own modulo hash; that input section is also part of its unmasked
  // modulo hash (what later derivations using it hash), so it is serialised once for both.
  let moduloInputs: string | undefined;

  if (input.fixedOutput) {
    const fo = input.fixedOutput;
    if (outputNames.length !== 1 || outputNames[0] !== "out")
      throw new DerivationError("multiple outputs are not supported in fixed-output derivations");
    if (fo.mode !== "flat" && fo.mode !== "recursive")
      throw new DerivationError(`invalid value '${String(fo.mode)}' for 'outputHashMode' attribute`);
    const h = parseHashAllowEmpty(fo.hash, parseHashAlgoOpt(fo.hashAlgo), options.warn);
    const outPath = makeFixedOutputPath(fo.mode, h, input.name, store.storeDir);
    env.out = outPath;
    outputs.out = { path: outPath, hashAlgo: (fo.mode === "recursive" ? "r:" : "") + h.algo, hash: printHash(h, "base16") };
  } else {
    for (const o of sortedOutputs) outputs[o] = { path: "", hashAlgo: "", hash: "" };
    moduloInputs = atermInputDrvs(moduloInputDrvs(drv, readInput, memo));
    const masked = hashHex("sha256", atermHead(drv, true) + moduloInputs + atermTail(drv, true));
    // Made in Nix's order (output names sorted), which decides which invalid name is reported.
    for (const o of sortedOutputs) {
      const path = makeOutputPath(o, masked, input.name, store.storeDir);
      env[o] = path;
      outputs[o] = { path, hashAlgo: "", hash: "" };
    }
  }

  const head = atermHead(drv, false);
  const tail = atermTail(drv, false);
  const text = head + atermInputDrvs(inputDrvs) + tail;
  const references = derivationReferences(drv);
  const drvPath = makeTextPath(drv.name + ".drv", hashBytes("sha256", text), references, store.storeDir);
  store.writeDerivation(drv, { path: drvPath, text, references });
  if (!memo.has(drvPath)) {
    if (moduloInputs === undefined) memo.set(drvPath, hashDerivationModulo(drv, readInput, { memo }));
    else {
      const h = hashHex("sha256", head + moduloInputs + tail);
      memo.set(drvPath, new Map(sortedOutputs.map((o) => [o, h])));
    }
  }
  const outPaths = dictionary<string>();
  for (const o of outputNames) outPaths[o] = outputs[o]!.path;
  return { drvPath, outputs: outPaths, derivation: drv };
}
