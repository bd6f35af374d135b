# Captures as libstdc++'s backtracking leaves them: a loop may run again at the same position
# (once), groups keep values from earlier iterations, the first full match in DFS order wins.
map (c: builtins.match (builtins.elemAt c 0) (builtins.elemAt c 1)) [
  [ "(a*)*" "aa" ]
  [ "(a*)+" "aa" ]
  [ "(a*)*b" "aab" ]
  [ "(a|(b))*" "ba" ]
  [ "((a)|(b))*" "abba" ]
  [ "(a?)*" "" ]
  [ "(a|ab)(bc|c)" "abc" ]
  [ "(a|ab)*(b?)" "abab" ]
  [ "(|a)*" "a" ]
  [ "((a)|b){2}" "ab" ]
  [ "(a{0,2}){2}" "aaa" ]
  [ "(a*){2,}" "aaa" ]
  [ "()*" "" ]
]
