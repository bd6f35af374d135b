// The package entry (`nixts`): evaluation API, values, errors and the parser. Node-specific
// pieces (host, store, fetcher) are in `nixts/node`; derivations in `nixts/derivation`;
// version predicates in `nixts/versions`.

export * from "./eval/index.js";
export * from "./errors.js";
export { DEFAULT_NIX_VERSION, NIX_RELEASE, NIX_VERSIONS, parseNixVersion, type NixVersion } from "./nix-version.js";
export type { Expr, Span, Source } from "./parser/ast.js";
export { parseSource } from "./parser/parser.js";
export { printExpr } from "./parser/print.js";
export { resolveScopes } from "./parser/resolve.js";
export type { Derivation } from "./derivation/index.js";
export { MemoryStore, type Store } from "./derivation/index.js";
