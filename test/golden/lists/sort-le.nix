builtins.sort (a: b: a <= b) [ 3 1 2 3 1 2 9 8 7 6 5 4 3 2 1 0 11 ]
