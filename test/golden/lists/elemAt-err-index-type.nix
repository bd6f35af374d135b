builtins.elemAt [ 1 ] 0.0
