// `nixts/node`: the Node.js edge — a Host over node:fs and process.env, a Store that writes into
// the real /nix/store and registers paths with Nix, and (when present) a network Fetcher.

export { nodeHost } from "./host-node.js";
export { NodeStore, nodeFS, useNodeCrypto, type NodeStoreOptions } from "./store-node.js";
export { nodeFetcher } from "./fetcher-node.js";
