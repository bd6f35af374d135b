builtins.hashFile "sha1" "data.txt"
