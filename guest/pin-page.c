// SPDX-License-Identifier: GPL-2.0
/*
 * pin-page NODE BLOCK_BYTES BLOCK...: hold a reference on one anonymous page that lies in one of
 * the given memory blocks (numbered as in /sys/devices/system/memory, BLOCK_BYTES each),
 * allocated on NUMA node NODE, by vmsplice()ing it into a pipe, so that offlining that block
 * cannot migrate it and retries until the pin goes. Prints the block on stdout, then waits to be
 * killed. Exits 1 if no page of NODE it could get lies in one of the blocks.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define MPOL_BIND	2
#define CHUNK		(64UL << 20)
#define TRIES		16

int main(int argc, char **argv)
{
	long psz = sysconf(_SC_PAGESIZE);
	unsigned long mask, block_pages, seen = 0, lo = -1UL, hi = 0;
	int pagemap, fds[2], t, i;

	if (argc < 4) {
		fprintf(stderr, "usage: %s NODE BLOCK_BYTES BLOCK...\n", argv[0]);
		return 2;
	}
	mask = 1UL << atoi(argv[1]);
	block_pages = strtoul(argv[2], NULL, 0) / psz;
	pagemap = open("/proc/self/pagemap", O_RDONLY);
	if (pagemap < 0 || pipe(fds)) {
		perror("pin-page");
		return 2;
	}
	/* Each try maps and touches another chunk on NODE; earlier chunks stay allocated. */
	for (t = 0; t < TRIES; t++) {
		char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		unsigned long off;

		if (p == MAP_FAILED || syscall(SYS_mbind, p, CHUNK, MPOL_BIND, &mask, 64, 0)) {
			perror("pin-page: mmap/mbind");
			return 2;
		}
		for (off = 0; off < CHUNK; off += psz) {
			uint64_t ent;
			unsigned long block;

			p[off] = 1;
			if (pread(pagemap, &ent, sizeof(ent), (uintptr_t)(p + off) / psz * 8) != 8 ||
			    !(ent >> 63))
				continue;
			block = (ent & ((1ULL << 55) - 1)) / block_pages;
			seen++;
			lo = block < lo ? block : lo;
			hi = block > hi ? block : hi;
			for (i = 3; i < argc; i++) {
				struct iovec iov = { p + off, psz };

				if (strtoul(argv[i], NULL, 0) != block)
					continue;
				if (vmsplice(fds[1], &iov, 1, 0) != psz) {
					perror("pin-page: vmsplice");
					return 2;
				}
				printf("%lu\n", block);
				fflush(stdout);
				for (;;)
					pause();
			}
		}
	}
	fprintf(stderr, "pin-page: none of %lu pages of node %s in the given blocks (blocks %lu to %lu)\n",
		seen, argv[1], lo, hi);
	return 1;
}
