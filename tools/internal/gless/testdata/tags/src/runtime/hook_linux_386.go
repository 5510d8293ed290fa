package runtime

//go:nosplit
func osHook() {
	lock(&memlock)   // want `FAIL sysAlloc -> osHook -> lock \[needs a G`
	unlock(&memlock) // want `^sysAlloc -> osHook -> unlock`
}
