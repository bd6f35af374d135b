[ (builtins.floor 2.7) (builtins.floor (-2.7)) (builtins.floor 123456789012345.6) (builtins.floor (-7)) ]
