builtins.sort builtins.lessThan [ 3 1 2 1.5 ]
