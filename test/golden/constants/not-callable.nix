builtins.nixVersion 1
