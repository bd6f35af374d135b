[ (builtins.addErrorContext "ctx" 1) (builtins.addErrorContext { } 2) ]
