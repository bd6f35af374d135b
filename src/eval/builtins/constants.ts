// Builtin constants: booleans, null, system and version facts, the store directory, the search
// path as `__nixPath` sees it, and the clock. Computed once per evaluation state.

import type { BuiltinDef } from "./types.js";
import { NIX_RELEASE } from "../../nix-version.js";

/** Constants of the base environment. */
export const constantBuiltins: BuiltinDef[] = [
  { name: "true", arity: 0, value: () => true, doc: "The Boolean true." },
  { name: "false", arity: 0, value: () => false, doc: "The Boolean false." },
  { name: "null", arity: 0, value: () => null, doc: "The null value." },
  { name: "currentSystem", arity: 0, value: (ctx) => ctx.system, doc: "The system type, e.g. `x86_64-linux`." },
  { name: "currentTime", arity: 0, value: (ctx) => Math.floor(ctx.host.currentTime()), doc: "Seconds since the epoch when evaluation started." },
  { name: "nixVersion", arity: 0, value: (ctx) => NIX_RELEASE[ctx.nixVersion], doc: "The Nix release being followed (`2.8.0` or `2.26.3`)." },
  { name: "langVersion", arity: 0, value: () => 6, doc: "The Nix language version (6 in Nix 2.8 and 2.26)." },
  { name: "storeDir", arity: 0, value: (ctx) => ctx.store.storeDir, doc: "The store directory, `/nix/store`." },
  {
    name: "nixPath",
    arity: 0,
    value: (ctx) =>
      ctx.searchPath.map((e) =>
        ctx.makeAttrs([
          ["path", e.path],
          ["prefix", e.prefix],
        ]),
      ),
    doc: "The search path as a list of `{ path; prefix; }` sets (`-I` entries first, then NIX_PATH).",
  },
];
