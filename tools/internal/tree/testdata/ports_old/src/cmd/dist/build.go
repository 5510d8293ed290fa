package main

// The known architectures.
var okgoarch = []string{
	// same order as gochars
	"arm",
	"amd64",
	"386",
}

// The known operating systems.
var okgoos = []string{
	"linux",
	"openbsd",
	"plan9",
}
