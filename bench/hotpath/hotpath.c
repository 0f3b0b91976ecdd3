// SPDX-License-Identifier: GPL-2.0
/*
 * hotpath.c - TSC ticks per vmstat counter update over an empty out-of-line body, for the
 *   update functions of built kernels' mm/vmstat.o, linked in as they are (gen-designs.py:
 *   symbols prefixed, the rest of the kernel stubbed), and for "v2-model", the harness's C
 *   rendering of shared/design/split-counters.md (XADD %gs on diff; LOCK cmpxchg on folded
 *   past the threshold) until a kernel has that code.
 * One process is one CPU: %gs has base 0, so the objects' %gs-relative per-CPU accesses reach
 *   this process's copy (arch_prctl(ARCH_SET_GS)). Run several processes at once for SMT and
 *   cache neighbours (run-hotpath.sh).
 * Usage: hotpath [-r ROUNDS] [-n ITERS] [-s STORES] [-c warm|flush] [-t THRESHOLD]
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
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "hotpath.h"

typedef int32_t s32;
typedef uint32_t u32;

#define NR_VM_ZONE_STAT_ITEMS	12	/* x86-64 distro config, as in split-counters.md */
#define NR_VM_NODE_STAT_ITEMS	47
#define NR_VM_NUMA_EVENT_ITEMS	6
#define ITEM			1
#define SPLIT_BYPASS		(1L << 30)	/* split fix 3: larger deltas go to the globals */
#define EXPORT		__attribute__((noipa, aligned(64)))
#define A64		__attribute__((aligned(64)))
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define kabs(x)		({ __typeof__(x) x__ = (x); x__ < 0 ? -x__ : x__; })	/* linux/math.h */

long hp_sink[2048];

/* Every return in the objects and here is a JMP to this (-mfunction-return=thunk-extern): the
 * kernel patches those to RET where no return mitigation is needed, or keeps a costlier
 * thunk (retbleed, SRSO) for every function alike. */
asm(".text\n.globl __x86_return_thunk\n.p2align 6\n__x86_return_thunk:\n\tret\n\tint3\n");

/* ---- 6.12 arch/x86/include/asm/percpu.h, CONFIG_USE_X86_SEG_SUPPORT=y, for the model ---- */
#define __my_cpu_var(v)		(*(__seg_gs __typeof__(v) *)(uintptr_t)&(v))
#define this_cpu_read(v)	(*(volatile __seg_gs __typeof__(v) *)(uintptr_t)&(v))
#define this_cpu_add_return(var, val) ({					\
	__typeof__(var) t__ = (val);						\
	asm volatile("xadd %[t], %[v]" : [t] "+r"(t__), [v] "+m"(__my_cpu_var(var)) : : "memory"); \
	(__typeof__(var))(t__ + (val)); })
#define LOCK_PREFIX ".pushsection .smp_locks,\"a\"\n.balign 4\n.long 671f - .\n.popsection\n671:\n\tlock "
/* patch 2: this_cpu_try_cmpxchg_smp() is LOCK cmpxchg on %gs */
#define this_cpu_try_cmpxchg_smp(var, ovalp, nval) ({				\
	bool ok__; __typeof__(var) o__ = *(ovalp), n__ = (nval);		\
	asm volatile(LOCK_PREFIX "cmpxchg %[n], %[v]" : "=@ccz"(ok__), [o] "+a"(o__),	\
		     [v] "+m"(__my_cpu_var(var)) : [n] "r"(n__) : "memory");	\
	if (unlikely(!ok__))							\
		*(ovalp) = o__;							\
	ok__; })

static inline void atomic_long_add(long i, long *v)	/* arch_atomic64_add() */
{
	asm volatile(LOCK_PREFIX "addq %1,%0" : "=m"(*v) : "er"(i), "m"(*v) : "memory");
}

/* ==== v2-model: split counters (split-counters.md "The scheme") ==== */
struct split { u32 diff; u32 folded; };
struct pczS { struct split vm_stat_diff[NR_VM_ZONE_STAT_ITEMS]; s32 stat_threshold;
	      unsigned long vm_numa_event[NR_VM_NUMA_EVENT_ITEMS]; };
struct pcnS { s32 stat_threshold; struct split vm_node_stat_diff[NR_VM_NODE_STAT_ITEMS]; };
struct zone { void *pcp; long vm_stat[NR_VM_ZONE_STAT_ITEMS]; };
struct pglist_data { void *pcp; long vm_stat[NR_VM_NODE_STAT_ITEMS]; };
static struct { u32 preempt_count A64; struct pczS z A64; struct pcnS n A64; } m_cpu A64;
static struct zone m_zone A64;
static struct pglist_data m_pgdat A64;
static long m_glob[2][NR_VM_NODE_STAT_ITEMS];	/* vm_zone_stat, vm_node_stat */
#define OBJ_0	struct zone
#define OBJ_1	struct pglist_data
#define STAT_ADD(K, x, o, item) do {						\
	atomic_long_add(x, &(o)->vm_stat[item]);				\
	atomic_long_add(x, &m_glob[K][item]); } while (0)

static inline void preempt_disable(void)
{
	asm volatile("incl %0" : "+m"(__my_cpu_var(m_cpu.preempt_count)) : : "memory");
}

static inline void preempt_enable(void)
{
	bool z;

	asm volatile("decl %0" : "+m"(__my_cpu_var(m_cpu.preempt_count)), "=@ccz"(z) : : "memory");
	if (unlikely(z))
		sched_yield();	/* __preempt_schedule() */
}
/* slow path: preemption off, re-read both words on this CPU, LOCK cmpxchg on folded */
#define SPLIT_SLOW(NAME, T, DIFF, K)						\
static __attribute__((noinline)) void NAME(OBJ_##K *o, unsigned int item, int mode) \
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
	STAT_ADD(K, (s32)(n - f), o, item);					\
out:										\
	preempt_enable();							\
}
SPLIT_SLOW(split_fold_zone, struct pczS, vm_stat_diff, 0)
SPLIT_SLOW(split_fold_node, struct pcnS, vm_node_stat_diff, 1)
/* fast path, the same for irq-safe and __ entry points: XADD, two loads, compare */
#define SPLIT(KIND, T, DIFF, o, item, delta, mode) do {			\
	T *pcp = (o)->pcp;							\
	struct split *s = pcp->DIFF + (item);					\
	u32 v = this_cpu_add_return(s->diff, (u32)(delta));			\
	s32 p = (s32)(v - this_cpu_read(s->folded));				\
	if (unlikely(kabs(p) > this_cpu_read(pcp->stat_threshold)))		\
		split_fold_##KIND(o, item, mode);				\
} while (0)
#define ZV2(o, i, d, m) SPLIT(zone, struct pczS, vm_stat_diff, o, i, d, m)
#define NV2(o, i, d, m) SPLIT(node, struct pcnS, vm_node_stat_diff, o, i, d, m)
#define V2_MOD(NAME, K, BODY)							\
EXPORT void NAME(void *p, unsigned int i, long d)				\
{										\
	OBJ_##K *o = p;								\
	if (unlikely(d > SPLIT_BYPASS || d < -SPLIT_BYPASS)) {			\
		STAT_ADD(K, d, o, i);						\
		return;								\
	}									\
	BODY(o, i, d, 0);							\
}
#define V2_INCDEC(NAME, K, BODY, S)						\
EXPORT void NAME(void *p, unsigned int i) { OBJ_##K *o = p; BODY(o, i, S, S); }
V2_MOD(m___mod_zone_page_state, 0, ZV2)
V2_MOD(m_mod_zone_page_state, 0, ZV2)
V2_MOD(m___mod_node_page_state, 1, NV2)
V2_MOD(m_mod_node_page_state, 1, NV2)
V2_INCDEC(m___inc_zone_state, 0, ZV2, 1)
V2_INCDEC(m___dec_zone_state, 0, ZV2, -1)
V2_INCDEC(m___inc_node_state, 1, NV2, 1)
V2_INCDEC(m___dec_node_state, 1, NV2, -1)
V2_INCDEC(m_inc_node_state, 1, NV2, 1)

static void m_setup(int t)
{
	m_cpu.preempt_count = 0x80000000u;
	m_cpu.z.stat_threshold = m_cpu.n.stat_threshold = t;
	m_zone.pcp = &m_cpu.z;
	m_pgdat.pcp = &m_cpu.n;
}

static long m_global(int k) { return m_glob[k][ITEM]; }
static long m_pending(int k)
{
	struct split *s = k ? &m_cpu.n.vm_node_stat_diff[ITEM] : &m_cpu.z.vm_stat_diff[ITEM];

	return (s32)(s->diff - s->folded);
}
static const struct hp_design m_design = {
	"v2-model", "C model of shared/design/split-counters.md (takes a zone where the kernel takes a page)",
	m_setup, m_global, m_pending, { &m_zone, &m_pgdat }, &m_zone, { ITEM, ITEM },
	{ (char *)&m_cpu.z.vm_stat_diff[ITEM], (char *)&m_cpu.n.vm_node_stat_diff[ITEM] }, NULL,
};
#define M_MODS								\
	X(__mod_zone_page_state, 0, 0) X(mod_zone_page_state, 0, 0)		\
	X(__mod_node_page_state, 1, 0) X(mod_node_page_state, 1, 0)
#define M_INCDECS								\
	X(__inc_zone_state, 0, 1) X(__dec_zone_state, 0, -1)			\
	X(__inc_node_state, 1, 1) X(__dec_node_state, 1, -1) X(inc_node_state, 1, 1)
#define X(OP, K, S) static HP_LOOP(m_loop_##OP, m_##OP(obj, item, HP_PM1))
M_MODS
#undef X
#define X(OP, K, S) static HP_LOOP(m_loop_##OP, m_##OP(obj, item))
M_INCDECS
#undef X
const struct hp_entry hp_model_entries[] = {
#define X(OP, K, S) { &m_design, #OP, K, S, m_loop_##OP, K, (void *)m_##OP },
	M_MODS M_INCDECS
#undef X
};
const int hp_model_nentries = sizeof(hp_model_entries) / sizeof(hp_model_entries[0]);

EXPORT void empty_body(void *o, unsigned int i, long d) { asm volatile("" : : : "memory"); }
static HP_LOOP(loop_empty, empty_body(obj, item, HP_PM1))

/* ==== the driver ==== */
/*
 * As ftrace does at boot, turn the "call __fentry__" at a function's entry (after ENDBR64)
 * into a 5-byte NOP. Returns -1 when the text cannot be made writable.
 */
static int nop_fentry(unsigned char *fn, void *fentry)
{
	static const unsigned char nop5[5] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
	unsigned char *p = fn + (fn[0] == 0xf3 && fn[1] == 0x0f && fn[2] == 0x1e && fn[3] == 0xfa ? 4 : 0);
	int32_t rel;
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(pg - 1);

	if (!fentry || p[0] != 0xe8)
		return 0;
	memcpy(&rel, p + 1, 4);
	if (p + 5 + rel != (unsigned char *)fentry)
		return 0;
	if (mprotect((void *)a, 2 * pg, PROT_READ | PROT_WRITE | PROT_EXEC))
		return -1;
	memcpy(p, nop5, 5);
	return mprotect((void *)a, 2 * pg, PROT_READ | PROT_EXEC);
}

static char flush_dummy[2][64] A64;	/* flushed for the empty body in -c flush */

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

#define MAXE 256
int main(int argc, char **argv)
{
	int rounds = 21, nst = 4, cold = 0, thr = 32, procs = 1, c, bad = 0, ne = 0, nd = 0;
	long iters = 100000, warm;
	const char *ops = "";
	char model[256], want[512], sur[160];
	static const struct hp_entry *ent[MAXE];
	static const struct hp_design *des[MAXE];
	static long expect[MAXE][2];
	static double tk[MAXE + 1][1024], dl[MAXE + 1][1024], med[MAXE + 1], p25[MAXE + 1], p75[MAXE + 1];
	void *arg[MAXE];
	char *fa[MAXE + 1] = { 0 }, *fb[MAXE + 1] = { 0 };

	while ((c = getopt(argc, argv, "r:n:s:c:t:o:P:")) != -1) {
		switch (c) {
		case 'r': rounds = atoi(optarg); break;
		case 'n': iters = atol(optarg) & ~1L; break;	/* even: mod +1/-1 nets 0 */
		case 's': nst = atoi(optarg); break;
		case 'c': cold = !strcmp(optarg, "flush"); break;
		case 't': thr = atoi(optarg); break;
		case 'o': ops = optarg; break;
		case 'P': procs = atoi(optarg); break;
		default: fprintf(stderr, "usage: see the head of hotpath.c\n"); return 2;
		}
	}
	if (rounds < 1 || rounds > 1024 || iters < 2 || nst < 0 || thr < 0 || thr > 125) {
		fprintf(stderr, "hotpath: rounds 1..1024, iters >= 2, stores >= 0, threshold 0..125\n");
		return 2;
	}
	if (syscall(SYS_arch_prctl, ARCH_SET_GS, 0UL)) {
		perror("arch_prctl(ARCH_SET_GS, 0)");
		return 1;
	}
	cpu_model(model, sizeof(model));
	snprintf(want, sizeof(want), ",%s,", ops);
	for (int t = 0; t < 2; t++) {	/* the objects' designs first: the first is the reference */
		const struct hp_entry *e = t ? hp_model_entries : hp_object_entries;
		int n = t ? hp_model_nentries : hp_object_nentries;

		for (int i = 0; i < n && ne < MAXE; i++) {
			char key[64];

			snprintf(key, sizeof(key), ",%s,", e[i].op);
			if (*ops && !strstr(want, key))
				continue;
			ent[ne++] = &e[i];
			if (!nd || des[nd - 1] != e[i].d)
				des[nd++] = e[i].d;
		}
	}
	for (int j = 0; j < nd; j++)
		des[j]->setup(thr);
	for (int e = 0; e < ne; e++)
		if (nop_fentry(ent[e]->target, ent[e]->d->fentry)) {
			perror("mprotect");
			return 1;
		}
	warm = (iters / 10) & ~1L;
	for (int e = 0; e <= ne; e++) {
		const struct hp_entry *x = ent[e];

		if (cold) {	/* two CLFLUSHes each: the differential's line and a dummy line */
			fa[e] = e < ne ? x->d->line[x->kind] : flush_dummy[0];
			fb[e] = flush_dummy[1];
		}
		if (e == ne)
			break;
		arg[e] = x->arg == HP_ARG_PAGE ? x->d->page : x->d->obj[x->arg];
		x->fn(warm, arg[e], x->d->item[x->kind], fa[e], fb[e], nst);
		expect[e][x->kind] = warm * x->net;
	}
	for (int r = 0; r < rounds; r++) {
		for (int j = 0; j <= ne; j++) {	/* interleaved, the order rotated every round */
			int e = (j + r) % (ne + 1);
			uint64_t t;

			if (e == ne) {
				t = loop_empty(iters, NULL, 0, fa[e], fb[e], nst);
			} else {
				t = ent[e]->fn(iters, arg[e], ent[e]->d->item[ent[e]->kind], fa[e], fb[e], nst);
				expect[e][ent[e]->kind] += iters * ent[e]->net;
			}
			tk[e][r] = (double)t / iters;
		}
		if (r % 5 == 4 || r == rounds - 1)
			fprintf(stderr, "hotpath: cpu %d: round %d/%d\n", sched_getcpu(), r + 1, rounds);
	}
	for (int j = 0; j < nd; j++)	/* global + pending == the sum of its deltas */
		for (int k = 0; k < 2; k++) {
			long sum = 0;

			for (int e = 0; e < ne; e++)
				if (ent[e]->d == des[j])
					sum += expect[e][k];
			if (des[j]->global(k) + des[j]->pending(k) != sum) {
				fprintf(stderr, "hotpath: self-check FAILED: %s %s: global %ld + pending %ld != %ld\n",
					des[j]->label, k ? "node" : "zone", des[j]->global(k),
					des[j]->pending(k), sum);
				bad = 1;
			}
		}
	for (int e = 0; e <= ne; e++) {
		for (int r = 0; r < rounds; r++)	/* over the empty body of the same round */
			dl[e][r] = e == ne ? tk[e][r] : tk[e][r] - tk[ne][r];
		qsort(dl[e], rounds, sizeof(double), cmpd);
		med[e] = dl[e][rounds / 2];
		p25[e] = dl[e][rounds / 4];
		p75[e] = dl[e][(3 * rounds) / 4];
	}
	snprintf(sur, sizeof(sur), "%s;stores=%d;t=%d;cpu=%d;procs=%d", cold ? "flush" : "warm",
		 nst, thr, sched_getcpu(), procs);
	printf("# hotpath: TSC ticks per update over an empty out-of-line body; median, p25, p75 "
	       "of %d interleaved rounds x %ld updates\n", rounds, iters);
	printf("# cpu model: %s\n# empty body (%s): %.2f ticks/update (p25 %.2f, p75 %.2f)\n",
	       model, sur, med[ne], p25[ne], p75[ne]);
	for (int j = 0; j < nd; j++)
		printf("# design %s: %s\n", des[j]->label, des[j]->origin);
	printf("# self-check (global + pending == sum of deltas, every design): %s\n",
	       bad ? "FAILED" : "ok");
	printf("variant,surroundings,median_ticks,p25,p75,ratio_to_%s\n", des[0]->label);
	for (int e = 0; e < ne; e++) {
		int b = -1;	/* the reference design's entry of the same op; NA when ~0 */

		for (int f = 0; f < ne; f++)
			if (ent[f]->d == des[0] && !strcmp(ent[f]->op, ent[e]->op))
				b = f;
		printf("%s:%s,%s,%.2f,%.2f,%.2f,", ent[e]->d->label, ent[e]->op, sur, med[e], p25[e], p75[e]);
		printf(b >= 0 && med[b] >= 0.25 ? "%.2f\n" : "NA\n", b >= 0 ? med[e] / med[b] : 0);
	}
	return bad;
}
