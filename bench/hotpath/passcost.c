// SPDX-License-Identifier: GPL-2.0
/*
 * passcost.c - what the shepherd's scan of other CPUs' vmstat differentials costs on this
 *   machine's caches, for a per-CPU layout given in bytes (bench/run-bench.sh passes each
 *   kernel's sizes from offsets.c). An "owner" thread on one CPU stores to every cache line of
 *   CPUS simulated per-CPU areas (ZONES zone structures of ZBYTES and NODES node structures of
 *   NBYTES each, every one starting on a line, as the pass sees them), so that the lines are
 *   modified in that CPU's cache, as an owner's counter updates leave them; then a "folder"
 *   thread on another CPU reads every 32-bit word of them, as need_fold() reads a CPU whose
 *   differentials are all zero (the pass's common case: it reads everything to find nothing).
 *   Mode "local" has the owner read its own lines instead: what each CPU's own vmstat_update
 *   reads on 6.12. Mode "chase" reads the same lines in a random order, each read's address
 *   taken from the line before: one line's latency with neither overlap nor prefetch, the
 *   bound for a machine whose lines all come from far away.
 * The areas must fit the owner's L2 for the lines to stay there (CPUS * lines * 64 bytes).
 * Usage: passcost -z ZBYTES -n NBYTES [-Z ZONES] [-N NODES] [-c CPUS] [-r ROUNDS]
 *                 [-m remote|local|chase] [-C OWNER,FOLDER]
 * Prints one CSV line: mode,cpus,lines,ns_per_pass_p10,p50,p90,ns_per_line_p50 (the rounds
 *   after the first tenth)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int zbytes, nbytes, zones = 3, nodes = 2, cpus = 64, rounds = 400, owner_cpu = 0, folder_cpu = 1;
static const char *mode = "remote";
static size_t unit, nlines;
static char *area;
static _Atomic int go, done;
static uint64_t *ns;
static volatile int32_t sink;	/* what the reads returned: they may not be dropped */

static size_t lines_of(int bytes) { return (bytes + 63) / 64; }

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ull + t.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	if (pthread_setaffinity_np(pthread_self(), sizeof(s), &s)) {
		fprintf(stderr, "passcost: cannot pin to CPU %d\n", cpu);
		exit(1);
	}
}

/* the owner's updates: one store of 0 to every line (the line becomes modified here) */
static void dirty(void)
{
	for (size_t i = 0; i < nlines; i++)
		((volatile int32_t *)(area + i * 64))[0] = 0;
}

/* the pass: for each CPU, each zone's then each node's structure, every word */
static int32_t scan(void)
{
	int32_t acc = 0;

	for (int c = 0; c < cpus; c++) {
		const char *p = area + c * unit;

		for (int s = 0; s < zones + nodes; s++) {
			int bytes = s < zones ? zbytes : nbytes;
			const volatile int32_t *w = (const volatile int32_t *)p;

			for (int i = 0; i < bytes / 4; i++)
				acc |= w[i];
			p += lines_of(bytes) * 64;
		}
	}
	return acc;
}

/* every line once, in the random cycle that link() stored in the lines' second words */
static int32_t chase(void)
{
	uint64_t off = 0;

	for (size_t i = 0; i < nlines; i++)
		off = *(const volatile uint64_t *)(area + off + 8);
	return (int32_t)off;
}

static void link_lines(void)
{
	size_t *perm = malloc(nlines * sizeof(*perm));

	if (!perm)
		exit(1);
	for (size_t i = 0; i < nlines; i++)
		perm[i] = i;
	srand(1);
	for (size_t i = nlines - 1; i > 0; i--) {
		size_t j = rand() % (i + 1), t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	for (size_t i = 0; i < nlines; i++)
		*(uint64_t *)(area + perm[i] * 64 + 8) = perm[(i + 1) % nlines] * 64;
	free(perm);
}

static void *owner(void *arg)
{
	(void)arg;
	pin(owner_cpu);
	for (int r = 1; r <= rounds; r++) {
		dirty();
		atomic_store_explicit(&go, r, memory_order_release);
		while (atomic_load_explicit(&done, memory_order_acquire) != r)
			;
	}
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int opt, local;
	pthread_t t;

	while ((opt = getopt(argc, argv, "z:n:Z:N:c:r:m:C:")) != -1) {
		switch (opt) {
		case 'z': zbytes = atoi(optarg); break;
		case 'n': nbytes = atoi(optarg); break;
		case 'Z': zones = atoi(optarg); break;
		case 'N': nodes = atoi(optarg); break;
		case 'c': cpus = atoi(optarg); break;
		case 'r': rounds = atoi(optarg); break;
		case 'm': mode = optarg; break;
		case 'C':
			if (sscanf(optarg, "%d,%d", &owner_cpu, &folder_cpu) == 2)
				break;
			/* fall through */
		default:
			fprintf(stderr, "usage: passcost -z ZBYTES -n NBYTES [-Z ZONES] [-N NODES] [-c CPUS] "
				"[-r ROUNDS] [-m remote|local|chase] [-C OWNER,FOLDER]\n");
			return 2;
		}
	}
	if (zbytes <= 0 || nbytes <= 0 || zones < 1 || nodes < 1 || cpus < 1 || rounds < 10 ||
	    (strcmp(mode, "remote") && strcmp(mode, "local") && strcmp(mode, "chase"))) {
		fprintf(stderr, "passcost: -z and -n are required; see the usage in passcost.c\n");
		return 2;
	}
	local = !strcmp(mode, "local");
	unit = (zones * lines_of(zbytes) + nodes * lines_of(nbytes)) * 64;
	nlines = cpus * unit / 64;
	area = aligned_alloc(4096, (cpus * unit + 4095) & ~4095ul);
	ns = calloc(rounds, sizeof(*ns));
	if (!area || !ns)
		return 1;
	memset(area, 0, cpus * unit);
	link_lines();
	if (local) {
		pin(owner_cpu);
		for (int r = 0; r < rounds; r++) {
			uint64_t t0;

			dirty();
			t0 = now_ns();
			sink |= scan();
			ns[r] = now_ns() - t0;
		}
	} else {
		pin(folder_cpu);
		if (pthread_create(&t, NULL, owner, NULL))
			return 1;
		for (int r = 1; r <= rounds; r++) {
			uint64_t t0;

			while (atomic_load_explicit(&go, memory_order_acquire) != r)
				;
			t0 = now_ns();
			sink |= mode[0] == 'c' ? chase() : scan();
			ns[r - 1] = now_ns() - t0;
			atomic_store_explicit(&done, r, memory_order_release);
		}
		pthread_join(t, NULL);
	}
	/* the first tenth warms the TLB and the branch predictors: left out */
	qsort(ns + rounds / 10, rounds - rounds / 10, sizeof(*ns), cmp);
	{
		uint64_t *s = ns + rounds / 10;
		int n = rounds - rounds / 10;

		printf("%s,%d,%zu,%llu,%llu,%llu,%.2f\n", mode, cpus, nlines,
		       (unsigned long long)s[n / 10], (unsigned long long)s[n / 2],
		       (unsigned long long)s[n * 9 / 10], (double)s[n / 2] / nlines);
	}
	return 0;
}
