[ (builtins.match "^a$" "a") (builtins.match "a^" "a") (builtins.match "a|^b" "b") (builtins.match ".*" "\n") (builtins.match "((a)|b)*" "ab") ]
