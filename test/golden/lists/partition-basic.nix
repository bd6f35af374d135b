builtins.partition (x: x > 1) [ 1 2 3 0 ]
