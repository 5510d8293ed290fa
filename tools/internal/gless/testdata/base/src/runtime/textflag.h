// TEXT flags, as in the runtime's textflag.h.
#define NOPROF	1
#define DUPOK	2
#define NOSPLIT	4
#define NOFRAME	512
