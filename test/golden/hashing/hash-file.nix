[ (builtins.hashFile "sha256" ./data.txt) (builtins.hashFile "md5" ./data.txt) (builtins.hashFile "sha1" "${toString ./data.txt}") ]
