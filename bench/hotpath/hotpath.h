/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hotpath.h - what hotpath.c and the generated designs.c share: the table of timed entry
 * points and the timing loop. Each design is a kernel's mm/vmstat.o, linked in with its
 * symbols prefixed (gen-designs.py), or the harness's own C model of a design not yet in a
 * kernel (hotpath.c). Per-CPU data is addressed %gs-relative with a %gs base of 0, so a
 * per-CPU pointer is the plain address of one "CPU"'s copy: one process is one CPU.
 */
#ifndef HOTPATH_H
#define HOTPATH_H
#include <stdint.h>
#include <x86intrin.h>

/* one process is one CPU: the loops run one entry point n times and return TSC ticks */
typedef uint64_t (*loop_fn)(long n, void *obj, unsigned int item, char *fa, char *fb, int nst);

enum hp_kind { HP_ZONE, HP_NODE };
enum hp_arg { HP_ARG_ZONE, HP_ARG_NODE, HP_ARG_PAGE };

struct hp_design {
	const char *label;		/* base, series, a revision, v2-model */
	const char *origin;		/* the object it came from, or "C model" */
	void (*setup)(int threshold);	/* structures, per-CPU area, preempt count */
	long (*global)(int kind);	/* vm_zone_stat[item] / vm_node_stat[item] */
	long (*pending)(int kind);	/* this CPU's differential of the item */
	void *obj[2];			/* struct zone *, struct pglist_data * */
	void *page;			/* a struct page of that zone and node */
	unsigned int item[2];		/* the zone item and the node item timed */
	char *line[2];			/* the differential's cache line, for -c flush */
	void *fentry;			/* its __fentry__, whose calls the kernel NOPs at boot */
};

struct hp_entry {
	const struct hp_design *d;
	const char *op;			/* the kernel function's name */
	int kind;			/* HP_ZONE or HP_NODE: which item it updates */
	int net;			/* net delta per call: 0 for mod (+1/-1), 1 inc, -1 dec */
	loop_fn fn;
	int arg;			/* it takes obj[0] (a zone), obj[1] (a node) or page */
	void *target;			/* the function itself */
};

extern const struct hp_entry hp_model_entries[], hp_object_entries[];
extern const int hp_model_nentries, hp_object_nentries;

static inline uint64_t tsc_begin(void)
{
	uint64_t t;

	_mm_lfence();
	t = __rdtsc();
	_mm_lfence();
	return t;
}

static inline uint64_t tsc_end(void)
{
	unsigned int a;
	uint64_t t = __rdtscp(&a);

	_mm_lfence();
	return t;
}

/*
 * The timing loop: before each update NST stores to distinct L1 lines (stores in flight, as
 * in the callers), and with -c flush the update's differential line and another line flushed
 * (a cold counter). CALL is a direct call, as the kernel's callers make.
 */
extern long hp_sink[2048];
#define HP_PM1 ((k & 1) ? -1 : 1)	/* mod: +1/-1 alternately, never over the threshold */
#define HP_LOOP(NAME, CALL)							\
__attribute__((noipa, aligned(64)))						\
uint64_t NAME(long n, void *obj, unsigned int item, char *fa, char *fb, int nst)	\
{										\
	uint64_t t0 = tsc_begin();						\
	for (long k = 0; k < n; k++) {						\
		for (int s = 0; s < nst; s++)					\
			hp_sink[(k * 8 + s * 64) & 2047] = k;			\
		if (fa) {							\
			_mm_clflush(fa);					\
			_mm_clflush(fb);					\
		}								\
		CALL;								\
	}									\
	return tsc_end() - t0;							\
}
#endif
