# Linux 4.19 without loadable modules, its configuration given inline as an attrset: one
# output, no bison/flex/zstd, HOSTCC set for pre-5.0 kernels.
import ../manual-config.nix {
  version = "4.19";
  src = builtins.toFile "linux-4.19.tar" "stand-in source archive for Linux 4.19\n";
  config = {
    "64BIT" = "y";
    X86_64 = "y";
    MODULES = "n";
    PRINTK = "y";
  };
}
