builtins.hashString "md5" 1
