# Linux 5.10.209 with modules from an inline attrset configuration, plus an explicit
# modDirVersion with a local suffix and extra make flags and meta.
import ../manual-config.nix {
  version = "5.10.209";
  modDirVersion = "5.10.209-nixts";
  src = builtins.toFile "linux-5.10.209.tar" "stand-in source archive for Linux 5.10.209\n";
  config = {
    "64BIT" = "y";
    MODULES = "y";
    MODULE_SIG = "n";
    EXT4_FS = "m";
  };
  extraMakeFlags = [ "KCFLAGS=-O2" ];
  extraMeta = { branch = "5.10"; longTerm = true; };
}
