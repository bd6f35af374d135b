builtins.trace "msg" 1
