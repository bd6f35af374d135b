[ "a\nb\tc\rd" "q\"q" "back\\slash" "dollar \${x}" "$${x}" "\u0001" "\z" ]
