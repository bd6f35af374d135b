# libstdc++'s search stops trying to leave a greedy loop once its body led to a match: neither
# leftmost-longest (POSIX) nor first-match (Perl) order.
map (c: builtins.split (builtins.elemAt c 0) (builtins.elemAt c 1)) [
  [ "a*(a|ab)(abc)?" "aabc" ]
  [ "(a|ab)a*(abc)?" "ababc" ]
  [ "(a|ab)(ab)*(abc)?" "ababc" ]
  [ "(abc)?(a|ab)*(abc)?" "ababc" ]
  [ "(bc)?(a|ab)*(abc)?" "abcd" ]
  [ "(a|ab)(c|bcd)(d*)" "xabcdx" ]
  [ "x*" "abc" ]
  [ "(a)|b" "ab" ]
  [ "b*|^a" "xa" ]
  [ "$|x" "ab" ]
]
