// mem_js.go (Go 1.19; 6ad33be had no js port): WebAssembly's linear memory,
// one contiguous range that only grows. sysAllocOS reserves at the break
// (reserveEnd, the trace's bloc) and grows the memory to reach it;
// sysFreeOS and sysMapOS do nothing.
#include "variants.h"

// The harness's lastmoduledatap.end and the default page counts
// (tools/internal/variants/host/stubs_go119_ports.go.tmpl has the same).
enum { MODULE_END = 0x2a1234, PAGES = 0x20 };
static const uint64_t physPageSize = 64 << 10;  // os_js.go: osinit

// wasm's memory.size and memory.grow (mem_js.go:74-75), scripted: pages.
static int32_t current_memory(xr_os *os) {
	int32_t r = (int32_t)(uint32_t)xr_os_scripted_int(os, "currentMemory", PAGES);
	xr_text_printf(&os->calls, "call currentMemory -> %d\n", (int)r);
	return r;
}

static int32_t grow_memory(xr_os *os, int32_t pages) {
	int32_t r = (int32_t)(uint32_t)xr_os_scripted_int(os, "growMemory", PAGES);
	xr_text_printf(&os->calls, "call growMemory pages=%d -> %d\n", (int)pages, (int)r);
	return r;
}

// mem_js.go:44 sysReserveOS
static uint64_t sysreserveos(xr_os *os, uint64_t v, uint64_t n) {
	if (v != 0) {
		return 0;
	}
	uint64_t init = xr_align_up(os, MODULE_END, physPageSize);
	if (os->bloc < init) {
		os->bloc = init;
	}
	v = os->bloc;
	os->bloc = xr_os_uintptr(os, os->bloc + xr_align_up(os, n, physPageSize));

	int32_t current = current_memory(os);
	// int32(reserveEnd / physPageSize), and int32 arithmetic, wrapping.
	int32_t needed = (int32_t)(uint32_t)(os->bloc / physPageSize);
	if (current < needed) {
		if (grow_memory(os, (int32_t)((uint32_t)needed - (uint32_t)current)) == -1) {
			return 0;
		}
		xr_text_printf(&os->calls, "call resetMemoryDataView\n");
	}
	return v;
}

// mem_js.go:84 sysMapOS
static void sysmapos(xr_os *os, uint64_t v, uint64_t n) {
	(void)os, (void)v, (void)n;
}

// mem_js.go:17 sysAllocOS
static uint64_t sysallocos(xr_os *os, uint64_t n) {
	uint64_t p = sysreserveos(os, 0, n);
	sysmapos(os, p, n);
	return p;
}

// mem_js.go:36 sysFreeOS
static void sysfreeos(xr_os *os, uint64_t v, uint64_t n) {
	(void)os, (void)v, (void)n;
}

const xr_mem_go119 xr_mem_js_go119 = {"mem_js.go", sysallocos, sysfreeos, sysmapos};
