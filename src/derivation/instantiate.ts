// instantiateDerivation: what the evaluator's `derivation` builtin calls once it has coerced
// the attributes to strings. Validates as Nix 2.8's derivationStrict does (same messages),
// computes output paths via hashDerivationModulo, writes the .drv and returns a frozen record.

import { freeze } from "immer";
import { dictionary, makeDerivation, normaliseDerivation, sortedUnique, type Derivation, type DerivationOutput } from "./derivation.js";
import { DerivationError } from "./errors.js";
import { parseHashAlgoOpt, parseHashAllowEmpty, printHash } from "./hash.js";
import { hashDerivationModulo, type DrvHashes } from "./hash-derivation-modulo.js";
import type { Store } from "./store.js";
import { makeFixedOutputPath, makeOutputPath } from "./store-path.js";

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
export function checkOutputs(outputs: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const o of outputs) {
    if (seen.has(o)) throw new DerivationError(`duplicate derivation output '${o}'`);
    if (o === "drv") throw new DerivationError("invalid derivation output name 'drv'");
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
  const outputNames = checkOutputs(input.outputs ?? ["out"]);
  if (input.builder === "") throw new DerivationError("required attribute 'builder' missing");
  if (input.system === "") throw new DerivationError("required attribute 'system' missing");
  if (input.name.endsWith(".drv")) throw new DerivationError("derivation names are not allowed to end in '.drv'");

  const env = Object.assign(dictionary<string>(), input.env);
  const outputs = dictionary<DerivationOutput>();
  const base = {
    name: input.name,
    system: input.system,
    builder: input.builder,
    args: input.args,
    inputDrvs: input.inputDrvs,
    inputSrcs: sortedUnique(input.inputSrcs),
  };
  let drv: Derivation;

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
    drv = makeDerivation({ ...base, env, outputs });
  } else {
    for (const o of outputNames) {
      env[o] = "";
      outputs[o] = { path: "", hashAlgo: "", hash: "" };
    }
    const memo = moduloHashMemo(store);
    const hashes = hashDerivationModulo(normaliseDerivation({ ...base, env, outputs }), (p) => store.readDerivation(p), {
      maskOutputs: true,
      memo,
    });
    // Made in Nix's order (output names sorted), which decides which invalid name is reported.
    const paths = new Map<string, string>();
    for (const o of [...outputNames].sort()) paths.set(o, makeOutputPath(o, hashes.get(o)!, input.name, store.storeDir));
    for (const o of outputNames) {
      const path = paths.get(o)!;
      env[o] = path;
      outputs[o] = { path, hashAlgo: "", hash: "" };
    }
    drv = makeDerivation({ ...base, env, outputs });
  }

  const drvPath = store.writeDerivation(drv);
  const memo = moduloHashMemo(store);
  if (!memo.has(drvPath)) memo.set(drvPath, hashDerivationModulo(drv, (p) => store.readDerivation(p), { memo }));
  const outPaths = dictionary<string>();
  for (const o of outputNames) outPaths[o] = drv.outputs[o]!.path;
  return freeze({ drvPath, outputs: outPaths, derivation: drv }, true);
}
