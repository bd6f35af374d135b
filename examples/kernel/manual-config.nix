# A Linux kernel build in the style of nixpkgs' manual-config: an overridable function of the
# version, source, kernel configuration (a `.config` file or an attrset like { MODULES = "y"; })
# and patches. It parses the configuration, adds query helpers (isYes, isModule, ...), picks
# build tools by kernel version and makes a single stdenv.mkDerivation call.
let
  defaultLib = import ./lib.nix;
  defaultStdenv = import ./stdenv.nix { lib = defaultLib; };
in
defaultLib.makeOverridable (
  { # Kernel version, e.g. "6.6", "5.15.140" or "6.7-rc2".
    version
    # Kernel sources: a directory or file (no fetching in this example).
  , src
    # Name of /lib/modules/<dir>: always three numeric components plus any "-rc" suffix.
  , modDirVersion ? lib.versions.pad 3 version
    # The configuration: a path to a `.config` text, or an attrset without the CONFIG_ prefix.
  , config
    # Patches: [ { name; patch; extraConfig ? "KEY value\n..." } ].
  , kernelPatches ? [ ]
    # Extra make flags, added after the version-dependent ones.
  , extraMakeFlags ? [ ]
    # Merged over the default meta.
  , extraMeta ? { }
  , lib ? defaultLib
  , stdenv ? defaultStdenv
    # Where the build tools come from.
  , pkgs ? stdenv.pkgs
  , ...
  }:
  let
    inherit (lib) optional optionals optionalAttrs optionalString versionAtLeast versionOlder;

    # Lines of a text, without the separators `split` leaves between them.
    linesOf = text: builtins.filter builtins.isString (builtins.split "\n" text);

    # Strips one pair of surrounding double quotes: "\"abc\"" -> "abc".
    unquote = v: let m = builtins.match "\"(.*)\"" v; in if m == null then v else builtins.head m;

    # `.config` syntax: `CONFIG_FOO=y`, `CONFIG_NAME="text"`, `# CONFIG_BAR is not set`.
    parseDotConfig = text:
      let
        entryOf = line:
          let
            set = builtins.match "CONFIG_([A-Za-z0-9_]+)=(.*)" line;
            unset = builtins.match "# CONFIG_([A-Za-z0-9_]+) is not set" line;
          in
          if set != null then { name = builtins.elemAt set 0; value = unquote (builtins.elemAt set 1); }
          else if unset != null then { name = builtins.head unset; value = "n"; }
          else null;
      in
      builtins.listToAttrs (builtins.filter (e: e != null) (map entryOf (linesOf text)));

    # Patch `extraConfig` syntax: one `KEY value` pair per line, no CONFIG_ prefix.
    parseExtraConfig = text:
      let
        pairs = builtins.filter (m: m != null)
          (map (builtins.match "[[:space:]]*([A-Za-z0-9_]+)[[:space:]]+([^[:space:]].*)") (linesOf text));
      in
      builtins.listToAttrs (map (m: { name = builtins.head m; value = builtins.elemAt m 1; }) pairs);

    givenConfig = if builtins.isAttrs config then config else parseDotConfig (builtins.readFile config);

    patchConfig = builtins.foldl' (acc: p: acc // parseExtraConfig (p.extraConfig or "")) { } kernelPatches;

    options = givenConfig // patchConfig;

    # The query helpers, merged with the options themselves.
    kernelConfig = {
      isSet = opt: builtins.hasAttr opt options;
      getValue = opt: options.${opt} or null;
      isYes = opt: kernelConfig.getValue opt == "y";
      isNo = opt: kernelConfig.getValue opt == "n";
      isModule = opt: kernelConfig.getValue opt == "m";
      isEnabled = opt: kernelConfig.isYes opt || kernelConfig.isModule opt;
      isDisabled = opt: !(kernelConfig.isSet opt) || kernelConfig.isNo opt;
    } // options;

    isModular = kernelConfig.isYes "MODULES";

    # The configuration written back as a `.config` file, options sorted by name.
    configLine = name:
      let value = options.${name}; in
      if value == "n" then "# CONFIG_${name} is not set" else "CONFIG_${name}=${value}";
    configfile = builtins.toFile "linux-${version}.config"
      (builtins.concatStringsSep "\n" (map configLine (builtins.attrNames options)) + "\n");

    # Build tools, by version: bison/flex generate the Kconfig parser since 4.16, module
    # signing needs openssl, objtool needs libelf, zstd-compressed modules appear in 5.13.
    nativeBuildInputs = [ pkgs.perl pkgs.bc ]
      ++ optionals (versionAtLeast version "4.16") [ pkgs.bison pkgs.flex ]
      ++ optional (kernelConfig.isEnabled "MODULE_SIG") pkgs.openssl
      ++ optional (versionAtLeast version "4.14") pkgs.libelf
      ++ optional (versionAtLeast version "5.13") pkgs.zstd
      ++ optional (kernelConfig.isYes "DEBUG_INFO_BTF") pkgs.pahole;

    # What out-of-tree modules need to build against this kernel.
    moduleBuildDependencies = optionals isModular ([ pkgs.perl ]
      ++ optional (versionAtLeast version "4.14") pkgs.libelf
      ++ optional (versionAtLeast version "5.13") pkgs.zstd);

    makeFlags = [ "ARCH=x86_64" "KBUILD_BUILD_VERSION=1-NixOS" ]
      ++ optional (versionOlder version "5.0") "HOSTCC=gcc"
      ++ optional (versionAtLeast version "6.1") "KBUILD_BUILD_TIMESTAMP=@0"
      ++ extraMakeFlags;

    baseVersion = builtins.head (builtins.split "-rc" version);
  in
  assert builtins.match "[0-9]+\\.[0-9]+(\\.[0-9]+)?(-rc[0-9]+)?" version != null;
  assert versionAtLeast version "4.14";
  assert lib.versions.majorMinor modDirVersion == lib.versions.majorMinor version;
  assert kernelConfig.isSet "64BIT";
  stdenv.mkDerivation ((optionalAttrs isModular { outputs = [ "out" "dev" ]; }) // {
    pname = "linux";
    inherit version src modDirVersion configfile nativeBuildInputs makeFlags;
    patches = map (p: p.patch) kernelPatches;
    # A boolean becomes "1" or "" in the builder's environment, null becomes "".
    enableParallelBuilding = true;
    kernelModular = isModular;
    localVersion = kernelConfig.getValue "LOCALVERSION";

    buildPhase = ''
      cp "$configfile" .config
      echo "make $makeFlags olddefconfig bzImage${optionalString isModular " modules"}" > build.log
    '';
    installPhase = ''
      mkdir -p $out/lib/modules/$modDirVersion
      cp .config $out/config-$modDirVersion
      cp build.log $out/build.log
    '' + optionalString isModular ''
      mkdir -p $dev/lib/modules/$modDirVersion/build
      cp .config $dev/lib/modules/$modDirVersion/build/.config
    '';

    passthru = {
      inherit version modDirVersion kernelPatches configfile isModular moduleBuildDependencies baseVersion;
      config = kernelConfig;
      kernelOlder = versionOlder baseVersion;
      kernelAtLeast = versionAtLeast baseVersion;
    };

    meta = {
      description = "The Linux kernel (toy build from the nixts examples)";
      license = "GPL-2.0-only";
      platforms = [ "x86_64-linux" ];
    } // extraMeta;
  })
)
