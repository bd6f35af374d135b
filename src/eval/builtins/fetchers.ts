// Fetch builtins: fetchurl, fetchTarball, fetchGit and fetchMercurial (through the injected
// Fetcher), and fetchTree: Nix 2.8's only runs with the `flakes` feature and so always refuses
// here; Nix 2.26's (with `fetch-tree` or `flakes`) checks its input as Nix does and then fails.
// Argument checking, store paths, hash checks and result sets are computed here; downloads,
// unpacking and git live behind the Fetcher interface (src/eval/fetcher.ts).

import { showSymbol } from "../../parser/print.js";
import { showPos } from "../../parser/positions.js";
import type { Span } from "../../parser/ast.js";
import { EvalError, HostError, NixError, NixTypeError } from "../../errors.js";
import {
  hashBytes,
  makeFixedOutputPath,
  narOfTree,
  parseHash,
  parseHashAllowEmpty,
  parseHashSRI,
  printHash,
  storeNameProblem,
  type FileTree,
  type Hash,
} from "../../derivation/index.js";
import type { EvalContext } from "../context.js";
import type { NixVersion } from "../../nix-version.js";
import type { Fetcher, GitFetchResult } from "../fetcher.js";
import { NixAttrs, NixPath, NixString, showType, type Value } from "../value.js";
import type { BuiltinDef } from "./types.js";
import { inputAttrsOf, schemeContext } from "./flake-refs.js";
import { inputFromAttrs, inputFromURL, inputIsLocked, inputToURL, type InputAttrs } from "./input-schemes.js";
import { parseURL, renderURL } from "./url.js";
import { positioned } from "../operators.js";
import { forceStringNoContext as forceStringNoCtx } from "./string-context.js";

/** A position as Nix prints one inside a message (`(string):1:1`), or `undefined`. */
const showPosOf = (span: Span | undefined) => (span ? showPos(span) : "undefined position");

/** The state's fetcher, or Nix-style failure when the embedder gave none. */
function fetcherOf(ctx: EvalContext, who: string): Fetcher {
  const f = ctx.fetcher;
  if (!f) throw new HostError(`'${who}' cannot fetch anything: no fetcher was given to this evaluation (EvalOptions.fetcher)`);
  return f;
}

/** Nix's `baseNameOf` on a string: the last component, ignoring one trailing slash. */
function baseNameOf(s: string): string {
  if (s === "") return "";
  let last = s.length - 1;
  if (s[last] === "/" && last > 0) last--;
  const pos = s.lastIndexOf("/", last);
  return s.slice(pos + 1, last + 1);
}

/** A store path string carrying itself as context. */
function storePathValue(path: string): NixString {
  return new NixString(path, new Set([path]));
}

/** `channel:NAME` URLs of fetchTarball, as Nix 2.8 resolves them. */
function resolvePseudoUrl(url: string): string {
  return url.startsWith("channel:") ? `https://nixos.org/channels/${url.slice(8)}/nixexprs.tar.xz` : url;
}

/** The one top-level member of an unpacked tarball, or Nix's error. */
function singleMember(tree: FileTree, url: string): FileTree {
  const members = tree.type === "directory" ? Object.values(tree.entries) : [tree];
  if (members.length !== 1) throw new HostError(`tarball '${url}' contains an unexpected number of top-level files`);
  return members[0]!;
}

/** How the name came to fetchurl/fetchTarball: the URL's base name from a string argument or a
 * set without `name`, or the `name` attribute. */
type NameSource = "url" | "urlInSet" | "attr";

/** Nix 2.26 checks the store path name before downloading (Nix 2.8 fails later, on the path). */
const CHECKS_NAME_FIRST: Readonly<Record<NixVersion, boolean>> = { "2.8": false, "2.26": true };

function checkFetchName(ctx: EvalContext, name: string, from: NameSource, url: string, who: string): void {
  if (!CHECKS_NAME_FIRST[ctx.nixVersion]) return;
  const bad = storeNameProblem(name);
  if (bad === undefined) return;
  const advice =
    from === "url"
      ? `Please pass an attribute set with 'url' and 'name' attributes to '${who}',  so that it can create a valid store path.`
      : from === "urlInSet"
        ? `Please add a valid 'name' attribute to the argument for '${who}', so that it can create a valid store path.`
        : `Please change the value for the 'name' attribute passed to '${who}', so that it can create a valid store path.`;
  throw new HostError(`invalid store path name when fetching URL '${url}': ${bad}. ${advice}`);
}

/** Shared body of fetchurl (`unpack` false) and fetchTarball (`unpack` true). */
function fetchFile(ctx: EvalContext, arg: Value, who: "fetchurl" | "fetchTarball", unpack: boolean): Value {
  const v = ctx.force(arg);
  let url: string | undefined;
  let expected: Hash | undefined;
  let name = unpack ? "source" : "";
  let from: NameSource = "url";
  if (v instanceof NixAttrs) {
    from = "urlInSet";
    for (const [k, a] of v.map) {
      if (k === "url") url = forceStringNoCtx(ctx, a);
      else if (k === "sha256")
        expected = parseHashAllowEmpty(forceStringNoCtx(ctx, a), "sha256", (m) => ctx.host.printError(`warning: ${m}`));
      else if (k === "name") {
        name = forceStringNoCtx(ctx, a);
        from = "attr";
      } else throw new EvalError(`unsupported argument '${showSymbol(k)}' to '${who}'`, v.positions?.get(k));
    }
    if (url === undefined) throw new EvalError("'url' argument required");
  } else url = forceStringNoCtx(ctx, v);
  if (unpack) url = resolvePseudoUrl(url);
  ctx.access.checkURI(url);
  if (name === "") {
    name = baseNameOf(url);
    if (from === "attr") from = "urlInSet";
  }
  checkFetchName(ctx, name, from, url, who);
  if (ctx.access.pure && !expected) throw new HostError(`in pure evaluation mode, '${who}' requires a 'sha256' argument`);
  const method = unpack ? "recursive" : "flat";
  if (expected) {
    const known = makeFixedOutputPath(method, expected, name, ctx.store.storeDir);
    if (ctx.store.isValidPath(known)) return storePathValue(known);
  }
  const fetcher = fetcherOf(ctx, who);
  const bytes = fetcher.download(url);
  // Nix keeps the downloaded file itself in the store under `name` (also for tarballs).
  let path = ctx.addFetchedPath(ctx.store.addPathToStore(name, { tree: { type: "regular", contents: bytes } }, { method: "flat" }));
  let got: Hash;
  if (unpack) {
    const nar = narOfTree(singleMember(fetcher.unpackTarball(bytes), url));
    got = hashBytes("sha256", nar);
    path = ctx.addFetchedPath(ctx.store.addPathToStore(name, { nar }, { method: "recursive" }));
  } else got = hashBytes("sha256", bytes);
  if (expected && printHash(expected, "base16") !== printHash(got, "base16"))
    throw new HostError(
      `hash mismatch in file downloaded from '${url}':\n  specified: ${printHash(expected, "base32", true)}\n  got:       ${printHash(got, "base32", true)}`,
    );
  return storePathValue(path);
}

// ---- fetchGit ----

type AttrValue = string | boolean | number | bigint;

const GIT_ATTRS = new Set(["type", "url", "ref", "rev", "shallow", "submodules", "lastModified", "revCount", "narHash", "allRefs", "name"]);

/** Git's rules for branch and tag names (`git check-ref-format`), as Nix 2.8 enforces them. */
// eslint-disable-next-line no-control-regex
const BAD_GIT_REF = /\/\/|^[./]|\/\.|\.\.|[\x00-\x20\x7f:?^~[]|\\|\*|\.lock$|\.lock\/|@\{|[/.]$|^@$|^$/;

// RFC 3986 as Nix's `parseURL` reads it (its unreserved, sub-delims and pchar classes).
const URI_UNRESERVED = "[a-zA-Z0-9._~-]";
const URI_PCT = "%[0-9a-fA-F]{2}";
const URI_SUB = "[!$&'\"()*+,;=]";
const URI_PCHAR = `(?:${URI_UNRESERVED}|${URI_PCT}|${URI_SUB}|[:@])`;
const URI_AUTHORITY = `(?:(?:${URI_UNRESERVED}|${URI_PCT}|${URI_SUB}|:)*@)?(?:\\[[0-9a-fA-F:.]*\\]|(?:${URI_UNRESERVED}|${URI_PCT}|${URI_SUB})*)(?::[0-9]*)?`;
const URI_QUERY = `(?:${URI_PCHAR}|[/?])*`;
const VALID_URI = new RegExp(
  `^[a-zA-Z][a-zA-Z0-9+.-]*:(?://${URI_AUTHORITY}(?:/${URI_PCHAR}*)*|/?${URI_PCHAR}*(?:/${URI_PCHAR}*)*)(?:\\?${URI_QUERY})?(?:#${URI_QUERY})?$`,
);

function fixURI(s: string, defaultScheme = "file"): string {
  return s.includes("://") ? s : `${defaultScheme}://${s}`;
}

/** Nix's `fixURIForGit`: scp-style `user@host:path` becomes `ssh://user@host/path`. */
function fixURIForGit(s: string): string {
  const m = s[0] !== "/" ? /^([^/]*)@(.*):(.*)$/s.exec(s) : null;
  return m ? fixURI(`${m[1]}@${m[2]}/${m[3]}`, "ssh") : fixURI(s);
}

/** Attributes as JSON with sorted keys (how Nix shows an input in type errors). */
function attrsJSON(attrs: Map<string, AttrValue>): string {
  const keys = [...attrs.keys()].sort();
  return "{" + keys.map((k) => `${JSON.stringify(k)}:${typeof attrs.get(k) === "string" ? JSON.stringify(attrs.get(k)) : String(attrs.get(k))}`).join(",") + "}";
}

function strAttr(attrs: Map<string, AttrValue>, name: string): string | undefined {
  const v = attrs.get(name);
  if (v === undefined || typeof v === "string") return v;
  throw new EvalError(`input attribute '${name}' is not a string ${attrsJSON(attrs)}`);
}

function boolAttr(attrs: Map<string, AttrValue>, name: string): boolean | undefined {
  const v = attrs.get(name);
  if (v === undefined || typeof v === "boolean") return v;
  throw new EvalError(`input attribute '${name}' is not a Boolean ${attrsJSON(attrs)}`);
}

function intAttr(attrs: Map<string, AttrValue>, name: string): number | undefined {
  const v = attrs.get(name);
  if (v === undefined) return undefined;
  if (typeof v === "number" || typeof v === "bigint") return Number(BigInt.asUintN(64, BigInt(v)));
  throw new EvalError(`input attribute '${name}' is not an integer ${attrsJSON(attrs)}`);
}

/** The input attributes of a `fetchGit` call, as Nix 2.8's fetchTree front end collects them. */
function gitInputAttrs(ctx: EvalContext, arg: Value): Map<string, AttrValue> {
  const v = ctx.force(arg);
  const attrs = new Map<string, AttrValue>([["type", "git"]]);
  if (v instanceof NixAttrs) {
    if (v.has("type")) throw new EvalError("unexpected attribute 'type'");
    for (const k of v.sortedKeys()) {
      const a = ctx.force(v.get(k)!);
      if (typeof a === "string" || a instanceof NixString || a instanceof NixPath) {
        const s = ctx.coerceToString(a, new Set(), { coerceMore: false, copyToStore: false });
        attrs.set(k, k === "url" ? fixURIForGit(s) : s);
      } else if (typeof a === "boolean") attrs.set(k, a);
      else if (typeof a === "number" || typeof a === "bigint") attrs.set(k, a);
      else throw new NixTypeError(`fetchTree argument '${k}' is ${showType(a)} while a string, Boolean or integer is expected`);
    }
  } else {
    const s = ctx.coerceToString(v, new Set(), { coerceMore: false, copyToStore: false });
    attrs.set("url", fixURIForGit(s));
  }
  for (const k of [...attrs.keys()].sort()) if (!GIT_ATTRS.has(k)) throw new HostError(`unsupported Git input attribute '${k}'`);
  const url = strAttr(attrs, "url");
  if (url === undefined) throw new HostError("input attribute 'url' is missing");
  if (!url.includes("://") || !VALID_URI.test(url)) throw new EvalError(`'${url}' is not a valid URL`);
  const ref = strAttr(attrs, "ref");
  if (ref !== undefined && BAD_GIT_REF.test(ref)) throw new EvalError(`invalid Git branch/tag name '${ref}'`);
  return attrs;
}

/** The URL form Nix prints for a git input (`git+file:///x?ref=main&rev=...`). */
function gitInputURL(url: string, ref: string | undefined, rev: string | undefined): string {
  const base = url.startsWith("git") ? url : "git+" + url;
  const q: string[] = [];
  if (ref !== undefined) q.push(`ref=${encodeURIComponent(ref).replace(/%2F/g, "/")}`);
  if (rev !== undefined) q.push(`rev=${rev}`);
  return q.length ? `${base}?${q.join("&")}` : base;
}

/** `YYYYMMDDHHMMSS` in UTC, as Nix formats `lastModifiedDate`. */
function formatDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

function fetchGit(ctx: EvalContext, arg: Value): Value {
  const attrs = gitInputAttrs(ctx, arg);
  const url = strAttr(attrs, "url")!;
  const ref = strAttr(attrs, "ref");
  const revS = strAttr(attrs, "rev");
  const rev = revS === undefined ? undefined : printHash(parseHash(revS, "sha1"), "base16");
  const narHashS = strAttr(attrs, "narHash");
  let expectedNar: Hash | undefined;
  if (narHashS !== undefined) {
    expectedNar = narHashS === "" ? { algo: "sha256", bytes: new Uint8Array(32) } : parseHashSRI(narHashS);
    if (expectedNar.algo !== "sha256") throw new EvalError("narHash must use SHA-256");
  }
  const shallow = boolAttr(attrs, "shallow") ?? false;
  const submodules = boolAttr(attrs, "submodules") ?? false;
  const allRefs = boolAttr(attrs, "allRefs") ?? false;
  const expectedRevCount = intAttr(attrs, "revCount");
  const expectedLastModified = intAttr(attrs, "lastModified");
  const name = strAttr(attrs, "name") ?? "source";
  ctx.access.checkURI(url);
  if (ctx.access.pure && rev === undefined)
    throw new HostError(`in pure evaluation mode, 'fetchTree' requires a locked input, at ${showPosOf(ctx.currentSpan())}`);
  const fetcher = fetcherOf(ctx, "fetchGit");
  const result: GitFetchResult = fetcher.fetchGit({
    url,
    ref,
    rev,
    shallow,
    submodules,
    allRefs,
    warn: (m) => ctx.host.printError(`warning: ${m}`),
  });
  const nar = narOfTree(result.tree);
  const narHash = hashBytes("sha256", nar);
  const outPath = ctx.addFetchedPath(ctx.store.addPathToStore(name, { nar }, { method: "recursive" }));
  if (expectedNar && printHash(expectedNar, "base16") !== printHash(narHash, "base16"))
    throw new HostError(
      `NAR hash mismatch in input '${gitInputURL(url, ref, rev)}' (${outPath}), expected '${printHash(expectedNar, "sri")}', got '${printHash(narHash, "sri")}'`,
    );
  const resultURL = gitInputURL(url, result.ref, result.rev);
  if (expectedLastModified !== undefined && result.lastModified !== expectedLastModified)
    throw new HostError(`'lastModified' attribute mismatch in input '${resultURL}', expected ${expectedLastModified}`);
  if (expectedRevCount !== undefined && result.revCount !== expectedRevCount)
    throw new HostError(`'revCount' attribute mismatch in input '${resultURL}', expected ${expectedRevCount}`);
  const outRev = result.rev ?? "0".repeat(40);
  return ctx.makeAttrs([
    ["outPath", storePathValue(outPath)],
    ["narHash", printHash(narHash, "sri")],
    ["submodules", submodules],
    ["rev", outRev],
    ["shortRev", outRev.slice(0, 7)],
    ["revCount", result.revCount ?? 0],
    ["lastModified", result.lastModified],
    ["lastModifiedDate", formatDate(result.lastModified)],
  ]);
}

// ---- fetchMercurial ----

function fetchMercurial(ctx: EvalContext, arg: Value): Value {
  const v = ctx.force(arg);
  let url: string | undefined;
  let ref: string | undefined;
  let rev: string | undefined;
  let name = "source";
  if (v instanceof NixAttrs) {
    for (const [k, a] of v.map) {
      if (k === "url") url = ctx.coerceToString(a, new Set(), { coerceMore: false, copyToStore: false });
      else if (k === "rev") {
        // As in Nix, `rev` may be a changeset id or a branch/tag name.
        const s = forceStringNoCtx(ctx, a);
        if (/^[0-9a-fA-F]{40}$/.test(s)) rev = s.toLowerCase();
        else ref = s;
      } else if (k === "name") name = forceStringNoCtx(ctx, a);
      else throw new EvalError(`unsupported argument '${showSymbol(k)}' to 'fetchMercurial'`, v.positions?.get(k));
    }
    if (url === undefined) throw new EvalError("'url' argument required");
  } else url = ctx.coerceToString(v, new Set(), { coerceMore: false, copyToStore: false });
  ctx.access.checkURI(url);
  const fetcher = fetcherOf(ctx, "fetchMercurial");
  if (!fetcher.fetchMercurial) throw new HostError("executing 'hg': No such file or directory");
  const r = fetcher.fetchMercurial({ url: url.includes("://") ? url : "file://" + url, ref, rev, warn: (m) => ctx.host.printError(`warning: ${m}`) });
  const outPath = ctx.addFetchedPath(ctx.store.addPathToStore(name, { nar: narOfTree(r.tree) }, { method: "recursive" }));
  return ctx.makeAttrs([
    ["outPath", storePathValue(outPath)],
    ["branch", r.ref],
    ["rev", r.rev],
    ["shortRev", r.rev.slice(0, 12)],
    ["revCount", r.revCount],
  ]);
}

// ---- fetchTree (Nix 2.26) ----

/** Nix 2.26's `fetchTree`: the input read from attributes or a URL and checked as Nix does
 * before fetching anything; nixts then fails, as it cannot fetch inputs yet. */
function fetchTree(ctx: EvalContext, arg: Value): Value {
  const v = ctx.force(arg);
  let input: InputAttrs;
  if (v instanceof NixAttrs) {
    const type = v.get("type");
    if (type === undefined) throw new EvalError("attribute 'type' is missing in call to 'fetchTree'");
    const at = v.positions?.get("type");
    try {
      positioned(at, () => ctx.forceString(type));
    } catch (e) {
      if (e instanceof NixError) e.addTrace("while evaluating the `type` attribute passed to builtins.fetchTree", at);
      throw e;
    }
    const attrs = inputAttrsOf(ctx, v, "fetchTree", (name, x) => `fetchTree argument '${name}' is ${showType(x)} while a string, Boolean or integer is expected`, true);
    input = inputFromAttrs(attrs);
  } else {
    let s: string;
    try {
      s = ctx.coerceToString(v, new Set(), { coerceMore: false, copyToStore: false });
    } catch (e) {
      if (e instanceof NixError) {
        e.positionless = true;
        e.addTrace("while evaluating the first argument passed to the fetcher");
      }
      throw e;
    }
    const url = parseURL(s, schemeContext(ctx).warn);
    if (!url) throw new EvalError(`'${s}' is not a valid URL`);
    input = inputFromURL(url, s, schemeContext(ctx));
  }
  const shown = renderURL(inputToURL(input));
  if (ctx.access.pure && !inputIsLocked(input)) throw new EvalError(`in pure evaluation mode, 'fetchTree' will not fetch unlocked input '${shown}'`);
  throw new HostError(`cannot fetch input '${shown}': nixts's fetchTree does not fetch yet`);
}

/** The fetch builtins. */
export const fetcherBuiltins: BuiltinDef[] = [
  {
    name: "fetchurl",
    arity: 1,
    doc: "Downloads a file (URL or `{ url, sha256?, name? }`) into the store; returns its store path.",
    impl: ([a], ctx) => fetchFile(ctx, a!, "fetchurl", false),
  },
  {
    name: "fetchTarball",
    arity: 1,
    doc: "Downloads and unpacks a tarball (URL or `{ url, sha256?, name? }`); returns the store path of its single top-level member.",
    impl: ([a], ctx) => fetchFile(ctx, a!, "fetchTarball", true),
  },
  {
    name: "fetchGit",
    arity: 1,
    doc: "Copies a Git tree (path/URL or `{ url, rev?, ref?, name?, ... }`) into the store; returns outPath, rev, revCount, narHash, ...",
    impl: ([a], ctx) => fetchGit(ctx, a!),
  },
  {
    name: "fetchMercurial",
    arity: 1,
    doc: "Copies a Mercurial tree into the store (needs `hg`).",
    impl: ([a], ctx) => fetchMercurial(ctx, a!),
  },
  {
    name: "fetchTree",
    arity: 1,
    versions: ["2.8"],
    doc: "Fetches a tree by input attributes; Nix 2.8 only allows it with the experimental `flakes` feature.",
    impl: () => {
      throw new HostError("experimental Nix feature 'flakes' is disabled; use '--extra-experimental-features flakes' to override");
    },
  },
  {
    name: "fetchTree",
    arity: 1,
    versions: ["2.26"],
    doc: "(Nix 2.26, fetch-tree or flakes) Fetches a tree by input attributes or URL; nixts checks the input as Nix does, then fails (it fetches nothing this way yet).",
    impl: ([a], ctx) => fetchTree(ctx, a!),
  },
];
