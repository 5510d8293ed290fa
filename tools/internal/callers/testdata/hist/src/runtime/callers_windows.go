package runtime

func windowsOnly() {
	var z uint64
	sysFree(nil, pageSize, &z)
}
