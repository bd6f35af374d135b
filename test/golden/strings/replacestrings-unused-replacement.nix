# Nix 2.8 forces every replacement string before replacing (Nix 2.26 only those it uses).
builtins.replaceStrings [ "oo" "XX" ] [ "u" (throw "unreachable") ] "foobar"
