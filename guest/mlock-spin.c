// SPDX-License-Identifier: GPL-2.0
/*
 * mlock-spin PAGES [DELAY [sleep]]: spin in user space for DELAY seconds (default 0), then mlock
 * PAGES anonymous pages, print "locked" on stdout, then spin in user space until killed, so that
 * the CPU it runs on changes nr_mlock by PAGES and then makes no system call that could fold its
 * vmstat differentials. The delay lets vmstat work that was armed on the CPU before run down: it
 * stops re-arming once an interval has passed without updates. With "sleep" it sleeps until
 * killed instead, so that its CPU enters idle. Exits 2 if the pages cannot be locked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long psz = sysconf(_SC_PAGESIZE), pages;
	volatile unsigned long spins = 0;
	struct timespec t0, t;
	double delay = 0;
	char *p;

	if (argc < 2 || argc > 4 || (pages = strtol(argv[1], NULL, 0)) <= 0 ||
	    (argc == 4 && strcmp(argv[3], "sleep"))) {
		fprintf(stderr, "usage: %s PAGES [DELAY [sleep]]\n", argv[0]);
		return 2;
	}
	if (argc >= 3)
		delay = strtod(argv[2], NULL);
	/* clock_gettime() is the vDSO's here: no system call while waiting. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while (t.tv_sec - t0.tv_sec + (t.tv_nsec - t0.tv_nsec) / 1e9 < delay);
	p = mmap(NULL, pages * psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || mlock(p, pages * psz)) {
		perror("mlock-spin");
		return 2;
	}
	memset(p, 1, pages * psz);
	printf("locked\n");
	fflush(stdout);
	if (argc == 4)
		for (;;)
			pause();
	for (;;)
		spins++;
}
