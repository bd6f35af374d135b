// Store paths as Nix 2.8 computes them: the `type:sha256:<hex>:<storeDir>:<name>` fingerprint
// compressed to 160 bits in Nix base-32, text paths with references (`toFile`, `.drv`),
// fixed-output and source paths, name validation, and output placeholders.

import { BadStorePathError } from "./errors.js";
import { compressHash, hashBytes, hashHex, printHash, type Hash } from "./hash.js";
import { narHash, type PathFilter, type ReadonlyFS } from "./nar.js";
import { encodeNixBase32 } from "./nix-base32.js";

/** The default store directory. */
export const DEFAULT_STORE_DIR = "/nix/store";

/** Length of the hash part of a store path's base name. */
export const STORE_PATH_HASH_LENGTH = 32;

/** How a path's contents are hashed for a fixed-output or added path. */
export type FileIngestionMethod = "flat" | "recursive";

/**
 * Checks a store path name as Nix 2.8 does (non-empty, at most 211 bytes, only
 * `[0-9a-zA-Z+-._?=]`). `baseName` is the `hash-name` shown in the error message.
 */
export function checkStorePathName(name: string, baseName: string): void {
  if (name.length === 0) throw new BadStorePathError(`store path '${baseName}' has an empty name`);
  if (name.length > 211) throw new BadStorePathError(`store path '${baseName}' has a name longer than 211 characters`);
  for (const c of name) {
    const ok =
      (c >= "0" && c <= "9") ||
      (c >= "a" && c <= "z") ||
      (c >= "A" && c <= "Z") ||
      c === "+" ||
      c === "-" ||
      c === "." ||
      c === "_" ||
      c === "?" ||
      c === "=";
    if (!ok) throw new BadStorePathError(`store path '${baseName}' contains illegal character '${c}'`);
  }
}

/** What is wrong with a store path name, in Nix 2.26's words, or undefined when it is valid. */
export function storeNameProblem(name: string): string | undefined {
  if (name.length === 0) return "name must not be empty";
  if (name.length > 211) return `name '${name}' must be no longer than 211 characters`;
  if (name === "." || name === "..") return `name '${name}' is not valid`;
  if (name.startsWith(".-") || name.startsWith("..-"))
    return `name '${name}' is not valid: first dash-separated component must not be '${name.slice(0, name.indexOf("-"))}'`;
  const bad = /[^a-zA-Z0-9+\-._?=]/.exec(name);
  return bad ? `name '${name}' contains illegal character '${bad[0]}'` : undefined;
}

/**
 * Nix's `makeStorePath`: the store path for a path type (e.g. `text:/nix/store/ref`, `source`,
 * `output:out`), the hex sha256 of the inner hash, and a name.
 */
export function makeStorePath(type: string, innerHashHex: string, name: string, storeDir = DEFAULT_STORE_DIR): string {
  const fingerprint = `${type}:sha256:${innerHashHex}:${storeDir}:${name}`;
  const digest = hashBytes("sha256", fingerprint).bytes;
  const hashPart = encodeNixBase32(compressHash(digest, 20));
  checkStorePathName(name, `${hashPart}-${name}`);
  return `${storeDir}/${hashPart}-${name}`;
}

/** Nix's `makeType`: `type` followed by `:ref` for each (sorted) reference and `:self` if self-referencing. */
export function makeType(type: string, references: Iterable<string> = [], hasSelfReference = false): string {
  let s = type;
  for (const r of [...new Set(references)].sort()) s += ":" + r;
  if (hasSelfReference) s += ":self";
  return s;
}

/** Path of a text added with references (`builtins.toFile`, `.drv` files): type `text`. */
export function makeTextPath(name: string, contentHash: Hash, references: Iterable<string> = [], storeDir = DEFAULT_STORE_DIR): string {
  if (contentHash.algo !== "sha256") throw new BadStorePathError("text paths must use sha256");
  return makeStorePath(makeType("text", references), printHash(contentHash, "base16"), name, storeDir);
}

/** Store path of a byte-string text with references, as `builtins.toFile` / `addTextToStore` compute it. */
export function computeTextPath(name: string, text: string, references: Iterable<string> = [], storeDir = DEFAULT_STORE_DIR): string {
  return makeTextPath(name, hashBytes("sha256", text), references, storeDir);
}

/**
 * Nix's `makeFixedOutputPath`: recursive sha256 gives a `source` path (which may have
 * references); anything else gives `output:out` over `fixed:out:[r:]algo:hex:`.
 */
export function makeFixedOutputPath(
  method: FileIngestionMethod,
  hash: Hash,
  name: string,
  storeDir = DEFAULT_STORE_DIR,
  references: Iterable<string> = [],
  hasSelfReference = false,
): string {
  if (hash.algo === "sha256" && method === "recursive") {
    return makeStorePath(makeType("source", references, hasSelfReference), printHash(hash, "base16"), name, storeDir);
  }
  if ([...references].length > 0 || hasSelfReference)
    throw new BadStorePathError("fixed-output paths other than recursive sha256 cannot have references");
  const inner = hashHex("sha256", `fixed:out:${method === "recursive" ? "r:" : ""}${printHash(hash, "base16", true)}:`);
  return makeStorePath("output:out", inner, name, storeDir);
}

/**
 * Store path a file or directory gets when copied by `addToStore` (path interpolation,
 * `builtins.path`, `filterSource`): by default the recursive sha256 of its NAR, type `source`.
 */
export function computeSourcePath(
  fs: ReadonlyFS,
  path: string,
  name: string,
  options: { method?: FileIngestionMethod; filter?: PathFilter; storeDir?: string } = {},
): string {
  const method = options.method ?? "recursive";
  const storeDir = options.storeDir ?? DEFAULT_STORE_DIR;
  if (method === "recursive") return makeFixedOutputPath("recursive", narHash(fs, path, "sha256", options.filter).hash, name, storeDir);
  const contents = fs.readFile(path);
  return makeFixedOutputPath("flat", hashBytes("sha256", contents), name, storeDir);
}

/** The store path name of an output: `name` for `out`, else `name-output`. */
export function outputPathName(drvName: string, outputName: string): string {
  return outputName === "out" ? drvName : `${drvName}-${outputName}`;
}

/** Nix's `makeOutputPath`: path of an input-addressed output from the derivation's modulo hash (hex). */
export function makeOutputPath(outputName: string, drvHashHex: string, drvName: string, storeDir = DEFAULT_STORE_DIR): string {
  return makeStorePath(`output:${outputName}`, drvHashHex, outputPathName(drvName, outputName), storeDir);
}

/** `builtins.placeholder`: `/` followed by the base-32 sha256 of `nix-output:<output>`. */
export function hashPlaceholder(outputName: string): string {
  return "/" + encodeNixBase32(hashBytes("sha256", "nix-output:" + outputName).bytes);
}

/** True if `path` is directly inside `storeDir` with a well-formed base name. */
export function isStorePath(path: string, storeDir = DEFAULT_STORE_DIR): boolean {
  try {
    parseStorePath(path, storeDir);
    return true;
  } catch {
    return false;
  }
}

/** Splits a store path into hash part and name, validating as Nix's `parseStorePath` does. */
export function parseStorePath(path: string, storeDir = DEFAULT_STORE_DIR): { hashPart: string; name: string } {
  const prefix = storeDir + "/";
  if (!path.startsWith(prefix)) throw new BadStorePathError(`path '${path}' is not in the Nix store`);
  const base = path.slice(prefix.length);
  if (base.includes("/")) throw new BadStorePathError(`path '${path}' is not a store path`);
  if (base.length < STORE_PATH_HASH_LENGTH + 1) throw new BadStorePathError(`'${base}' is not a valid store path name`);
  const hashPart = base.slice(0, STORE_PATH_HASH_LENGTH);
  for (const c of hashPart)
    if (!"0123456789abcdfghijklmnpqrsvwxyz".includes(c)) throw new BadStorePathError(`store path '${base}' contains illegal base-32 character '${c}'`);
  const name = base.slice(STORE_PATH_HASH_LENGTH + 1);
  checkStorePathName(name, base);
  return { hashPart, name };
}

/** True if the store path names a derivation (ends in `.drv`). */
export function isDerivationPath(path: string): boolean {
  return path.endsWith(".drv");
}

/** Name part of a store path (after `hash-`). */
export function storePathName(path: string, storeDir = DEFAULT_STORE_DIR): string {
  return parseStorePath(path, storeDir).name;
}

