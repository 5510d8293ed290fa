package runtime

//go:nosplit
func osHook() {
	lock(&memlock)
	unlock(&memlock)
}
