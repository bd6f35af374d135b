// Error classes raised by the derivation and store layer.
// They extend nixts' EvalError so that the evaluator can attach a position and a trace;
// messages are worded as Nix 2.8 words them (without the `error: ` prefix).

import { EvalError } from "../errors.js";

/** A malformed or mismatched hash (Nix's `BadHash`). */
export class BadHashError extends EvalError {}

/** An invalid store path or store path name (Nix's `BadStorePath`). */
export class BadStorePathError extends EvalError {}

/** A derivation that Nix would refuse to instantiate, or a malformed `.drv` file. */
export class DerivationError extends EvalError {}

/** A store operation failed (missing path, I/O from an injected FS, ...). */
export class StoreError extends EvalError {}
