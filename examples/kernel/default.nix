# The default kernel of the example (what `npm start` and `nixts examples/kernel` instantiate):
# Linux 6.6 with loadable modules, configured from configs/x86_64-modular.config and built from
# the stand-in source tree in ./linux-src.
import ./manual-config.nix {
  version = "6.6";
  src = ./linux-src;
  config = ./configs/x86_64-modular.config;
}
