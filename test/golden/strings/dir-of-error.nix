dirOf 1
