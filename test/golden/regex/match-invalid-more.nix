builtins.match "[a-[.z.]]" "b"
