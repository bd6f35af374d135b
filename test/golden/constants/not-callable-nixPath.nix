builtins.nixPath 1
