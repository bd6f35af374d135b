[ (builtins.sub 5 7) (builtins.sub 0.5 2) (builtins.sub (-9223372036854775807) 2) ]
