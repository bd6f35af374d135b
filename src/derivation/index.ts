// Public API of nixts' derivation layer: hashes, Nix base-32, NAR, store paths, derivations
// (ATerm, hashDerivationModulo, show-derivation JSON), instantiation and stores.
// Runs in any JS runtime; Node-only pieces live in src/node/store-node.ts.

export * from "./errors.js";
export { bytesOf, byteString, toBytes, utf8ByteString } from "./bytes.js";
export * from "./nix-base32.js";
export * from "./hash.js";
export * from "./nar.js";
export * from "./store-path.js";
export * from "./derivation.js";
export * from "./aterm.js";
export * from "./hash-derivation-modulo.js";
export * from "./show-derivation.js";
export * from "./store.js";
export * from "./instantiate.js";
