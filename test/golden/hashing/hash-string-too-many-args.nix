builtins.hashString "md5" "a" "b"
