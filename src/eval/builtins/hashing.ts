// Hashing builtins of Nix 2.8: `hashString` and `hashFile` (md5, sha1, sha256, sha512, lowercase
// hex). Digests come from src/derivation/hash.ts, whose backend is @noble/hashes unless the Node
// edge injects node:crypto; files are read through the host as byte strings.

import { parseHashAlgo, hashHex } from "../../derivation/hash.js";
import type { EvalContext } from "../context.js";
import type { Value } from "../value.js";
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

/** `hashString` and `hashFile`. */
export const hashingBuiltins: BuiltinDef[] = [
  { name: "hashString", arity: 2, impl: hashString, lazy: true, doc: "The base-16 digest of a string (md5, sha1, sha256, sha512)." },
  { name: "hashFile", arity: 2, impl: hashFile, lazy: true, doc: "The base-16 digest of a file's contents." },
];
