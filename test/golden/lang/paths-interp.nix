let n = "sub"; in ./dir/${n}/file
