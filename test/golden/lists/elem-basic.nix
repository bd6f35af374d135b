[ (builtins.elem 1 [ 1.0 ]) (builtins.elem [ 2 ] [ 1 [ 2 ] ]) (builtins.elem "a" [ ]) ]
