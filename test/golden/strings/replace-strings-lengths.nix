builtins.replaceStrings ["a"] [] "abc"
