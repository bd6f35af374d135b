builtins.storePath "/nix/store/abc-x"
