[ (builtins.all (x: x > 0) [ 1 2 3 ]) (builtins.all (x: x) [ ]) (builtins.all (x: x) [ false 1 ]) ]
