[ (builtins.any (x: x > 2) [ 1 2 3 ]) (builtins.any (x: x) [ ]) (builtins.any (x: x) [ true 1 ]) ]
