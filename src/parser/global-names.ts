// The names bound in the base environment of each Nix version nixts follows, which scope
// resolution treats as the outermost lexical scope: every builtin as `__name`, plus the ones Nix
// also binds without the prefix. This is the table of which builtins each version has;
// src/eval/builtins/index.ts must define exactly these (a test checks it).

import type { NixVersion } from "../nix-version.js";

/** `builtins.attrNames builtins` in Nix 2.8, in Nix's order. */
export const BUILTIN_NAMES: readonly string[] = ["abort","add","addErrorContext","all","any","appendContext","attrNames","attrValues","baseNameOf","bitAnd","bitOr","bitXor","builtins","catAttrs","ceil","compareVersions","concatLists","concatMap","concatStringsSep","currentSystem","currentTime","deepSeq","derivation","derivationStrict","dirOf","div","elem","elemAt","false","fetchGit","fetchMercurial","fetchTarball","fetchTree","fetchurl","filter","filterSource","findFile","floor","foldl'","fromJSON","fromTOML","functionArgs","genList","genericClosure","getAttr","getContext","getEnv","groupBy","hasAttr","hasContext","hashFile","hashString","head","import","intersectAttrs","isAttrs","isBool","isFloat","isFunction","isInt","isList","isNull","isPath","isString","langVersion","length","lessThan","listToAttrs","map","mapAttrs","match","mul","nixPath","nixVersion","null","parseDrvName","partition","path","pathExists","placeholder","readDir","readFile","removeAttrs","replaceStrings","scopedImport","seq","sort","split","splitVersion","storeDir","storePath","stringLength","sub","substring","tail","throw","toFile","toJSON","toPath","toString","toXML","trace","true","tryEval","typeOf","unsafeDiscardOutputDependency","unsafeDiscardStringContext","unsafeGetAttrPos","zipAttrsWith"];

/** Builtins that Nix 2.8 also binds at top level without the `__` prefix. */
export const UNPREFIXED_NAMES: ReadonlySet<string> = new Set([
  "abort", "baseNameOf", "builtins", "derivation", "derivationStrict", "dirOf", "false", "fetchGit",
  "fetchMercurial", "fetchTarball", "fetchTree", "fromTOML", "import", "isNull", "map", "null",
  "placeholder", "removeAttrs", "scopedImport", "throw", "toString", "true",
]);

/** Top-level name of a builtin in Nix 2.8: `map` stays `map`, `add` is `__add`. */
export function globalNameOf(builtin: string, unprefixed: ReadonlySet<string> = UNPREFIXED_NAMES): string {
  return unprefixed.has(builtin) ? builtin : "__" + builtin;
}

/** Every name in Nix 2.8's base environment, in slot order (the index is the slot). */
export const GLOBAL_NAMES: readonly string[] = BUILTIN_NAMES.map((b) => globalNameOf(b));

/**
 * Nix 2.26.3's builtins without experimental features: 2.8's without `fetchTree` (behind the
 * `fetch-tree` and `flakes` features now), with `addDrvOutputDependencies`, `break`,
 * `convertHash`, `readFileType`, `traceVerbose` and `warn` (checked against its
 * `builtins.attrNames builtins`).
 */
const BUILTIN_NAMES_2_26: readonly string[] = [
  ...BUILTIN_NAMES.filter((n) => n !== "fetchTree"),
  "addDrvOutputDependencies", "break", "convertHash", "readFileType", "traceVerbose", "warn",
].sort();

/** 2.26.3 binds `break` without the prefix too, and `fetchTree` not at all. */
const UNPREFIXED_2_26: ReadonlySet<string> = new Set([...[...UNPREFIXED_NAMES].filter((n) => n !== "fetchTree"), "break"]);

/** What each version binds: its builtins (`builtins.attrNames builtins`) and its base environment. */
export interface GlobalScope {
  readonly builtinNames: readonly string[];
  /** Base environment names in slot order: `globalNames[i]` is the top-level name of `builtinNames[i]`. */
  readonly globalNames: readonly string[];
}

/** The builtins each version also binds without the prefix. */
const UNPREFIXED: Readonly<Record<NixVersion, ReadonlySet<string>>> = { "2.8": UNPREFIXED_NAMES, "2.26": UNPREFIXED_2_26 };

const SCOPES: Readonly<Record<NixVersion, GlobalScope>> = {
  "2.8": { builtinNames: BUILTIN_NAMES, globalNames: GLOBAL_NAMES },
  "2.26": { builtinNames: BUILTIN_NAMES_2_26, globalNames: BUILTIN_NAMES_2_26.map((b) => globalNameOf(b, UNPREFIXED["2.26"])) },
};

/**
 * The builtins Nix 2.26.3 adds for the experimental features nixts follows, with whether each is
 * also bound without the prefix (checked against its `builtins.attrNames builtins`). Nix 2.8's
 * table has none: its `fetchTree` is always there.
 */
const EXPERIMENTAL_BUILTINS: Readonly<Record<NixVersion, Readonly<Record<string, readonly (readonly [string, boolean])[]>>>> = {
  "2.8": {},
  "2.26": {
    "fetch-tree": [["fetchTree", true]],
    flakes: [["fetchTree", true], ["flakeRefToString", false], ["getFlake", false], ["parseFlakeRef", false]],
  },
};

const withFeatures = new Map<string, GlobalScope>();

/** The builtins and base environment of a Nix version, with `features` (experimental features
 * that are on) adding theirs. */
export function globalScopeOf(version: NixVersion, features: Iterable<string> = []): GlobalScope {
  const added = new Map<string, boolean>();
  for (const f of features) for (const [name, plain] of EXPERIMENTAL_BUILTINS[version][f] ?? []) added.set(name, plain);
  if (added.size === 0) return SCOPES[version];
  const key = `${version} ${[...added.keys()].sort().join(" ")}`;
  let scope = withFeatures.get(key);
  if (!scope) {
    const base = SCOPES[version];
    const builtinNames = [...base.builtinNames, ...added.keys()].sort();
    const unprefixed = new Set([...UNPREFIXED[version], ...[...added].filter(([, p]) => p).map(([n]) => n)]);
    withFeatures.set(key, (scope = { builtinNames, globalNames: builtinNames.map((b) => globalNameOf(b, unprefixed)) }));
  }
  return scope;
}
