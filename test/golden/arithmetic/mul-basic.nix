[ (builtins.mul 6 7) (builtins.mul 9223372036854775807 3) (builtins.mul 2.5 2) ]
