builtins.div 1 "b"
