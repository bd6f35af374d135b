[ (builtins.add 1 2) (builtins.add 1 1.5) (builtins.add 1.0 2) ]
