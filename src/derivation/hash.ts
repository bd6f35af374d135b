// Hashes as Nix 2.8 handles them: md5/sha1/sha256/sha512 of byte strings, parsing from base16,
// Nix base-32, base64 and SRI (`sha256-...`) with the algorithm given or embedded, printing in
// each form, and Nix's 20-byte hash compression. The digest backend is injectable.

import { md5, sha1 } from "@noble/hashes/legacy.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { toBytes } from "./bytes.js";
import { BadHashError } from "./errors.js";
import { UsageError } from "../errors.js";
import type { NixVersion } from "../nix-version.js";
import { decodeNixBase32, encodeNixBase32, nixBase32Length } from "./nix-base32.js";

/** A hash algorithm Nix 2.8 knows. */
export type HashAlgo = "md5" | "sha1" | "sha256" | "sha512";

/** Digest size in bytes of each algorithm. */
export const HASH_SIZES: Readonly<Record<HashAlgo, number>> = Object.freeze({
  md5: 16,
  sha1: 20,
  sha256: 32,
  sha512: 64,
});

/** Output encodings of a hash. */
export type HashEncoding = "base16" | "base32" | "base64" | "sri";

/** An incremental hasher. `update` takes bytes or a byte string (one char per byte). */
export interface Hasher {
  update(data: Uint8Array | string): void;
  digest(): Uint8Array;
}

/** Creates an incremental hasher for an algorithm; inject another with {@link setHasherFactory}. */
export type HasherFactory = (algo: HashAlgo) => Hasher;

const nobleFactory: HasherFactory = (algo) => {
  const h =
    algo === "sha256" ? sha256.create() : algo === "sha512" ? sha512.create() : algo === "sha1" ? sha1.create() : md5.create();
  return {
    update(data) {
      h.update(toBytes(data));
    },
    digest() {
      return h.digest();
    },
  };
};

/** The part of node:crypto used here (Node, Deno and Bun have it; browsers do not). */
interface NativeCrypto {
  createHash(algo: string): { update(data: Uint8Array | string, encoding?: "latin1"): unknown; digest(): Uint8Array };
  /** One-shot hashing (Node 20.12+), a quarter cheaper than createHash for short inputs; strings are read as UTF-8. */
  hash?(algo: string, data: Uint8Array | string, outputEncoding: "buffer"): Uint8Array;
}

/**
 * node:crypto where the runtime offers it without an import (`process.getBuiltinModule`, Node
 * 20.16+), else `undefined`. Hashing is a computation, not host access, so the core may use it.
 */
function findNativeCrypto(): NativeCrypto | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const mod = proc?.getBuiltinModule?.("node:crypto") as NativeCrypto | undefined;
    return typeof mod?.createHash === "function" ? mod : undefined;
  } catch {
    return undefined;
  }
}

/** A view of a digest as a plain Uint8Array (node:crypto returns a Buffer). */
const plain = (b: Uint8Array): Uint8Array => (b.constructor === Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.length));

function nativeFactory(crypto: NativeCrypto): HasherFactory {
  return (algo) => {
    const h = crypto.createHash(algo);
    return {
      update(data) {
        if (typeof data === "string") h.update(data, "latin1");
        else h.update(data);
      },
      digest() {
        return plain(h.digest());
      },
    };
  };
}

// Looked up on the first hash, so that a start that never hashes does not load node:crypto.
let nativeOrNoble: HasherFactory | undefined;
/** node:crypto's one-shot `hash`, where the default backend is node:crypto and has it. */
let nativeOneShot: NativeCrypto["hash"] | undefined;
function resolveDefault(): HasherFactory {
  const native = findNativeCrypto();
  if (typeof native?.hash === "function") nativeOneShot = native.hash.bind(native);
  return (nativeOrNoble = native ? nativeFactory(native) : nobleFactory);
}
const defaultFactory: HasherFactory = (algo) => (nativeOrNoble ?? resolveDefault())(algo);
/** Byte strings with no byte above 0x7f read the same as UTF-8, which one-shot hashing assumes. */
const NON_ASCII = /[\u0080-\uffff]/;
let currentFactory: HasherFactory = defaultFactory;

/**
 * Replaces the digest backend. Pass `undefined` to restore the default: node:crypto where the
 * runtime has it, the portable @noble/hashes elsewhere.
 */
export function setHasherFactory(factory: HasherFactory | undefined): void {
  currentFactory = factory ?? defaultFactory;
}

/** The portable @noble/hashes backend, for {@link setHasherFactory} (e.g. to test it under Node). */
export const nobleHasherFactory: HasherFactory = nobleFactory;

/** Returns a new incremental hasher from the current backend. */
export function createHasher(algo: HashAlgo): Hasher {
  return currentFactory(algo);
}

/** A hash value: algorithm and raw digest bytes. */
export interface Hash {
  readonly algo: HashAlgo;
  readonly bytes: Uint8Array;
}

/** Hashes a byte string (one char per byte) or bytes. */
export function hashBytes(algo: HashAlgo, data: string | Uint8Array): Hash {
  if (currentFactory === defaultFactory) {
    if (nativeOrNoble === undefined) resolveDefault();
    if (nativeOneShot !== undefined && (typeof data !== "string" || !NON_ASCII.test(data)))
      return { algo, bytes: plain(nativeOneShot(algo, data, "buffer")) };
  }
  const h = currentFactory(algo);
  h.update(data);
  return { algo, bytes: h.digest() };
}

/** Hashes a byte string and returns the lowercase hex digest. */
export function hashHex(algo: HashAlgo, data: string | Uint8Array): string {
  return toBase16(hashBytes(algo, data).bytes);
}

/** Parses an algorithm name; returns `undefined` if unknown (Nix's `parseHashTypeOpt`). */
export function parseHashAlgoOpt(s: string): HashAlgo | undefined {
  return s === "md5" || s === "sha1" || s === "sha256" || s === "sha512" ? s : undefined;
}

/** What each Nix version calls a hash's algorithm in its messages. */
const ALGO_WORD: Readonly<Record<NixVersion, string>> = { "2.8": "hash type", "2.26": "hash algorithm" };

/** How each version words an unknown hash algorithm. */
const UNKNOWN_ALGO: Readonly<Record<NixVersion, (name: string) => string>> = {
  "2.8": (name) => `unknown hash algorithm '${name}'`,
  "2.26": (name) => `unknown hash algorithm '${name}', expect 'md5', 'sha1', 'sha256', or 'sha512'`,
};

/** Parses an algorithm name or throws `unknown hash algorithm '...'` (a usage error, as in Nix). */
export function parseHashAlgo(s: string): HashAlgo {
  const a = parseHashAlgoOpt(s);
  if (!a) throw new UsageError("").reword((version) => UNKNOWN_ALGO[version](s));
  return a;
}

const HEX = "0123456789abcdef";

/** Lowercase hex of bytes. */
export function toBase16(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += HEX[b >> 4]! + HEX[b & 15]!;
  return s;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard padded base64 of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    s += B64[n >> 18]! + B64[(n >> 12) & 63]! + "==";
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    s += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + "=";
  }
  return s;
}

/**
 * Decodes base64 leniently, as Nix 2.8 does: newlines are skipped, decoding stops at the
 * first `=`, and any other character outside the alphabet is an error.
 */
export function fromBase64(s: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const c of s) {
    if (c === "\n") continue;
    if (c === "=") break;
    const d = B64.indexOf(c);
    if (d < 0) throw new BadHashError(`invalid character in Base64 string: '${c}'`);
    acc = ((acc << 6) | d) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** Length of the base64 encoding of `n` bytes. */
function base64Length(n: number): number {
  return Math.ceil(n / 3) * 4;
}

/**
 * Prints a hash. `base16`, `base32` and `base64` print the bare digest unless `withAlgo` is set
 * (`sha256:...`); `sri` always prints `algo-base64`.
 */
export function printHash(hash: Hash, encoding: HashEncoding, withAlgo = false): string {
  if (encoding === "sri") return `${hash.algo}-${toBase64(hash.bytes)}`;
  const body =
    encoding === "base16" ? toBase16(hash.bytes) : encoding === "base32" ? encodeNixBase32(hash.bytes) : toBase64(hash.bytes);
  return withAlgo ? `${hash.algo}:${body}` : body;
}

/** Decodes the body of a hash of known algorithm, as Nix's `Hash(rest, type, isSRI)` constructor. */
function parseBody(rest: string, algo: HashAlgo, isSRI: boolean): Hash {
  const size = HASH_SIZES[algo];
  if (!isSRI && rest.length === size * 2) {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const hi = parseHexDigit(rest.charCodeAt(2 * i));
      const lo = parseHexDigit(rest.charCodeAt(2 * i + 1));
      if (hi < 0 || lo < 0) throw new BadHashError(`invalid base-16 hash '${rest}'`);
      bytes[i] = (hi << 4) | lo;
    }
    return { algo, bytes };
  }
  if (!isSRI && rest.length === nixBase32Length(size)) {
    const bytes = decodeNixBase32(rest, size);
    if (!bytes) throw new BadHashError(`invalid base-32 hash '${rest}'`);
    return { algo, bytes };
  }
  if (isSRI || rest.length === base64Length(size)) {
    const bytes = fromBase64(rest);
    if (bytes.length !== size) throw new BadHashError(`invalid ${isSRI ? "SRI" : "base-64"} hash '${rest}'`);
    return { algo, bytes };
  }
  throw new BadHashError("").reword((version) => `hash '${rest}' has wrong length for ${ALGO_WORD[version]} '${algo}'`);
}

function parseHexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Splits an `algo:` or SRI `algo-` prefix off, as Nix does (a `:` is looked for first). */
function splitPrefix(s: string): { algo?: HashAlgo; isSRI: boolean; rest: string; hasPrefix: boolean } {
  let sep = s.indexOf(":");
  let isSRI = false;
  if (sep < 0) {
    sep = s.indexOf("-");
    if (sep >= 0) isSRI = true;
  }
  if (sep < 0) return { isSRI: false, rest: s, hasPrefix: false };
  return { algo: parseHashAlgo(s.slice(0, sep)), isSRI, rest: s.slice(sep + 1), hasPrefix: true };
}

/**
 * Parses a hash in any encoding (Nix's `Hash::parseAny`): `algo:body`, SRI `algo-base64`, or a
 * bare base16/base32/base64 body when `algo` is given. If both give an algorithm they must agree.
 */
export function parseHash(s: string, algo?: HashAlgo): Hash {
  const p = splitPrefix(s);
  if (!p.algo && !algo)
    throw new BadHashError(`hash '${p.rest}' does not include a type, nor is the type otherwise known from context`);
  if (p.algo && algo && p.algo !== algo) throw new BadHashError(`hash '${s}' should have type '${algo}'`);
  return parseBody(p.rest, (p.algo ?? algo)!, p.isSRI);
}

/** Parses a hash that must carry its algorithm (`algo:body` or SRI), as Nix's `parseAnyPrefixed`. */
export function parseHashPrefixed(s: string): Hash {
  const p = splitPrefix(s);
  if (!p.algo) throw new BadHashError(`hash '${s}' does not include a type`);
  return parseBody(p.rest, p.algo, p.isSRI);
}

/** Parses an SRI hash (`algo-base64`), as Nix's `Hash::parseSRI`. */
export function parseHashSRI(s: string): Hash {
  const sep = s.indexOf("-");
  if (sep < 0) throw new BadHashError(`hash '${s}' is not SRI`);
  return parseBody(s.slice(sep + 1), parseHashAlgo(s.slice(0, sep)), true);
}

/**
 * Nix's `newHashAllowEmpty`: an empty string with a known algorithm yields the all-zero hash
 * (Nix warns `found empty hash, assuming '...'`; the warning is passed to `warn`).
 */
export function parseHashAllowEmpty(s: string, algo: HashAlgo | undefined, warn?: (msg: string) => void): Hash {
  if (s === "") {
    if (!algo) throw new BadHashError("").reword((version) => `empty hash requires explicit ${ALGO_WORD[version]}`);
    const h: Hash = { algo, bytes: new Uint8Array(HASH_SIZES[algo]) };
    warn?.(`found empty hash, assuming '${printHash(h, "sri")}'`);
    return h;
  }
  return parseHash(s, algo);
}

/** Nix's `compressHash`: XOR-folds a digest into `size` bytes. */
export function compressHash(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < bytes.length; i++) out[i % size] = out[i % size]! ^ bytes[i]!;
  return out;
}

