# The default 6.6 kernel overridden to the monolithic configuration file: MODULES is not set,
# so the `dev` output and the module build dependencies disappear.
(import ../default.nix).override {
  config = ../configs/x86_64-tiny.config;
}
