builtins.bitXor [ ] 1
