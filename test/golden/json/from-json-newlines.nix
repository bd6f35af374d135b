builtins.fromJSON "\n\n  x"
