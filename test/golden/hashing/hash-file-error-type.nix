builtins.hashFile "sha1" 1
