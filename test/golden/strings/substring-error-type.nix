builtins.substring "a" 2 "abc"
