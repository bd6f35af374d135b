// The fetcher interface: how fetch builtins (fetchurl, fetchTarball, fetchGit, fetchTree) reach
// the network and tools. Injected through EvalOptions.fetcher; the Node implementation lives in
// src/node/fetcher-node.ts. Without a fetcher, fetch builtins fail with a NixError.

/** Access to remote sources. All methods are synchronous, as evaluation is. */
export interface Fetcher {
  /** Downloads a URL and returns its bytes; throws a NixError (Nix's wording) on failure. */
  download(url: string): Uint8Array;
}
