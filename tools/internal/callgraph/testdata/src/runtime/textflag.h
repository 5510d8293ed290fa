#define NOSPLIT	4
