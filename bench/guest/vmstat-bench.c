// SPDX-License-Identifier: GPL-2.0
/*
 * vmstat-bench - the guest side of make bench: time a memory operation, or measure how long
 * a vmstat differential takes to reach /proc/vmstat.
 *   op OP N       run OP N times on the calling CPU, print ns per operation. OPs: fault (an
 *                 anonymous 4 KiB page fault), munmap2m (munmap of a populated 2 MiB range),
 *                 read (pread of 4 KiB from a cached tmpfs page), allocfree (a write fault and
 *                 MADV_DONTNEED of one page: a page allocated and freed)
 *   stale CPU SAMPLES TIMEOUT_S [fifo]
 *                 on CPU, mlock 10 fresh pages (nr_mlock +10, below any fold threshold) and
 *                 poll /proc/vmstat every 10 ms until nr_mlock shows them; print the seconds,
 *                 or "inf" past TIMEOUT_S. With fifo, a SCHED_FIFO 1 busy loop shares the CPU
 *                 and the measurement runs at SCHED_FIFO 2.
 *   hog CPU       a SCHED_FIFO priority 1 busy loop on CPU, until killed
 * With VMSTAT_BENCH_PROFILE set to ftrace's function_profile_enabled, op switches the
 * profiler on and off around what it times (munmap2m and allocfree: the whole loop).
 * Usage: vmstat-bench op OP N | stale CPU SAMPLES TIMEOUT_S [fifo] | hog CPU
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE	4096UL
#define MLOCKED	10

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* prof(on): switch the function profiler named by VMSTAT_BENCH_PROFILE, if any */
static void prof(int on)
{
	const char *path = getenv("VMSTAT_BENCH_PROFILE");
	int fd;

	if (!path)
		return;
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, on ? "1" : "0", 1) != 1)
		die(path);
	close(fd);
}

static char *map(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	madvise(p, len, MADV_NOHUGEPAGE);
	return p;
}

static double op(const char *name, long n)
{
	double t = 0, t0;
	char buf[PAGE];

	if (!strcmp(name, "fault")) {
		char *p = map(n * PAGE);

		prof(1);
		t0 = now();
		for (long i = 0; i < n; i++)
			p[i * PAGE] = 1;
		t = now() - t0;
		prof(0);
		munmap(p, n * PAGE);
	} else if (!strcmp(name, "munmap2m")) {
		prof(1);
		for (long i = 0; i < n; i++) {
			char *p = map(512 * PAGE);

			for (int j = 0; j < 512; j++)
				p[j * PAGE] = 1;
			t0 = now();
			munmap(p, 512 * PAGE);
			t += now() - t0;
		}
		prof(0);
	} else if (!strcmp(name, "read")) {
		int fd = open("/tmp/vmstat-bench.dat", O_RDWR | O_CREAT | O_TRUNC, 0600);

		if (fd < 0)
			die("open /tmp/vmstat-bench.dat");
		memset(buf, 1, sizeof(buf));
		for (int i = 0; i < 4096; i++)	/* 16 MiB, in the page cache */
			if (write(fd, buf, PAGE) != (ssize_t)PAGE)
				die("write");
		srandom(1);
		prof(1);
		t0 = now();
		for (long i = 0; i < n; i++)
			if (pread(fd, buf, PAGE, (random() % 4096) * PAGE) != (ssize_t)PAGE)
				die("pread");
		t = now() - t0;
		prof(0);
		close(fd);
		unlink("/tmp/vmstat-bench.dat");
	} else if (!strcmp(name, "allocfree")) {
		char *p = map(PAGE);

		prof(1);
		t0 = now();
		for (long i = 0; i < n; i++) {
			p[0] = 1;
			madvise(p, PAGE, MADV_DONTNEED);
		}
		t = now() - t0;
		prof(0);
		munmap(p, PAGE);
	} else {
		fprintf(stderr, "vmstat-bench: no operation '%s'\n", name);
		exit(2);
	}
	return n ? t * 1e9 / n : 0;
}

static long nr_mlock(void)
{
	char line[128];
	long v = -1;
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f)
		die("/proc/vmstat");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "nr_mlock %ld", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* wait until nr_mlock reaches want (up = 1) or falls to it; the seconds, or -1 past tmo */
static double wait_for(long want, int up, double tmo)
{
	double t0 = now();
	struct timespec ms10 = { 0, 10000000 };

	while (up ? nr_mlock() < want : nr_mlock() > want) {
		if (now() - t0 > tmo)
			return -1;
		nanosleep(&ms10, NULL);
	}
	return now() - t0;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

static void hog(void)
{
	struct sched_param hp = { .sched_priority = 1 };

	if (sched_setscheduler(0, SCHED_FIFO, &hp))
		die("sched_setscheduler (hog)");
	for (;;)
		;
}

static int stale(int cpu, int samples, double tmo, int fifo)
{
	pid_t hog_pid = 0;
	struct sched_param sp = { .sched_priority = 2 };

	pin(cpu);
	if (fifo) {
		hog_pid = fork();
		if (hog_pid < 0)
			die("fork");
		if (!hog_pid)
			hog();
		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			die("sched_setscheduler");
	}
	for (int s = 0; s < samples; s++) {
		char *p = map(MLOCKED * PAGE);
		long before = nr_mlock();
		double t;

		if (mlock(p, MLOCKED * PAGE))
			die("mlock");
		t = wait_for(before + MLOCKED, 1, tmo);
		if (t < 0)
			printf("inf\n");
		else
			printf("%.3f\n", t);
		fflush(stdout);
		munlock(p, MLOCKED * PAGE);
		munmap(p, MLOCKED * PAGE);
		wait_for(before, 0, tmo);
	}
	if (hog_pid) {
		kill(hog_pid, SIGKILL);
		waitpid(hog_pid, NULL, 0);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "op")) {
		printf("%.3f\n", op(argv[2], atol(argv[3])));
		return 0;
	}
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "stale"))
		return stale(atoi(argv[2]), atoi(argv[3]), atof(argv[4]),
			     argc == 6 && !strcmp(argv[5], "fifo"));
	if (argc == 3 && !strcmp(argv[1], "hog")) {
		pin(atoi(argv[2]));
		hog();
	}
	fprintf(stderr, "Usage: vmstat-bench op OP N | stale CPU SAMPLES TIMEOUT_S [fifo] | hog CPU\n");
	return 2;
}
