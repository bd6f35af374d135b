// The input schemes of Nix 2.26's fetchers (github, gitlab, sourcehut, indirect, git, hg, path,
// tarball, file) as far as evaluation sees them without fetching: reading an input from a URL
// or from attributes, checking its attributes, and writing it back as a URL. `parseFlakeRef`,
// `flakeRefToString` and `fetchTree`'s argument checks are built on these; behaviour is Nix
// 2.26.3's as observed (its messages, which failures let a flake reference fall back to a path).

import { EvalError, UsageError } from "../../errors.js";
import { parseHash, parseHashSRI, printHash } from "../../derivation/index.js";
import { parseURL, percentEncode, renderURL, type ParsedURL } from "./url.js";

/** An input attribute: a string, a Boolean or an unsigned 64-bit integer. */
export type InputAttr = string | boolean | bigint;
/** An input's attributes (`type` included). */
export type InputAttrs = Map<string, InputAttr>;

/** What schemes need from the evaluation. */
export interface SchemeContext {
  /** Prints `warning: MSG`. */
  warn(message: string): void;
  /** Whether an experimental feature is on. */
  hasFeature(name: string): boolean;
}

/** Errors that let a flake reference be read as a path instead (Nix's BadURL). */
const badURLs = new WeakSet<EvalError>();

/** A failure to read a URL as an input of some scheme. */
function badURL(message: string): EvalError {
  const e = new EvalError(message);
  badURLs.add(e);
  return e;
}

/** Whether `e` is a failure to read a URL (see {@link badURL}). */
export function isBadURL(e: unknown): boolean {
  return e instanceof EvalError && badURLs.has(e);
}

/** Flake ids, and branch/tag names as flake references allow them. */
export const FLAKE_ID = /^[a-zA-Z][a-zA-Z0-9_-]*$/;
export const REF_NAME = /^[a-zA-Z0-9@][a-zA-Z0-9_./@+-]*$/;
const REV = /^[0-9a-fA-F]{40}$/;

/** Git's rules for branch and tag names (`git check-ref-format`). */
// eslint-disable-next-line no-control-regex
const BAD_GIT_REF = /\/\/|^[./]|\/\.|\.\.|[\x00-\x20\x7f:?^~[]|\\|\*|\.lock$|\.lock\/|@\{|[/.]$|^@$|^$/;

/** Attributes as Nix shows an input in messages: JSON with sorted keys. */
export function attrsJSON(attrs: InputAttrs): string {
  const keys = [...attrs.keys()].sort();
  return "{" + keys.map((k) => `${JSON.stringify(k)}:${typeof attrs.get(k) === "string" ? JSON.stringify(attrs.get(k)) : String(attrs.get(k))}`).join(",") + "}";
}

function strAttr(attrs: InputAttrs, name: string): string | undefined {
  const v = attrs.get(name);
  if (v === undefined || typeof v === "string") return v;
  throw new EvalError(`input attribute '${name}' is not a string ${attrsJSON(attrs)}`);
}

function requiredStr(attrs: InputAttrs, name: string): string {
  const v = strAttr(attrs, name);
  if (v === undefined) throw new EvalError(`input attribute '${name}' is missing`);
  return v;
}

function intAttr(attrs: InputAttrs, name: string): bigint | undefined {
  const v = attrs.get(name);
  if (v === undefined || typeof v === "bigint") return v;
  throw new EvalError(`input attribute '${name}' is not an integer`);
}

function boolAttr(attrs: InputAttrs, name: string): boolean | undefined {
  const v = attrs.get(name);
  if (v === undefined || typeof v === "boolean") return v;
  throw new EvalError(`input attribute '${name}' is not a Boolean`);
}

/** A commit hash as an input keeps it (lowercase hex), or Nix 2.26's hash error. */
function commitHash(s: string): string {
  // (A bad one is worded per version where the hash module throws it.)
  return printHash(parseHash(s, "sha1"), "base16");
}

function revAttr(attrs: InputAttrs): string | undefined {
  const rev = strAttr(attrs, "rev");
  return rev === undefined ? undefined : commitHash(rev);
}

/** A `narHash` written into a URL: SRI SHA-256 (empty meaning all zeros). */
function sriNarHash(attrs: InputAttrs): string | undefined {
  const h = strAttr(attrs, "narHash");
  if (h === undefined) return undefined;
  const hash = h === "" ? { algo: "sha256" as const, bytes: new Uint8Array(32) } : parseHashSRI(h);
  // Nix 2.26 reports this one as a usage error.
  if (hash.algo !== "sha256") throw new UsageError("narHash must use SHA-256");
  return printHash(hash, "sri");
}

/** An unsigned 64-bit integer as Nix reads one from a URL (`+1` and `01` accepted). */
function parseUint(s: string): bigint | undefined {
  if (!/^\+?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n <= 0xffffffffffffffffn ? n : undefined;
}

/** `1` is true, anything else false (Nix's reading of Boolean URL parameters). */
const urlBool = (s: string) => s === "1";

/** One input scheme. */
interface InputScheme {
  /** Its attributes besides `type`, the ones fromAttrs accepts. */
  readonly allowed: readonly string[];
  /** The input a URL denotes, or undefined when the URL is not of this scheme. */
  fromURL(url: ParsedURL, sc: SchemeContext): InputAttrs | undefined;
  /** Checks an input's attributes (allowed ones only), returning them as the input keeps them. */
  fromAttrs(attrs: InputAttrs): InputAttrs;
  /** The input as a URL. */
  toURL(attrs: InputAttrs): ParsedURL;
}

/** A URL from parts (no fragment). */
const url = (scheme: string, path: string, query: Map<string, string> = new Map(), authority?: string): ParsedURL => ({
  scheme,
  authority,
  path,
  query,
  fragment: "",
});

/** Splits a URL path into its non-empty components. */
const components = (path: string) => path.split("/").filter((c) => c !== "");

// ---- github, gitlab, sourcehut ----

function gitArchiveScheme(type: string): InputScheme {
  return {
    allowed: ["owner", "repo", "ref", "rev", "narHash", "lastModified", "host", "treeHash", "__final"],
    fromURL(u) {
      if (u.scheme !== type) return undefined;
      const parts = components(u.path);
      let ref: string | undefined;
      let rev: string | undefined;
      if (parts.length === 3 && REV.test(parts[2]!)) rev = parts[2]!.toLowerCase();
      else if (parts.length >= 3) {
        ref = parts.slice(2).join("/");
        if (!REF_NAME.test(ref)) throw badURL(`in URL '${renderURL(u)}', '${ref}' is not a branch/tag name`);
      } else if (parts.length !== 2) throw badURL(`URL '${renderURL(u)}' is invalid`);
      const attrs: InputAttrs = new Map<string, InputAttr>([["type", type], ["owner", parts[0]!], ["repo", parts[1]!]]);
      for (const [k, v] of u.query) {
        if (k === "rev") {
          if (rev !== undefined) throw badURL(`URL '${renderURL(u)}' contains multiple commit hashes`);
          rev = commitHash(v);
        } else if (k === "ref") {
          if (!REF_NAME.test(v)) throw badURL(`URL '${renderURL(u)}' contains an invalid branch/tag name`);
          if (ref !== undefined) throw badURL(`URL '${renderURL(u)}' contains multiple branch/tag names`);
          ref = v;
        } else if (k === "host" || k === "narHash") attrs.set(k, v);
      }
      if (ref !== undefined && rev !== undefined) throw badURL(`URL '${renderURL(u)}' contains both a commit hash and a branch/tag name`);
      if (ref !== undefined) attrs.set("ref", ref);
      if (rev !== undefined) attrs.set("rev", rev);
      return attrs;
    },
    fromAttrs(attrs) {
      requiredStr(attrs, "owner");
      requiredStr(attrs, "repo");
      strAttr(attrs, "ref");
      const rev = revAttr(attrs);
      intAttr(attrs, "lastModified");
      strAttr(attrs, "narHash");
      const out = new Map(attrs);
      if (rev !== undefined) out.set("rev", rev);
      return out;
    },
    toURL(attrs) {
      const ref = strAttr(attrs, "ref");
      const rev = strAttr(attrs, "rev");
      // Nix 2.26 fails an assertion here (and aborts).
      if (ref !== undefined && rev !== undefined) throw new EvalError(`a ${type} input cannot have both 'ref' and 'rev' to be shown as a URL`);
      let path = `${attrs.get("owner")}/${attrs.get("repo")}`;
      if (ref !== undefined) path += "/" + ref;
      if (rev !== undefined) path += "/" + rev;
      const query = new Map<string, string>();
      const narHash = sriNarHash(attrs);
      if (narHash !== undefined) query.set("narHash", narHash);
      return url(type, path, query);
    },
  };
}

// ---- indirect (flake registry ids) ----

/** The indirect input of a `flake:` URL's path (`id`, `id/ref`, `id/rev`, `id/ref/rev`); the
 * failures are BadURL only when `bad` says so. */
export function indirectFromPath(path: string, shown: string, bad: (message: string) => EvalError): InputAttrs {
  const parts = components(path);
  const attrs: InputAttrs = new Map<string, InputAttr>([["type", "indirect"]]);
  if (parts.length === 0 || parts.length > 3) throw bad(`GitHub URL '${shown}' is invalid`);
  if (!FLAKE_ID.test(parts[0]!)) throw bad(`'${parts[0]}' is not a valid flake ID`);
  attrs.set("id", parts[0]!);
  if (parts.length === 2) {
    if (REV.test(parts[1]!)) attrs.set("rev", parts[1]!.toLowerCase());
    else if (REF_NAME.test(parts[1]!)) attrs.set("ref", parts[1]!);
    else throw bad(`in flake URL '${shown}', '${parts[1]}' is not a branch/tag name`);
  } else if (parts.length === 3) {
    if (!REF_NAME.test(parts[1]!)) throw bad(`in flake URL '${shown}', '${parts[1]}' is not a branch/tag name`);
    if (!REV.test(parts[2]!)) throw bad(`in flake URL '${shown}', '${parts[2]}' is not a commit hash`);
    attrs.set("ref", parts[1]!);
    attrs.set("rev", parts[2]!.toLowerCase());
  }
  return attrs;
}

const indirectScheme: InputScheme = {
  allowed: ["id", "ref", "rev", "narHash", "__final"],
  fromURL(u) {
    if (u.scheme !== "flake") return undefined;
    return indirectFromPath(u.path, renderURL(u), badURL);
  },
  fromAttrs(attrs) {
    const id = requiredStr(attrs, "id");
    if (!FLAKE_ID.test(id)) throw new EvalError(`'${id}' is not a valid flake ID`);
    strAttr(attrs, "ref");
    const rev = revAttr(attrs);
    const out = new Map(attrs);
    if (rev !== undefined) out.set("rev", rev);
    return out;
  },
  toURL(attrs) {
    let path = String(attrs.get("id"));
    const ref = strAttr(attrs, "ref");
    const rev = strAttr(attrs, "rev");
    if (ref !== undefined) path += "/" + ref;
    if (rev !== undefined) path += "/" + rev;
    return url("flake", path);
  },
};

// ---- git, hg ----

/** A repository URL as the git scheme reads one: `user@host:path` is ssh, a path is a file URL. */
function fixGitURL(s: string, sc: SchemeContext): ParsedURL {
  if (s.startsWith("/")) return url("file", s, new Map(), "");
  if (/^[a-z][a-z0-9+.-]*:/.test(s)) {
    const u = parseURL(s, sc.warn);
    if (!u) throw new EvalError(`'${s}' is not a valid URL`);
    return u;
  }
  const m = /^([^/]*)@(.*):(.*)$/s.exec(s);
  if (m) {
    const u = parseURL(`ssh://${m[1]}@${m[2]}/${m[3]}`, sc.warn);
    if (!u) throw new EvalError(`'${s}' is not a valid URL`);
    return u;
  }
  const enc = percentEncode(s, "");
  throw new EvalError(`file:// URL 'file://${enc}' has unexpected authority '${enc}'`);
}

const GIT_BOOL_PARAMS = ["shallow", "submodules", "allRefs", "exportIgnore"];
const VERIFIED_FETCH_PARAMS = ["verifyCommit", "keytype", "publicKey", "publicKeys"];

function vcsScheme(type: "git" | "hg"): InputScheme {
  const prefix = type === "git" ? "git+" : "hg+";
  const transports = type === "git" ? ["http", "https", "ssh", "file", "git"] : ["http", "https", "ssh", "file"];
  const refOk = (ref: string) => (type === "git" ? !BAD_GIT_REF.test(ref) : REF_NAME.test(ref));
  const badRef = (ref: string) => `invalid ${type === "git" ? "Git" : "Mercurial"} branch/tag name '${ref}'`;
  return {
    allowed:
      type === "git"
        ? ["url", "ref", "rev", "narHash", "lastModified", "revCount", "shallow", "submodules", "allRefs", "exportIgnore", "name", "dirtyRev", "dirtyShortRev", ...VERIFIED_FETCH_PARAMS, "__final"]
        : ["url", "ref", "rev", "narHash", "revCount", "name", "__final"],
    fromURL(u, sc) {
      let transport: string;
      if (u.scheme.startsWith(prefix)) transport = u.scheme.slice(prefix.length);
      else if (type === "git" && u.scheme === "git") transport = "git";
      else return undefined;
      if (!transports.includes(transport)) return undefined;
      if (transport === "file" && u.authority !== undefined && u.authority !== "")
        throw badURL(`file:// URL '${renderURL({ ...u, scheme: "file" })}' has unexpected authority '${u.authority}'`);
      const attrs: InputAttrs = new Map<string, InputAttr>([["type", type]]);
      const rest = new Map(u.query);
      for (const [k, v] of u.query) {
        if (k === "ref") {
          if (!refOk(v)) throw badURL(badRef(v));
          attrs.set("ref", v);
        } else if (k === "rev") attrs.set("rev", v);
        else if (type === "git" && GIT_BOOL_PARAMS.includes(k)) attrs.set(k, urlBool(v));
        else if (type === "git" && VERIFIED_FETCH_PARAMS.includes(k)) {
          if (!sc.hasFeature("verified-fetches"))
            throw new EvalError("experimental Nix feature 'verified-fetches' is disabled; add '--extra-experimental-features verified-fetches' to enable it");
          attrs.set(k, k === "verifyCommit" ? urlBool(v) : v);
        } else continue;
        rest.delete(k);
      }
      let repo = renderURL({ ...u, scheme: transport, query: rest, fragment: "" });
      // Without an authority, a repository URL other than a file one is a local path to Nix.
      if (u.authority === undefined && transport !== "file") repo = `file://${repo}`;
      attrs.set("url", repo);
      return attrs;
    },
    fromAttrs(attrs) {
      const repo = requiredStr(attrs, "url");
      if (type === "git") fixGitURL(repo, { warn: () => {}, hasFeature: () => false });
      else if (!parseURL(repo, () => {})) throw new EvalError(`'${repo}' is not a valid URL`);
      const ref = strAttr(attrs, "ref");
      if (ref !== undefined && !refOk(ref)) throw new EvalError(badRef(ref));
      const rev = revAttr(attrs);
      if (type === "git") for (const b of GIT_BOOL_PARAMS) boolAttr(attrs, b);
      intAttr(attrs, "lastModified");
      intAttr(attrs, "revCount");
      const out = new Map(attrs);
      if (rev !== undefined) out.set("rev", rev);
      return out;
    },
    toURL(attrs) {
      const u = type === "git" ? fixGitURL(String(attrs.get("url")), { warn: () => {}, hasFeature: () => false }) : parseURL(String(attrs.get("url")), () => {})!;
      const query = new Map(u.query);
      const ref = strAttr(attrs, "ref");
      const rev = strAttr(attrs, "rev");
      if (ref !== undefined) query.set("ref", ref);
      if (rev !== undefined) query.set("rev", rev);
      if (type === "git") for (const b of ["shallow", "submodules", "exportIgnore"]) if (attrs.get(b) === true) query.set(b, "1");
      const scheme = u.scheme === type ? u.scheme : prefix + u.scheme;
      return { ...u, scheme, query };
    },
  };
}

// ---- path ----

const PATH_INT_PARAMS = ["lastModified", "revCount"];

const pathScheme: InputScheme = {
  allowed: ["path", "rev", "narHash", "lastModified", "revCount", "__final"],
  fromURL(u) {
    if (u.scheme !== "path") return undefined;
    if (u.authority !== undefined && u.authority !== "") throw new EvalError(`path URL '${renderURL(u)}' should not have an authority ('${u.authority}')`);
    const attrs: InputAttrs = new Map<string, InputAttr>([["type", "path"], ["path", u.path]]);
    for (const k of [...u.query.keys()].sort()) {
      const v = u.query.get(k)!;
      if (k === "rev" || k === "narHash") attrs.set(k, v);
      else if (PATH_INT_PARAMS.includes(k)) {
        const n = parseUint(v);
        if (n === undefined) throw new EvalError(`path URL '${renderURL(u)}' has invalid parameter '${k}'`);
        attrs.set(k, n);
      } else throw new EvalError(`path URL '${renderURL(u)}' has unsupported parameter '${k}'`);
    }
    return attrs;
  },
  fromAttrs(attrs) {
    requiredStr(attrs, "path");
    intAttr(attrs, "revCount");
    intAttr(attrs, "lastModified");
    return new Map(attrs);
  },
  toURL(attrs) {
    const query = new Map<string, string>();
    for (const [k, v] of attrs) if (k !== "type" && k !== "path" && k !== "__final") query.set(k, typeof v === "boolean" ? (v ? "1" : "0") : String(v));
    return url("path", String(attrs.get("path")), query);
  },
};

// ---- tarball, file ----

function fileScheme(type: "tarball" | "file"): InputScheme {
  const transports = ["http", "https", "file"];
  return {
    allowed: ["url", "rev", "narHash", "lastModified", "revCount", "name", "unpack", "__final"],
    fromURL(u) {
      let transport: string;
      if (u.scheme.startsWith(type + "+")) transport = u.scheme.slice(type.length + 1);
      else if (type === "tarball" && transports.includes(u.scheme)) transport = u.scheme;
      else return undefined;
      if (!transports.includes(transport)) return undefined;
      const attrs: InputAttrs = new Map<string, InputAttr>([["type", type]]);
      const rest = new Map(u.query);
      for (const [k, v] of u.query) {
        if (k === "narHash" || k === "rev") attrs.set(k, v);
        else if (k === "lastModified" || k === "revCount") {
          const n = parseUint(v);
          if (n !== undefined) attrs.set(k, n);
        } else if (k !== "name" && k !== "unpack") continue;
        rest.delete(k);
      }
      attrs.set("url", renderURL({ ...u, scheme: transport, query: rest, fragment: "" }));
      return attrs;
    },
    fromAttrs(attrs) {
      const repo = requiredStr(attrs, "url");
      if (!parseURL(repo, () => {})) throw new EvalError(`'${repo}' is not a valid URL`);
      intAttr(attrs, "lastModified");
      intAttr(attrs, "revCount");
      strAttr(attrs, "narHash");
      return new Map(attrs);
    },
    toURL(attrs) {
      const u = parseURL(String(attrs.get("url")), () => {})!;
      const query = new Map(u.query);
      const narHash = sriNarHash(attrs);
      if (narHash !== undefined) query.set("narHash", narHash);
      return { ...u, query };
    },
  };
}

/** The schemes in the order Nix tries them on a URL. */
const SCHEMES: ReadonlyMap<string, InputScheme> = new Map([
  ["github", gitArchiveScheme("github")],
  ["gitlab", gitArchiveScheme("gitlab")],
  ["sourcehut", gitArchiveScheme("sourcehut")],
  ["indirect", indirectScheme],
  ["git", vcsScheme("git")],
  ["hg", vcsScheme("hg")],
  ["path", pathScheme],
  ["tarball", fileScheme("tarball")],
  ["file", fileScheme("file")],
]);

/** The input a URL denotes (its `dir` parameter already taken out), or Nix's error. `shown` is
 * the URL as the error names it. */
export function inputFromURL(u: ParsedURL, shown: string, sc: SchemeContext): InputAttrs {
  for (const scheme of SCHEMES.values()) {
    const attrs = scheme.fromURL(u, sc);
    if (attrs) return attrs;
  }
  throw new EvalError(`input '${shown}' is unsupported`);
}

/** Checks input attributes as Nix's `Input::fromAttrs` does, returning the input's attributes. */
export function inputFromAttrs(attrs: InputAttrs): InputAttrs {
  const type = attrs.get("type");
  if (typeof type !== "string") throw new EvalError(`input attribute 'type' is not a string ${attrsJSON(attrs)}`);
  const scheme = SCHEMES.get(type);
  if (!scheme) throw new EvalError(`cannot show unsupported input '${attrsJSON(attrs)}'`);
  for (const k of [...attrs.keys()].sort())
    if (k !== "type" && !scheme.allowed.includes(k)) throw new EvalError(`input attribute '${k}' not supported by scheme '${type}'`);
  return scheme.fromAttrs(attrs);
}

/** Whether an input pins its contents (pure evaluation fetches only those): by commit for
 * repositories, by NAR hash for paths and files, never for registry ids. */
export function inputIsLocked(attrs: InputAttrs): boolean {
  const type = attrs.get("type");
  if (type === "indirect") return false;
  if (type === "path" || type === "tarball" || type === "file") return attrs.has("narHash");
  return attrs.has("rev");
}

/** An input (checked by {@link inputFromAttrs}) as a URL. */
export function inputToURL(attrs: InputAttrs): ParsedURL {
  return SCHEMES.get(attrs.get("type") as string)!.toURL(attrs);
}
