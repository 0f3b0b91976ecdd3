// A stand-in for a subsystem's source: the scope's function definitions.
static void fold_diff(int *zone_diff, int *node_diff)
{
}

void __mod_zone_page_state(struct zone *zone, enum zone_stat_item item,
			   long delta)
{
	fold_diff(NULL, NULL);
}
