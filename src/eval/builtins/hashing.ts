// Hashing builtins: `hashString` and `hashFile` (md5, sha1, sha256, sha512, lowercase hex), and
// Nix 2.26's `convertHash` between hash formats. Digests come from src/derivation/hash.ts, whose backend is @noble/hashes unless the Node
// edge injects node:crypto; files are read through the host as byte strings.

import { parseHash, parseHashAlgo, printHash, hashHex, type HashEncoding } from "../../derivation/hash.js";
import { MissingAttrError, NixError, UsageError } from "../../errors.js";
import type { EvalContext } from "../context.js";
import type { NixAttrs, Value } from "../value.js";
import { forceStringNoContext } from "./string-context.js";
import type { BuiltinDef } from "./types.js";
import { realisePath } from "./paths.js";

function hashString(args: Value[], ctx: EvalContext): Value {
  const algo = parseHashAlgo(forceStringNoContext(ctx, args[0]!));
  return hashHex(algo, ctx.forceString(args[1]!));
}

function hashFile(args: Value[], ctx: EvalContext): Value {
  const algo = parseHashAlgo(forceStringNoContext(ctx, args[0]!));
  const path = realisePath(ctx, args[1]!);
  return hashHex(algo, ctx.host.readFile(path));
}

/** Hash formats `convertHash` writes, by the names it takes (`base32` is `nix32`'s old name). */
const HASH_FORMATS: Readonly<Record<string, HashEncoding>> = { base16: "base16", nix32: "base32", base32: "base32", base64: "base64", sri: "sri" };

/** An attribute of convertHash's argument, forced to a string without context. */
function hashArgument(ctx: EvalContext, set: NixAttrs, name: string): string | undefined {
  const v = set.get(name);
  if (v === undefined) return undefined;
  try {
    return forceStringNoContext(ctx, v);
  } catch (e) {
    if (e instanceof NixError) e.addTrace(`while evaluating the attribute '${name}'`, set.positions?.get(name));
    throw e;
  }
}

/** Nix 2.26's `convertHash { hash; hashAlgo ? ; toHashFormat; }`. */
function convertHash(args: Value[], ctx: EvalContext): Value {
  const set = ctx.forceAttrs(args[0]!);
  const hash = hashArgument(ctx, set, "hash");
  if (hash === undefined) throw new MissingAttrError("attribute 'hash' missing").addTrace("while locating the attribute 'hash'");
  const algoName = hashArgument(ctx, set, "hashAlgo");
  const algo = algoName === undefined ? undefined : parseHashAlgo(algoName);
  const formatName = hashArgument(ctx, set, "toHashFormat");
  if (formatName === undefined) throw new MissingAttrError("attribute 'toHashFormat' missing").addTrace("while locating the attribute 'toHashFormat'");
  const format = Object.prototype.hasOwnProperty.call(HASH_FORMATS, formatName) ? HASH_FORMATS[formatName]! : undefined;
  if (format === undefined) throw new UsageError(`unknown hash format '${formatName}', expect 'base16', 'base32', 'base64', or 'sri'`);
  if (formatName === "base32") ctx.host.printError(`warning: "base32" is a deprecated alias for hash format "nix32".`);
  return printHash(parseHash(hash, algo), format);
}

/** `hashString`, `hashFile` and `convertHash`. */
export const hashingBuiltins: BuiltinDef[] = [
  { name: "hashString", arity: 2, impl: hashString, lazy: true, doc: "The base-16 digest of a string (md5, sha1, sha256, sha512)." },
  { name: "hashFile", arity: 2, impl: hashFile, lazy: true, doc: "The base-16 digest of a file's contents." },
  { name: "convertHash", arity: 1, impl: convertHash, doc: "`convertHash { hash; hashAlgo ? ; toHashFormat; }` (Nix 2.26): a hash in another format (`base16`, `nix32`, `base64`, `sri`)." },
];
