package variants

import (
	"fmt"
	"sort"
	"strings"
)

// errnoNames are the errnos the scripts give, as a reviewer names them
// (35 is the BSDs' and darwin's EAGAIN).
var errnoNames = map[string]string{
	"1": "EPERM", "11": "EAGAIN", "12": "ENOMEM", "13": "EACCES", "22": "EINVAL", "35": "errno 35 (EAGAIN on the BSDs)",
}

// stepWords is one scripted OS result in a reviewer's words: "mmap failed
// with ENOMEM", "mmap returned an address other than the hint".
func stepWords(st Step) string {
	p, c := st.prim, st.Class
	switch {
	case c == "ok":
		return p + " succeeded"
	case c == "nil":
		return p + " returned nil"
	case c == "wrong":
		return p + " returned an address other than the hint"
	case c == "fail":
		return p + " failed"
	case strings.HasPrefix(c, "e"):
		if n, ok := errnoNames[c[1:]]; ok {
			return p + " failed with " + n
		}
		return p + " failed with errno " + c[1:]
	case p == "getlasterror":
		return "GetLastError returned " + c
	case p == "currentMemory":
		return "memory.size was " + c + " pages"
	case p == "growMemory":
		return "memory.grow failed"
	case strings.HasPrefix(c, "-"):
		return fmt.Sprintf("%s failed with -%s", p, c[1:])
	}
	return p + " returned " + c
}

// scriptWords is a script in a reviewer's words; the OS calls past it
// succeed.
func scriptWords(script []Step) string {
	if len(script) == 0 {
		return "the OS succeeded"
	}
	var parts []string
	for _, st := range script {
		parts = append(parts, stepWords(st))
	}
	return strings.Join(parts, ", then ")
}

// portsWords names a set of ports (goos/goarch) briefly: by GOOS, each
// with its GOARCHes; of more than four GOOSes, the GOOSes and the count.
func portsWords(ports map[string]bool) string {
	if gs := goosOf(ports); len(gs) > 4 {
		return fmt.Sprintf("%d ports of %s", len(ports), strings.Join(gs, " "))
	}
	byGOOS := map[string][]string{}
	for p := range ports {
		g, a, _ := strings.Cut(p, "/")
		byGOOS[g] = append(byGOOS[g], a)
	}
	var gs []string
	for g := range byGOOS {
		gs = append(gs, g)
	}
	sort.Strings(gs)
	var parts []string
	for _, g := range gs {
		as := byGOOS[g]
		sort.Strings(as)
		if len(as) == 1 {
			parts = append(parts, g+"/"+as[0])
		} else {
			parts = append(parts, g+"/{"+strings.Join(as, ",")+"}")
		}
	}
	return strings.Join(parts, " ")
}

// brWords says which way a condition went.
func brWords(br int8) string {
	switch br {
	case 0:
		return " [false]"
	case 1:
		return " [true]"
	}
	return ""
}

// goosOf are the GOOSes of ports, sorted.
func goosOf(ports map[string]bool) []string {
	var out []string
	for p := range ports {
		g, _, _ := strings.Cut(p, "/")
		if !contains(out, g) {
			out = append(out, g)
		}
	}
	sort.Strings(out)
	return out
}

// compactEffect is an effect in few words: a message's "runtime: " left
// out and cut short, what was printed before left out.
func compactEffect(e string) string {
	short := func(s string) string {
		s = printedRE.ReplaceAllString(s, "")
		return messageRE.ReplaceAllStringFunc(s, func(m string) string {
			m = strings.Replace(m, `"runtime: `, `"`, 1)
			if len(m) > 20 {
				return m[:18] + `..."`
			}
			return m
		})
	}
	o, n, ok := strings.Cut(e, " -> ")
	if !ok {
		return short(e)
	}
	if short(o) == short(n) {
		// What differs is what was printed.
		if m := printedRE.FindStringSubmatch(n); m != nil {
			return short(o) + " -> the same, after printing " + short(`"`+m[1]+`"`)
		}
		return short(o) + " -> the same, printing nothing"
	}
	return short(o) + " -> " + short(n)
}
