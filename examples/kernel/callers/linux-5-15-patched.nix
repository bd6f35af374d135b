# Linux 5.15 from the modular .config file, with two patches whose extraConfig lines switch
# options on and off (an option set by a patch wins over the file).
import ../manual-config.nix {
  version = "5.15";
  src = builtins.toFile "linux-5.15.tar" "stand-in source archive for Linux 5.15\n";
  config = ../configs/x86_64-modular.config;
  kernelPatches = [
    {
      name = "quiet-boot";
      patch = builtins.toFile "quiet-boot.patch" "--- a/init/main.c\n+++ b/init/main.c\n";
    }
    {
      name = "no-btf";
      patch = builtins.toFile "no-btf.patch" "--- a/lib/Kconfig.debug\n+++ b/lib/Kconfig.debug\n";
      extraConfig = ''
        DEBUG_INFO_BTF n
        IKCONFIG y
      '';
    }
  ];
}
