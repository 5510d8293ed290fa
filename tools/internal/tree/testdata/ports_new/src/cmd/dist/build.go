package main

var cgoEnabled = map[string]bool{
	"linux/amd64":   true,
	"linux/sparc64": true,
	"js/wasm":       false,
	"darwin/arm64":  true,
}

var incomplete = map[string]bool{
	"linux/sparc64": true,
}
