// Nix 2.8's hashDerivationModulo: the hash that determines input-addressed output paths.
// Fixed-output derivations hash to `fixed:out:<algo>:<hex>:<path>` per output; others hash
// their ATerm with each input `.drv` path replaced by that input's own modulo hash.

import { unparseDerivation } from "./aterm.js";
import { DerivationError } from "./errors.js";
import { byteCompare, isFixedOutput, sortedKeys, type Derivation } from "./derivation.js";
import { hashBytes, hashHex, type Hash } from "./hash.js";
import { DEFAULT_STORE_DIR, makeTextPath } from "./store-path.js";

/** Output name → hex sha256 modulo hash (all equal for a non-fixed derivation). */
export type DrvHashes = ReadonlyMap<string, string>;

/** Options of {@link hashDerivationModulo}. */
export interface HashModuloOptions {
  /** Blank output paths before hashing (Nix's `maskOutputs`; used for the derivation being created). */
  readonly maskOutputs?: boolean;
  /** Memo of input drv path → modulo hashes, shared across calls (Nix's `drvHashes`). */
  readonly memo?: Map<string, DrvHashes>;
}

/**
 * Computes Nix's `hashDerivationModulo`. `readInput` returns the derivation at an input `.drv`
 * path (inputs are hashed recursively without masking; results go into `options.memo`).
 */
export function hashDerivationModulo(
  drv: Derivation,
  readInput: (drvPath: string) => Derivation,
  options: HashModuloOptions = {},
): DrvHashes {
  if (isFixedOutput(drv)) {
    const m = new Map<string, string>();
    for (const name of sortedKeys(drv.outputs)) {
      const o = drv.outputs[name]!;
      m.set(name, hashHex("sha256", `fixed:out:${o.hashAlgo}:${o.hash}:${o.path}`));
    }
    return m;
  }
  const inputDrvs = moduloInputDrvs(drv, readInput, options.memo ?? new Map<string, DrvHashes>());
  const h = hashHex("sha256", unparseDerivation(drv, { maskOutputs: options.maskOutputs, inputDrvs }));
  const m = new Map<string, string>();
  for (const name of sortedKeys(drv.outputs)) m.set(name, h);
  return m;
}

/**
 * The input section hashDerivationModulo hashes in place of `inputDrvs`: each input's modulo hash
 * → the output names used (inputs not yet in `memo` are read and hashed, and go into it).
 */
export function moduloInputDrvs(
  drv: Derivation,
  readInput: (drvPath: string) => Derivation,
  memo: Map<string, DrvHashes>,
): Map<string, string[]> {
  const inputs = new Map<string, Set<string>>();
  for (const drvPath of sortedKeys(drv.inputDrvs)) {
    let hashes = memo.get(drvPath);
    if (!hashes) {
      hashes = hashDerivationModulo(readInput(drvPath), readInput, { memo });
      memo.set(drvPath, hashes);
    }
    for (const outputName of drv.inputDrvs[drvPath]!) {
      const h = hashes.get(outputName);
      if (h === undefined) throw new DerivationError(`derivation '${drvPath}' has no output '${outputName}'`);
      let set = inputs.get(h);
      if (!set) inputs.set(h, (set = new Set()));
      set.add(outputName);
    }
  }
  const inputDrvs = new Map<string, string[]>();
  for (const [h, set] of inputs) inputDrvs.set(h, [...set].sort(byteCompare));
  return inputDrvs;
}

/** The ATerm text of a derivation and the sha256 of it. */
export function derivationTextHash(drv: Derivation): { text: string; hash: Hash } {
  const text = unparseDerivation(drv);
  return { text, hash: hashBytes("sha256", text) };
}

/**
 * The `.drv` store path: a text path named `<name>.drv` over the ATerm, with references
 * inputSrcs ∪ inputDrv paths.
 */
export function computeDerivationPath(drv: Derivation, storeDir = DEFAULT_STORE_DIR): string {
  return derivationPathAndText(drv, storeDir).path;
}

/** The `.drv` path of a derivation and its ATerm text, serialised once for both. */
export function derivationPathAndText(drv: Derivation, storeDir: string): { path: string; text: string } {
  const { text, hash } = derivationTextHash(drv);
  return { path: makeTextPath(drv.name + ".drv", hash, derivationReferences(drv), storeDir), text };
}

/** References of a `.drv` file: its inputSrcs and input derivation paths, sorted. */
export function derivationReferences(drv: Derivation): string[] {
  return [...new Set([...drv.inputSrcs, ...Object.keys(drv.inputDrvs)])].sort(byteCompare);
}
