[ (builtins.bitXor 12 10) (builtins.bitXor (-1) 5) (builtins.bitXor 9007199254740993 1) ]
