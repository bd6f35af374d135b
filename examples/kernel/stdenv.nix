# A toy stdenv for the kernel example: `mkDerivation` on top of `derivation` (name from
# pname + version, /bin/sh running a phase script, `outputs`, `passthru` and `meta` kept off the
# builder's environment) and stub build tools (perl, bc, bison, ...) that are derivations too.
{ lib ? import ./lib.nix, system ? "x86_64-linux" }:
let
  # A stand-in build tool: a derivation whose output only holds a marker file.
  stubTool = pname: version: derivation {
    inherit system;
    name = "${pname}-${version}";
    builder = "/bin/sh";
    args = [ "-c" "PATH=/usr/bin:/bin; mkdir -p $out/bin && echo '${pname} ${version} (stub)' > $out/bin/.stub" ];
  };

  pkgs = {
    perl = stubTool "perl" "5.36.0";
    bc = stubTool "bc" "1.07.1";
    bison = stubTool "bison" "3.8.2";
    flex = stubTool "flex" "2.6.4";
    openssl = stubTool "openssl" "3.0.7";
    libelf = stubTool "libelf" "0.8.13";
    zstd = stubTool "zstd" "1.5.2";
    pahole = stubTool "pahole" "1.24";
  };

  # The builder: puts every nativeBuildInput's bin/ on PATH, then evaluates the phases that
  # mkDerivation passes through the environment, in order.
  genericBuilder = ''
    set -e
    PATH=/usr/bin:/bin
    for tool in $nativeBuildInputs; do PATH="$tool/bin:$PATH"; done
    export PATH
    cd "$TMPDIR"
    for phase in unpackPhase patchPhase buildPhase installPhase; do
      echo "== $phase"
      eval "code=\"\$$phase\""
      eval "$code"
    done
  '';

  defaultPhases = {
    unpackPhase = ''
      if [ -d "$src" ]; then cp -r "$src" source; else mkdir source && cp "$src" source/; fi
      chmod -R u+w source
      cd source
    '';
    patchPhase = ''
      for p in $patches; do echo "would apply $p"; done
    '';
    buildPhase = "";
    installPhase = "mkdir -p $out";
  };

  mkDerivation =
    { pname
    , version
    , outputs ? [ "out" ]
    , passthru ? { }
    , meta ? { }
    , ...
    }@attrs:
    let
      env = defaultPhases // removeAttrs attrs [ "passthru" "meta" ] // {
        name = "${pname}-${version}";
        inherit system outputs;
        builder = "/bin/sh";
        args = [ "-c" genericBuilder ];
      };
      drv = derivation env;
    in
    drv // passthru // { inherit meta passthru; };
in
{
  inherit mkDerivation pkgs system lib;
}
