builtins.split "(a|b){12499}" "ab"
