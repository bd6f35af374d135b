[ (builtins.bitAnd 12 10) (builtins.bitAnd (-1) 9223372036854775807) (builtins.bitAnd (-8) 4294967295) ]
