builtins.match "((a)+){12498}" ""
