[ builtins.currentSystem builtins.nixVersion builtins.langVersion builtins.storeDir true false null (builtins.typeOf builtins.currentTime) ]
