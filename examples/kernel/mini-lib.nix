# A tiny stand-in for nixpkgs' lib, written for this example: only what manual-config.nix and
# stdenv.nix call (makeOverridable, optional(s), optionalAttrs, optionalString, version
# comparisons and the versions.* helpers). Used when the nixpkgs lib corpus is not available.
let
  # "6.1-rc3" -> [ "6" "1" "rc3" ], as builtins.splitVersion does.
  split = builtins.splitVersion;

  # Element i of the split version, or null past its end.
  part = i: v: let ps = split v; in if builtins.length ps > i then builtins.elemAt ps i else null;

  # Generic conditionals.
  when = cond: value: empty: if cond then value else empty;

  self = {
    optional = cond: x: when cond [ x ] [ ];
    optionals = cond: xs: when cond xs [ ];
    optionalAttrs = cond: set: when cond set { };
    optionalString = cond: s: when cond s "";

    versionOlder = a: b: builtins.compareVersions b a > 0;
    versionAtLeast = a: b: !(self.versionOlder a b);

    versions = rec {
      splitVersion = split;
      major = part 0;
      minor = part 1;
      patch = part 2;
      majorMinor = v: "${major v}.${minor v}";
      # Pads (or truncates) the numeric head of a version to `n` dot-separated components and
      # keeps any "-suffix": pad 3 "6.1" is "6.1.0", pad 3 "6.7-rc2" is "6.7.0-rc2".
      pad = n: v:
        let
          head = builtins.head (builtins.match "([^-]*)(.*)" v);
          tail = builtins.elemAt (builtins.match "([^-]*)(.*)" v) 1;
          nums = split head;
          have = builtins.length nums;
          padded = builtins.genList (i: if i < have then builtins.elemAt nums i else "0") n;
        in
        builtins.concatStringsSep "." padded + tail;
    };

    # Calls `f args`; an attrset result gains `override`, which re-calls f with the arguments
    # updated by a set or by a function of the old arguments (and stays overridable).
    makeOverridable = f: args:
      let
        result = f args;
        update = changes: args // (if builtins.isFunction changes then changes args else changes);
      in
      if builtins.isAttrs result
      then result // { override = changes: self.makeOverridable f (update changes); }
      else result;
  };
in
self
