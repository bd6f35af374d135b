builtins.appendContext "a" { "/nix/store/g1drgjxlfmdw9zja2l5z4rxqx1kb0761-x" = { outputs = ["out"]; }; }
