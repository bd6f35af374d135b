[ (builtins.ceil 1.5) (builtins.ceil (-1.5)) (builtins.ceil (-0.5)) (builtins.ceil 3) (builtins.ceil 1.0e15) ]
