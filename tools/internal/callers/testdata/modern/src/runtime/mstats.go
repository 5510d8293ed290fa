package runtime

var memstats struct {
	other_sys sysMemStat
}
