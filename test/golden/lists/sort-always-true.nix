builtins.sort (a: b: true) [ 3 1 2 5 4 ]
