// SPDX-License-Identifier: GPL-2.0
/*
 * offsets.c - the layout facts hotpath needs to call a kernel's mm/vmstat.o from userspace,
 * compiled to assembly with that object's own command line (bench/hotpath/run-hotpath.sh),
 * so the offsets are the built kernel's, as asm-offsets.c gives them to the kernel's asm.
 * Every line of the output is "->NAME VALUE".
 */
#include <linux/kbuild.h>
#include <linux/mm.h>
#include <linux/vmstat.h>
#include <asm/current.h>

#define SIZE(sym, type)		DEFINE(sym, sizeof(type))
#define MSIZE(sym, str, mem)	DEFINE(sym, sizeof(((str *)0)->mem))

void probe(void);
void probe(void)
{
	OFFSET(ZONE_PCZ, zone, per_cpu_zonestats);
	OFFSET(ZONE_VM_STAT, zone, vm_stat);
	OFFSET(PGDAT_ZONES, pglist_data, node_zones);
	OFFSET(PGDAT_PCN, pglist_data, per_cpu_nodestats);
	OFFSET(PGDAT_VM_STAT, pglist_data, vm_stat);
	SIZE(PGDAT_SIZE, struct pglist_data);
	SIZE(PCZ_SIZE, struct per_cpu_zonestat);
	OFFSET(PCZ_DIFF, per_cpu_zonestat, vm_stat_diff);
	MSIZE(PCZ_DIFF_SIZE, struct per_cpu_zonestat, vm_stat_diff[0]);
	OFFSET(PCZ_THRESHOLD, per_cpu_zonestat, stat_threshold);
	MSIZE(PCZ_THRESHOLD_SIZE, struct per_cpu_zonestat, stat_threshold);
	SIZE(PCN_SIZE, struct per_cpu_nodestat);
	OFFSET(PCN_DIFF, per_cpu_nodestat, vm_node_stat_diff);
	MSIZE(PCN_DIFF_SIZE, struct per_cpu_nodestat, vm_node_stat_diff[0]);
	OFFSET(PCN_THRESHOLD, per_cpu_nodestat, stat_threshold);
	MSIZE(PCN_THRESHOLD_SIZE, struct per_cpu_nodestat, stat_threshold);
	OFFSET(HOT_PREEMPT_COUNT, pcpu_hot, preempt_count);
	DEFINE(ZONE_ITEMS, NR_VM_ZONE_STAT_ITEMS);
	DEFINE(NODE_ITEMS, NR_VM_NODE_STAT_ITEMS);
	DEFINE(ZONE_ITEM, NR_ZONE_ACTIVE_ANON);	/* update_lru_size()'s */
	DEFINE(NODE_ITEM, NR_ACTIVE_ANON);	/* __mod_lruvec_state()'s */
	DEFINE(PGSHIFT_NODES, NODES_PGSHIFT);
	DEFINE(PGSHIFT_ZONES, ZONES_PGSHIFT);
}
