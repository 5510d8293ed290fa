module xaddref/tools

go 1.26
