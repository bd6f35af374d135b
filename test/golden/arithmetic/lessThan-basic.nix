[ (builtins.lessThan 1 2) (builtins.lessThan 2 1.5) (builtins.lessThan "a" "b") (builtins.lessThan [ 1 2 ] [ 1 3 ]) (builtins.lessThan ./a ./b) ]
