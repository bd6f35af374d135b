builtins.sort builtins.lessThan [ [ 1 2 ] [ 1 ] [ 0 5 ] [ ] ]
