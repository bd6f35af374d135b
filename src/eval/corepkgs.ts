// Nix 2.8's built-in "corepkgs": `<nix/fetchurl.nix>` resolves to `/__corepkgs__/fetchurl.nix`,
// a file that exists only inside the evaluator. Ours is written here; it produces the same
// derivation attributes as Nix 2.8's (checked with `nix show-derivation`).

/** The directory `<nix/...>` resolves into. */
export const COREPKGS_PREFIX = "/__corepkgs__/";

const FETCHURL = `# A fixed-output derivation that downloads a URL with Nix's built-in fetcher.
{ url
, name ? baseNameOf (toString url)
, hash ? ""
, sha512 ? ""
, sha256 ? ""
, sha1 ? ""
, md5 ? ""
, outputHash ? (
    if hash != "" then hash
    else if sha512 != "" then sha512
    else if sha1 != "" then sha1
    else if md5 != "" then md5
    else sha256)
, outputHashAlgo ? (
    if hash != "" then ""
    else if sha512 != "" then "sha512"
    else if sha1 != "" then "sha1"
    else if md5 != "" then "md5"
    else "sha256")
, executable ? false
, unpack ? false
, system ? ""
}:
derivation {
  inherit name url executable unpack outputHash outputHashAlgo;
  builder = "builtin:fetchurl";
  system = "builtin";
  outputHashMode = if unpack || executable then "recursive" else "flat";
  urls = [ url ];
  preferLocalBuild = true;
  impureEnvVars = [ "http_proxy" "https_proxy" "ftp_proxy" "all_proxy" "no_proxy" ];
}
`;

/** The sources of the corepkgs files, by absolute path. */
export const COREPKGS: ReadonlyMap<string, string> = new Map([[COREPKGS_PREFIX + "fetchurl.nix", FETCHURL]]);
