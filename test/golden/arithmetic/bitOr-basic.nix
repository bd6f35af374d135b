[ (builtins.bitOr 12 10) (builtins.bitOr (-9223372036854775807 - 1) 1) (builtins.bitOr 4294967296 1) ]
