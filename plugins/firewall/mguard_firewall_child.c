/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_child.h"

/*
 * See header
 */
mguard_firewall_child_t *mguard_firewall_child_create(uint32_t reqid,
											const char *name, const char *tun)
{
	mguard_firewall_child_t *child;

	INIT(child,
		.reqid = reqid,
		.name = strdup(name ?: ""),
		.tun = tun ? strdup(tun) : NULL,
		.local_ts = linked_list_create(),
		.remote_ts = linked_list_create(),
		.filter_local = linked_list_create(),
	);
	return child;
}

/*
 * See header
 */
void mguard_firewall_child_add_ts(mguard_firewall_child_t *child,
								  traffic_selector_t *ts, bool local)
{
	if (local)
	{
		child->local_ts->insert_last(child->local_ts, ts->clone(ts));
		child->filter_local->insert_last(child->filter_local, ts->clone(ts));
	}
	else
	{
		child->remote_ts->insert_last(child->remote_ts, ts->clone(ts));
	}
}

/*
 * See header
 */
void mguard_firewall_child_destroy(mguard_firewall_child_t *child)
{
	if (child)
	{
		child->local_ts->destroy_offset(child->local_ts,
									offsetof(traffic_selector_t, destroy));
		child->remote_ts->destroy_offset(child->remote_ts,
									offsetof(traffic_selector_t, destroy));
		child->filter_local->destroy_offset(child->filter_local,
									offsetof(traffic_selector_t, destroy));
		free(child->name);
		free(child->tun);
		free(child);
	}
}
