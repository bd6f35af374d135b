builtins.storeDir 1
