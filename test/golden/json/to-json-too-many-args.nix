builtins.toJSON 1 2
