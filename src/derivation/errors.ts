// Error classes raised by the derivation and store layer.
// They extend nixts' EvalError so that the evaluator can attach a trace; messages are worded as
// Nix 2.8 words them (without the `error: ` prefix). Like Nix's store errors, hash and store
// path errors print without a position.

import { EvalError, positionless } from "../errors.js";

/** A malformed or mismatched hash (Nix's `BadHash`). */
export class BadHashError extends EvalError {
  constructor(message: string) {
    super(message);
    positionless(this);
  }
}

/** An invalid store path or store path name (Nix's `BadStorePath`). */
export class BadStorePathError extends EvalError {
  constructor(message: string) {
    super(message);
    positionless(this);
  }
}

/** A derivation that Nix would refuse to instantiate, or a malformed `.drv` file. */
export class DerivationError extends EvalError {}

/** A store operation failed (missing path, I/O from an injected FS, ...). */
export class StoreError extends EvalError {
  constructor(message: string) {
    super(message);
    positionless(this);
  }
}
