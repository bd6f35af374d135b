# Bracket expressions as libstdc++ reads them: collating names only by name, equivalence classes
# ignore case, range ends compare as signed chars, `\` is ordinary inside brackets.
map (c: builtins.match (builtins.elemAt c 0) (builtins.elemAt c 1)) [
  [ "[[.hyphen.]]" "-" ]
  [ "[[.a.]-c]+" "abc" ]
  [ "[[=a=]]+" "aA" ]
  [ "[[:ALPHA:]]+" "Ab" ]
  [ "[[:w:]]+" "a_1" ]
  [ "[\\]+" "\\\\" ]
  [ "[--/]+" "-./" ]
  [ "[^]a]" "]" ]
  [ "[é-ÿ]" "é" ]
  [ "[]-a]+" "]^a" ]
  [ "[a-]+" "a-" ]
]
