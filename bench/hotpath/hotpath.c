// SPDX-License-Identifier: GPL-2.0
/*
 * hotpath.c - TSC ticks per vmstat counter update, over an empty out-of-line body, for
 *   6.12 (s8 diffs: plain RMW in the __ variants, unlocked %gs cmpxchg loop in the irq-safe ones),
 *   v1 (patches 7-8: s32 diffs, every update a LOCK cmpxchg loop on %gs) and
 *   v2 (shared/design/split-counters.md: XADD %gs on diff, LOCK cmpxchg on folded when over).
 * Per-CPU data is a per-process area at the %gs base (arch_prctl(ARCH_SET_GS)) and the
 * accessors mirror 6.12's arch/x86/include/asm/percpu.h with CONFIG_USE_X86_SEG_SUPPORT (gcc's
 * __seg_gs), so the compiler, not hand-written asm, builds the sequences, as in the kernel.
 * Usage: hotpath [-r ROUNDS] [-n ITERS] [-s STORES] [-c warm|flush] [-t THRESHOLD] [-i ITEM]
 *                [-o OP[,OP...]] [-P PROCS]      (CSV on stdout, progress on stderr)
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <x86intrin.h>

typedef int8_t s8;
typedef int32_t s32;
typedef uint32_t u32;

#define NR_VM_ZONE_STAT_ITEMS	12	/* x86-64 distro config, as in split-counters.md */
#define NR_VM_NODE_STAT_ITEMS	47
#define NR_VM_NUMA_EVENT_ITEMS	6
#define NR_SLAB_RECLAIMABLE_B	5
#define NR_SLAB_UNRECLAIMABLE_B	6
#define PAGE_SHIFT		12
enum stat_item { STAT_ITEM_LAST = NR_VM_NODE_STAT_ITEMS - 1 };	/* unsigned, as the kernel's */
#define SPLIT_BYPASS		(1L << 30)	/* split fix 3: larger deltas go to the globals */

/* a kernel entry point: out of line, and callers know nothing of its body (another object) */
#define EXPORT		__attribute__((noipa, aligned(64)))
#define A64		__attribute__((aligned(64)))
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define kabs(x)		({ __typeof__(x) x__ = (x); x__ < 0 ? -x__ : x__; })	/* linux/math.h */

/* ---- 6.12 arch/x86/include/asm/percpu.h, CONFIG_USE_X86_SEG_SUPPORT=y ---- */
#define __my_cpu_var(v)		(*(__seg_gs __typeof__(v) *)(uintptr_t)&(v))
#define raw_cpu_read(v)		__my_cpu_var(v)		/* __this_cpu_read, !DEBUG_PREEMPT */
#define raw_cpu_write(v, x)	(__my_cpu_var(v) = (x))	/* __this_cpu_write */
#define this_cpu_read(v)	(*(volatile __seg_gs __typeof__(v) *)(uintptr_t)&(v))
#define percpu_add_return_op(qual, var, val) ({					\
	__typeof__(var) t__ = (val);						\
	asm qual("xadd %[t], %[v]" : [t] "+r"(t__), [v] "+m"(__my_cpu_var(var)) : : "memory"); \
	(__typeof__(var))(t__ + (val)); })
#define raw_cpu_add_return(var, val)	percpu_add_return_op(, var, val)
#define this_cpu_add_return(var, val)	percpu_add_return_op(volatile, var, val)
/* this_cpu_try_cmpxchg(): percpu_try_cmpxchg_op(), CMPXCHG without LOCK, CC_SET(z) */
#define this_cpu_try_cmpxchg(var, ovalp, nval) ({				\
	bool ok__; __typeof__(var) o__ = *(ovalp), n__ = (nval);		\
	asm volatile("cmpxchg %[n], %[v]" : "=@ccz"(ok__), [o] "+a"(o__),	\
		     [v] "+m"(__my_cpu_var(var)) : [n] "r"(n__) : "memory");	\
	if (unlikely(!ok__))							\
		*(ovalp) = o__;							\
	likely(ok__); })
/* asm/alternative.h: the .smp_locks entry lets the kernel drop LOCK on UP; it also makes gcc
 * estimate a bigger asm, which steers its block layout, so it is kept here */
#define LOCK_PREFIX ".pushsection .smp_locks,\"a\"\n.balign 4\n.long 671f - .\n.popsection\n671:\n\tlock "
/* patch 2: this_cpu_cmpxchg_smp() = LOCK_PREFIX cmpxchg; patch 1: the try_ form is the
 * generic __cpu_fallback_try_cmpxchg() over it (one CMP after the CMPXCHG) */
#define this_cpu_cmpxchg_smp(var, oval, nval) ({				\
	__typeof__(var) o__ = (oval), n__ = (nval);				\
	asm volatile(LOCK_PREFIX "cmpxchg %[n], %[v]" : [o] "+a"(o__),			\
		     [v] "+m"(__my_cpu_var(var)) : [n] "r"(n__) : "memory");	\
	o__; })
#define this_cpu_try_cmpxchg_smp(var, ovalp, nval) ({				\
	__typeof__(var) v__, old__ = *(ovalp);					\
	v__ = this_cpu_cmpxchg_smp(var, old__, nval);				\
	if (v__ != old__)							\
		*(ovalp) = v__;							\
	v__ == old__; })

/* built with -mfunction-return=thunk-extern like the kernel, every return is a JMP to this; the
 * kernel patches those JMPs to RET where no return mitigation is needed, or keeps a costlier
 * thunk (retbleed, SRSO) for every function alike */
asm(".text\n.globl __x86_return_thunk\n.p2align 6\n__x86_return_thunk:\n\tret\n\tint3\n");

static inline void atomic_long_add(long i, long *v)	/* arch_atomic64_add() */
{
	asm volatile(LOCK_PREFIX "addq %1,%0" : "=m"(*v) : "er"(i), "m"(*v) : "memory");
}

/* ---- per-CPU structures (include/linux/mmzone.h) ---- */
struct pcz8 { s8 vm_stat_diff[NR_VM_ZONE_STAT_ITEMS]; s8 stat_threshold;
	      unsigned long vm_numa_event[NR_VM_NUMA_EVENT_ITEMS]; };
struct pcn8 { s8 stat_threshold; s8 vm_node_stat_diff[NR_VM_NODE_STAT_ITEMS]; };
struct pcz32 { s32 vm_stat_diff[NR_VM_ZONE_STAT_ITEMS]; s32 stat_threshold;
	       unsigned long vm_numa_event[NR_VM_NUMA_EVENT_ITEMS]; };
struct pcn32 { s32 stat_threshold; s32 vm_node_stat_diff[NR_VM_NODE_STAT_ITEMS]; };
struct split { u32 diff; u32 folded; };
struct pczS { struct split vm_stat_diff[NR_VM_ZONE_STAT_ITEMS]; s32 stat_threshold;
	      unsigned long vm_numa_event[NR_VM_NUMA_EVENT_ITEMS]; };
struct pcnS { s32 stat_threshold; struct split vm_node_stat_diff[NR_VM_NODE_STAT_ITEMS]; };

/* the per-CPU area at %gs: one per process ("CPU"); each structure on its own lines */
struct area {
	u32 preempt_count A64;		/* pcpu_hot.preempt_count, bit 31 = no resched */
	struct pcz8 z8 A64; struct pcn8 n8 A64;
	struct pcz32 z32 A64; struct pcn32 n32 A64;
	struct pczS zS A64; struct pcnS nS A64;
	char dummy[2][64] A64;		/* flushed for the empty body in -c flush */
};

/* struct zone, struct pglist_data: the per-CPU pointer (an offset from %gs) and vm_stat[], at
 * the offsets of the series' x86_64 build (build/linux/.obj/x86_64/mm/vmstat.o) */
struct zone { char pad[0x70]; void *pcp; char pad2[0x480 - 0x78]; long vm_stat[NR_VM_ZONE_STAT_ITEMS]; };
struct pglist_data { char pad[0x3800]; void *pcp; long vm_stat[NR_VM_NODE_STAT_ITEMS]; };
#define OBJ_0	struct zone
#define OBJ_1	struct pglist_data
enum { D612, DV1, DV2, ND };
static struct zone zone[ND];
static struct pglist_data pgdat[ND];
static long vm_stat_glob[ND][2][NR_VM_NODE_STAT_ITEMS];	/* vm_zone_stat, vm_node_stat */

/* zone_page_state_add(), node_page_state_add() */
#define STAT_ADD(D, K, x, o, item) do {						\
	atomic_long_add(x, &(o)->vm_stat[item]);				\
	atomic_long_add(x, &vm_stat_glob[D][K][item]); } while (0)
#define IN_BYTES(item)	((item) == NR_SLAB_RECLAIMABLE_B || (item) == NR_SLAB_UNRECLAIMABLE_B)

/* ==== 6.12 mm/vmstat.c (git show base:mm/vmstat.c) ==== */
/* __mod_zone_page_state() l.342, __mod_node_page_state() l.373; preempt_disable_nested() and
 * VM_WARN_ON_ONCE() are empty on a !PREEMPT_RT, !DEBUG_VM kernel */
#define K612_PLAIN(NAME, T, DIFF, K)						\
EXPORT void NAME(OBJ_##K *o, enum stat_item item, long delta)		\
{										\
	T *pcp = o->pcp;							\
	s8 *p = pcp->DIFF + item;						\
	long x, t;								\
	if (K && IN_BYTES(item))						\
		delta >>= PAGE_SHIFT;						\
	x = delta + raw_cpu_read(*p);						\
	t = raw_cpu_read(pcp->stat_threshold);					\
	if (unlikely(kabs(x) > t)) {						\
		STAT_ADD(D612, K, x, o, item);					\
		x = 0;								\
	}									\
	raw_cpu_write(*p, x);							\
}
/* __inc_zone_state() l.432, __dec_zone_state() l.488, __inc_node_state() l.453 */
#define K612_INCDEC(NAME, T, DIFF, K, S)					\
EXPORT void NAME(OBJ_##K *o, enum stat_item item)				\
{										\
	T *pcp = o->pcp;							\
	s8 *p = pcp->DIFF + item;						\
	s8 v, t;								\
	v = raw_cpu_add_return(*p, (s8)S);					\
	t = raw_cpu_read(pcp->stat_threshold);					\
	if (unlikely(S > 0 ? v > t : v < -t)) {					\
		s8 overstep = t >> 1;						\
		STAT_ADD(D612, K, S > 0 ? v + overstep : v - overstep, o, item); \
		raw_cpu_write(*p, S > 0 ? -overstep : overstep);		\
	}									\
}
/* mod_zone_state() l.557 / mod_node_state() l.615 (6.12: TRY = this_cpu_try_cmpxchg);
 * patches 7-8 (v1): s32 and TRY = this_cpu_try_cmpxchg_smp, the same loop for every variant */
#define MOD_STATE(D, K, T, DIFF, TRY, DT, o, item, delta_, mode) do {		\
	T *pcp = (o)->pcp;							\
	__typeof__(pcp->DIFF[0]) *p = pcp->DIFF + (item), ov;			\
	DT delta = (delta_);							\
	long n, t, z;								\
	if (K && IN_BYTES(item))						\
		delta >>= PAGE_SHIFT;						\
	ov = this_cpu_read(*p);							\
	do {									\
		z = 0;								\
		t = this_cpu_read(pcp->stat_threshold);				\
		n = delta + (long)ov;						\
		if (kabs(n) > t) {						\
			int os = (mode) * (t >> 1);				\
			z = n + os;						\
			n = -os;						\
		}								\
	} while (!TRY(*p, &ov, n));						\
	if (z)									\
		STAT_ADD(D, K, z, o, item);					\
} while (0)

#define TRY612	this_cpu_try_cmpxchg
#define TRYV1	this_cpu_try_cmpxchg_smp
#define Z612(o, i, d, m) MOD_STATE(D612, 0, struct pcz8, vm_stat_diff, TRY612, long, o, i, d, m)
#define N612(o, i, d, m) MOD_STATE(D612, 1, struct pcn8, vm_node_stat_diff, TRY612, int, o, i, d, m)
#define ZV1(o, i, d, m) MOD_STATE(DV1, 0, struct pcz32, vm_stat_diff, TRYV1, long, o, i, d, m)
#define NV1(o, i, d, m) MOD_STATE(DV1, 1, struct pcn32, vm_node_stat_diff, TRYV1, long, o, i, d, m)

K612_PLAIN(k612___mod_zone_page_state, struct pcz8, vm_stat_diff, 0)
K612_PLAIN(k612___mod_node_page_state, struct pcn8, vm_node_stat_diff, 1)
K612_INCDEC(k612___inc_zone_state, struct pcz8, vm_stat_diff, 0, 1)
K612_INCDEC(k612___dec_zone_state, struct pcz8, vm_stat_diff, 0, -1)
K612_INCDEC(k612___inc_node_state, struct pcn8, vm_node_stat_diff, 1, 1)
/* the irq-safe ones take the zone, not the page: page_zone() is left out */
EXPORT void k612_mod_zone_page_state(struct zone *o, enum stat_item i, long d) { Z612(o, i, d, 0); }
EXPORT void k612_inc_zone_page_state(struct zone *o, enum stat_item i) { Z612(o, i, 1, 1); }
EXPORT void k612_dec_zone_page_state(struct zone *o, enum stat_item i) { Z612(o, i, -1, -1); }
EXPORT void k612_mod_node_page_state(struct pglist_data *o, enum stat_item i, long d) { N612(o, i, d, 0); }
EXPORT void k612_inc_node_state(struct pglist_data *o, enum stat_item i) { N612(o, i, 1, 1); }

/* ==== v1: patch 8, every entry point is mod_*_state() on this_cpu_try_cmpxchg_smp() ==== */
EXPORT void v1___mod_zone_page_state(struct zone *o, enum stat_item i, long d) { ZV1(o, i, d, 0); }
EXPORT void v1___mod_node_page_state(struct pglist_data *o, enum stat_item i, long d) { NV1(o, i, d, 0); }
EXPORT void v1___inc_zone_state(struct zone *o, enum stat_item i) { ZV1(o, i, 1, 1); }
EXPORT void v1___dec_zone_state(struct zone *o, enum stat_item i) { ZV1(o, i, -1, -1); }
EXPORT void v1___inc_node_state(struct pglist_data *o, enum stat_item i) { NV1(o, i, 1, 1); }
EXPORT void v1_mod_zone_page_state(struct zone *o, enum stat_item i, long d) { ZV1(o, i, d, 0); }
EXPORT void v1_inc_zone_page_state(struct zone *o, enum stat_item i) { ZV1(o, i, 1, 1); }
EXPORT void v1_dec_zone_page_state(struct zone *o, enum stat_item i) { ZV1(o, i, -1, -1); }
EXPORT void v1_mod_node_page_state(struct pglist_data *o, enum stat_item i, long d) { NV1(o, i, d, 0); }
EXPORT void v1_inc_node_state(struct pglist_data *o, enum stat_item i) { NV1(o, i, 1, 1); }

/* ==== v2: split counters (split-counters.md "The scheme"), no code in the kernel yet ==== */
#define PREEMPT_COUNT	(*(__seg_gs u32 *)offsetof(struct area, preempt_count))
static inline void preempt_disable(void)
{
	asm volatile("incl %0" : "+m"(PREEMPT_COUNT) : : "memory");
}

static inline void preempt_enable(void)
{
	bool z;

	asm volatile("decl %0" : "+m"(PREEMPT_COUNT), "=@ccz"(z) : : "memory");
	if (unlikely(z))
		sched_yield();	/* __preempt_schedule() */
}
/* slow path: preemption off, re-read both words on this CPU, LOCK cmpxchg on folded */
#define SPLIT_SLOW(NAME, T, DIFF, K)						\
static __attribute__((noinline)) void NAME(OBJ_##K *o, enum stat_item item, int mode) \
{										\
	T *pcp = o->pcp;							\
	struct split *s = pcp->DIFF + item;					\
	u32 f, v, n;								\
	s32 t;									\
	preempt_disable();							\
	t = this_cpu_read(pcp->stat_threshold);					\
	f = this_cpu_read(s->folded);						\
	do {									\
		v = this_cpu_read(s->diff);					\
		if (kabs((s32)(v - f)) <= t)					\
			goto out;						\
		n = v + mode * (t >> 1);					\
	} while (!this_cpu_try_cmpxchg_smp(s->folded, &f, n));			\
	STAT_ADD(DV2, K, (s32)(n - f), o, item);				\
out:										\
	preempt_enable();							\
}
SPLIT_SLOW(split_fold_zone, struct pczS, vm_stat_diff, 0)
SPLIT_SLOW(split_fold_node, struct pcnS, vm_node_stat_diff, 1)
/* fast path, the same for irq-safe and __ entry points: XADD, two loads, compare */
#define SPLIT(KIND, T, DIFF, K, o, item, delta, mode) do {			\
	T *pcp = (o)->pcp;							\
	struct split *s = pcp->DIFF + (item);					\
	u32 v = this_cpu_add_return(s->diff, (u32)(delta));			\
	s32 p = (s32)(v - this_cpu_read(s->folded));				\
	if (unlikely(kabs(p) > this_cpu_read(pcp->stat_threshold)))		\
		split_fold_##KIND(o, item, mode);				\
} while (0)
#define ZV2(o, i, d, m) SPLIT(zone, struct pczS, vm_stat_diff, 0, o, i, d, m)
#define NV2(o, i, d, m) SPLIT(node, struct pcnS, vm_node_stat_diff, 1, o, i, d, m)
#define V2_MOD(NAME, K, BODY)							\
EXPORT void NAME(OBJ_##K *o, enum stat_item i, long d)			\
{										\
	if (K && IN_BYTES(i))							\
		d >>= PAGE_SHIFT;						\
	if (unlikely(d > SPLIT_BYPASS || d < -SPLIT_BYPASS)) {			\
		STAT_ADD(DV2, K, d, o, i);					\
		return;								\
	}									\
	BODY(o, i, d, 0);							\
}
V2_MOD(v2___mod_zone_page_state, 0, ZV2)
V2_MOD(v2_mod_zone_page_state, 0, ZV2)
V2_MOD(v2___mod_node_page_state, 1, NV2)
V2_MOD(v2_mod_node_page_state, 1, NV2)
EXPORT void v2___inc_zone_state(struct zone *o, enum stat_item i) { ZV2(o, i, 1, 1); }
EXPORT void v2___dec_zone_state(struct zone *o, enum stat_item i) { ZV2(o, i, -1, -1); }
EXPORT void v2___inc_node_state(struct pglist_data *o, enum stat_item i) { NV2(o, i, 1, 1); }
EXPORT void v2_inc_zone_page_state(struct zone *o, enum stat_item i) { ZV2(o, i, 1, 1); }
EXPORT void v2_dec_zone_page_state(struct zone *o, enum stat_item i) { ZV2(o, i, -1, -1); }
EXPORT void v2_inc_node_state(struct pglist_data *o, enum stat_item i) { NV2(o, i, 1, 1); }

EXPORT void empty_body(struct zone *o, enum stat_item i, long d) { asm volatile("" : : : "memory"); }

/* ==== timing loops: direct calls, S stores to distinct L1 lines before each update ==== */
static long sink[2048];				/* 16 KiB */
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
typedef uint64_t (*loop_fn)(long n, enum stat_item item, int nst, char *fa, char *fb);
#define LOOP(NAME, CALL)							\
static __attribute__((noipa, aligned(64)))					\
uint64_t NAME(long n, enum stat_item item, int nst, char *fa, char *fb)		\
{										\
	uint64_t t0 = tsc_begin();						\
	for (long k = 0; k < n; k++) {						\
		for (int s = 0; s < nst; s++)					\
			sink[(k * 8 + s * 64) & 2047] = k;			\
		if (fa) {							\
			_mm_clflush(fa);					\
			_mm_clflush(fb);					\
		}								\
		CALL;								\
	}									\
	return tsc_end() - t0;							\
}
#define PM1 ((k & 1) ? -1 : 1)				/* mod: +1/-1, never over */
/* op, 0 zone / 1 node, net delta per call (for the self-check), call */
#define OPS(P, D)								\
	X(P, D, __mod_zone_page_state, 0, 0, P##___mod_zone_page_state(&zone[D], item, PM1)) \
	X(P, D, mod_zone_page_state, 0, 0, P##_mod_zone_page_state(&zone[D], item, PM1)) \
	X(P, D, __inc_zone_state, 0, 1, P##___inc_zone_state(&zone[D], item))	\
	X(P, D, inc_zone_page_state, 0, 1, P##_inc_zone_page_state(&zone[D], item)) \
	X(P, D, __dec_zone_state, 0, -1, P##___dec_zone_state(&zone[D], item))	\
	X(P, D, dec_zone_page_state, 0, -1, P##_dec_zone_page_state(&zone[D], item)) \
	X(P, D, __mod_node_page_state, 1, 0, P##___mod_node_page_state(&pgdat[D], item, PM1)) \
	X(P, D, mod_node_page_state, 1, 0, P##_mod_node_page_state(&pgdat[D], item, PM1)) \
	X(P, D, __inc_node_state, 1, 1, P##___inc_node_state(&pgdat[D], item))	\
	X(P, D, inc_node_state, 1, 1, P##_inc_node_state(&pgdat[D], item))
#define ALL_OPS OPS(k612, D612) OPS(v1, DV1) OPS(v2, DV2)
#define X(P, D, OP, K, S, CALL) LOOP(loop_##P##OP, CALL)
ALL_OPS
LOOP(loop_empty, empty_body(&zone[0], item, PM1))
#undef X
static const struct entry { const char *op; int d, kind, net; loop_fn fn; } ent[] = {
#define X(P, D, OP, K, S, CALL) { #OP, D, K, S, loop_##P##OP },
	ALL_OPS
#undef X
	{ "empty", D612, 0, 0, loop_empty },	/* last */
};
#define NE (int)(sizeof(ent) / sizeof(ent[0]))
#define NOPS ((NE - 1) / ND)
static const char *dname[ND] = { "6.12", "v1", "v2" };

/* where each design's structures lie in the area: for -c flush and the self-check */
static const struct { size_t base, diff, thr, esz; } lay[ND][2] = {
#define L(Z, TZ, N, TN, E) {							\
	{ offsetof(struct area, Z), offsetof(TZ, vm_stat_diff), offsetof(TZ, stat_threshold), E }, \
	{ offsetof(struct area, N), offsetof(TN, vm_node_stat_diff), offsetof(TN, stat_threshold), E } }
	L(z8, struct pcz8, n8, struct pcn8, 1), L(z32, struct pcz32, n32, struct pcn32, 4),
	L(zS, struct pczS, nS, struct pcnS, 8),
#undef L
};
static struct area *area;
static long expect[ND][2];

static long pending(int d, int k, int item)	/* this CPU's part not in the globals */
{
	char *p = (char *)area + lay[d][k].base + lay[d][k].diff + lay[d][k].esz * item;
	struct split *sp = (struct split *)p;

	return d == D612 ? *(s8 *)p : d == DV1 ? *(s32 *)p : (s32)(sp->diff - sp->folded);
}

static int cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void cpu_model(char *buf, size_t n)
{
	char line[512];
	FILE *f = fopen("/proc/cpuinfo", "r");

	snprintf(buf, n, "unknown");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "model name", 10) && sscanf(line, "model name : %255[^\n]", buf) == 1)
			break;
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	int rounds = 21, nst = 4, cold = 0, thr = 32, item = 1, procs = 1, c, bad = 0;
	long iters = 100000, warm;
	const char *ops = "";
	char model[256], want[512], sur[160], *fa[NE] = { 0 }, *fb[NE] = { 0 };
	static double tk[NE][1024], dl[NE][1024];
	double med[NE], p25[NE], p75[NE];
	bool on[NE];

	while ((c = getopt(argc, argv, "r:n:s:c:t:i:o:P:")) != -1) {
		switch (c) {
		case 'r': rounds = atoi(optarg); break;
		case 'n': iters = atol(optarg) & ~1L; break;	/* even: mod +1/-1 nets 0 */
		case 's': nst = atoi(optarg); break;
		case 'c': cold = !strcmp(optarg, "flush"); break;
		case 't': thr = atoi(optarg); break;
		case 'i': item = atoi(optarg); break;
		case 'o': ops = optarg; break;
		case 'P': procs = atoi(optarg); break;
		default: fprintf(stderr, "usage: see the head of hotpath.c\n"); return 2;
		}
	}
	if (rounds < 1 || rounds > 1024 || iters < 2 || nst < 0 || thr < 0 || thr > 125 ||
	    item < 0 || item >= NR_VM_ZONE_STAT_ITEMS || IN_BYTES(item)) {
		fprintf(stderr, "hotpath: rounds 1..1024, iters >= 2, threshold 0..125, item 0..11 but 5, 6\n");
		return 2;
	}
	cpu_model(model, sizeof(model));
	area = aligned_alloc(4096, (sizeof(*area) + 4095) & ~4095UL);
	memset(area, 0, sizeof(*area));
	area->preempt_count = 0x80000000u;
	area->z8.stat_threshold = area->n8.stat_threshold = (s8)thr;
	area->z32.stat_threshold = area->n32.stat_threshold = thr;
	area->zS.stat_threshold = area->nS.stat_threshold = thr;
	for (int d = 0; d < ND; d++) {
		zone[d].pcp = (void *)lay[d][0].base;	/* a per-CPU pointer: an offset from %gs */
		pgdat[d].pcp = (void *)lay[d][1].base;
	}
	if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)area)) {
		perror("arch_prctl(ARCH_SET_GS)");
		return 1;
	}
	snprintf(want, sizeof(want), ",%s,", ops);
	warm = (iters / 10) & ~1L;
	for (int e = 0; e < NE; e++) {
		int d = ent[e].d, k = ent[e].kind;
		char key[64];

		snprintf(key, sizeof(key), ",%s,", ent[e].op);
		on[e] = e == NE - 1 || !*ops || strstr(want, key);
		if (cold) {	/* two CLFLUSHes each: the diff's and the threshold's line, */
			fa[e] = area->dummy[0];	/* or dummy lines the update does not touch */
			fb[e] = area->dummy[1];
		}
		if (cold && e < NE - 1) {
			fa[e] = (char *)area + lay[d][k].base + lay[d][k].diff + lay[d][k].esz * item;
			if ((lay[d][k].diff + lay[d][k].esz * item) / 64 != lay[d][k].thr / 64)
				fb[e] = (char *)area + lay[d][k].base + lay[d][k].thr;
		}
		if (on[e]) {
			ent[e].fn(warm, item, nst, fa[e], fb[e]);
			expect[d][k] += warm * ent[e].net;
		}
	}
	for (int r = 0; r < rounds; r++) {
		for (int j = 0; j < NE; j++) {	/* interleaved, the order rotated every round */
			int e = (j + r) % NE;

			if (!on[e])
				continue;
			tk[e][r] = (double)ent[e].fn(iters, item, nst, fa[e], fb[e]) / iters;
			expect[ent[e].d][ent[e].kind] += iters * ent[e].net;
		}
		if (r % 5 == 4 || r == rounds - 1)
			fprintf(stderr, "hotpath: cpu %d: round %d/%d\n", sched_getcpu(), r + 1, rounds);
	}
	for (int d = 0; d < ND; d++)
		for (int k = 0; k < 2; k++) {
			long g = vm_stat_glob[d][k][item], o = k ? pgdat[d].vm_stat[item] : zone[d].vm_stat[item];

			if (g != o || g + pending(d, k, item) != expect[d][k]) {
				fprintf(stderr, "hotpath: self-check FAILED: %s %s: global %ld + pending %ld != %ld\n",
					dname[d], k ? "node" : "zone", g, pending(d, k, item), expect[d][k]);
				bad = 1;
			}
		}
	for (int e = 0; e < NE; e++) {
		if (!on[e])
			continue;
		for (int r = 0; r < rounds; r++)	/* over the empty body of the same round */
			dl[e][r] = e == NE - 1 ? tk[e][r] : tk[e][r] - tk[NE - 1][r];
		qsort(dl[e], rounds, sizeof(double), cmpd);
		med[e] = dl[e][rounds / 2];
		p25[e] = dl[e][rounds / 4];
		p75[e] = dl[e][(3 * rounds) / 4];
	}
	snprintf(sur, sizeof(sur), "%s;stores=%d;t=%d;item=%d;cpu=%d;procs=%d", cold ? "flush" : "warm",
		 nst, thr, item, sched_getcpu(), procs);
	printf("# hotpath: TSC ticks per update over an empty out-of-line body; median, p25, p75 "
	       "of %d interleaved rounds x %ld updates\n", rounds, iters);
	printf("# cpu model: %s\n# empty body (%s): %.2f ticks/update (p25 %.2f, p75 %.2f)\n",
	       model, sur, med[NE - 1], p25[NE - 1], p75[NE - 1]);
	printf("# self-check (global + pending == sum of deltas, every design): %s\n",
	       bad ? "FAILED" : "ok");
	printf("variant,surroundings,median_ticks,p25,p75,ratio_to_6.12\n");
	for (int e = 0; e < NE - 1; e++) {
		int b = e % NOPS;	/* the 6.12 entry of the same op; NA when it is ~0 */

		if (!on[e])
			continue;
		printf("%s:%s,%s,%.2f,%.2f,%.2f,", dname[ent[e].d], ent[e].op, sur, med[e], p25[e], p75[e]);
		printf(med[b] >= 0.25 ? "%.2f\n" : "NA\n", med[e] / med[b]);
	}
	return bad;
}
