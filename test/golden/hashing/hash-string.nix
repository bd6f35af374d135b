[ (builtins.hashString "md5" "") (builtins.hashString "sha1" "abc") (builtins.hashString "sha256" "héllo") (builtins.hashString "sha512" "x") ]
