# Repeat counts are read into a 64-bit long, then narrowed to a 32-bit int.
[
  (builtins.match "a{4294967297}" "a")
  (builtins.match "a{2147483648}" "")
  (builtins.match "a{0}" "")
  (builtins.match "a{0,0}b" "b")
  (builtins.match "(ab){2}" "abab")
  (builtins.match "a{99993}" "a")
]
