builtins.hashString "SHA256" "x"
