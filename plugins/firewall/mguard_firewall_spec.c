/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_spec.h"

#include <arpa/inet.h>

static int range_cmp(const void *a, const void *b)
{
	const mguard_fw_range_t *x = a, *y = b;

	if (x->from != y->from)
	{
		return x->from < y->from ? -1 : 1;
	}
	if (x->to != y->to)
	{
		return x->to < y->to ? -1 : 1;
	}
	return 0;
}

/*
 * See header
 */
void mguard_fw_ranges_merge(array_t *ranges)
{
	mguard_fw_range_t *all, cur;
	int i, count;

	count = array_count(ranges);
	if (count < 2)
	{
		return;
	}
	all = malloc(count * sizeof(*all));
	for (i = 0; i < count; i++)
	{
		array_get(ranges, i, &all[i]);
	}
	while (array_remove(ranges, ARRAY_TAIL, NULL))
	{
	}
	qsort(all, count, sizeof(*all), range_cmp);
	cur = all[0];
	for (i = 1; i < count; i++)
	{	/* overlapping or adjacent (cur.to + 1 only if no overflow) */
		if (all[i].from <= cur.to ||
			(cur.to != UINT32_MAX && all[i].from == cur.to + 1))
		{
			cur.to = max(cur.to, all[i].to);
		}
		else
		{
			array_insert(ranges, ARRAY_TAIL, &cur);
			cur = all[i];
		}
	}
	array_insert(ranges, ARRAY_TAIL, &cur);
	free(all);
}

/**
 * Host byte order IPv4 address of a host_t, FALSE if not IPv4
 */
static bool v4(host_t *host, uint32_t *out)
{
	chunk_t addr;

	if (!host || host->get_family(host) != AF_INET)
	{
		return FALSE;
	}
	addr = host->get_address(host);
	if (addr.len != 4)
	{
		return FALSE;
	}
	*out = untoh32(addr.ptr);
	return TRUE;
}

/**
 * Add the interval of a single (non-group) entry
 */
static void add_entry(mguard_addr_t *addr, mguard_fw_lookup_t lookup,
					  void *data, array_t *out)
{
	mguard_fw_range_t range;
	array_t *addrs;
	uint32_t a;
	int i;

	switch (addr->type)
	{
		case MGUARD_ADDR_NET:
			if (v4(addr->from, &range.from) && addr->prefix <= 32)
			{
				range.to = addr->prefix ? range.from |
								~(~0u << (32 - addr->prefix)) : ~0u;
				if (!addr->prefix)
				{
					range.from = 0;
				}
				array_insert(out, ARRAY_TAIL, &range);
			}
			break;
		case MGUARD_ADDR_RANGE:
			if (v4(addr->from, &range.from) && v4(addr->to, &range.to) &&
				range.from <= range.to)
			{
				array_insert(out, ARRAY_TAIL, &range);
			}
			break;
		case MGUARD_ADDR_HOSTNAME:
			addrs = array_create(sizeof(uint32_t), 0);
			if (lookup)
			{
				lookup(data, addr->str, addrs);
			}
			for (i = 0; i < array_count(addrs); i++)
			{
				array_get(addrs, i, &a);
				range.from = range.to = a;
				array_insert(out, ARRAY_TAIL, &range);
			}
			array_destroy(addrs);
			break;
		case MGUARD_ADDR_GROUP:
			/* groups do not nest */
			break;
	}
}

/*
 * See header
 */
bool mguard_fw_addr_ranges(mguard_model_t *model, mguard_addr_t *addr,
						   mguard_fw_lookup_t lookup, void *data,
						   array_t *out)
{
	enumerator_t *enumerator;
	mguard_group_t *group;
	mguard_addr_t *entry;

	if (addr->type == MGUARD_ADDR_GROUP)
	{
		group = mguard_model_find_group(model ? model->ip_groups : NULL,
									 addr->str);
		if (!group)
		{
			return FALSE;
		}
		enumerator = group->entries->create_enumerator(group->entries);
		while (enumerator->enumerate(enumerator, &entry))
		{
			add_entry(entry, lookup, data, out);
		}
		enumerator->destroy(enumerator);
	}
	else if (!addr->from && addr->type != MGUARD_ADDR_HOSTNAME)
	{	/* unset: any address */
		mguard_fw_range_t any = { 0, ~0u };

		array_insert(out, ARRAY_TAIL, &any);
	}
	else
	{
		add_entry(addr, lookup, data, out);
	}
	mguard_fw_ranges_merge(out);
	return TRUE;
}

/*
 * See header
 */
bool mguard_fw_port_ranges(mguard_model_t *model, mguard_ports_t *ports,
						   array_t *out)
{
	enumerator_t *enumerator;
	mguard_group_t *group;
	mguard_ports_t *entry;
	mguard_fw_range_t range;

	switch (ports->type)
	{
		case MGUARD_PORTS_ANY:
			range.from = 0;
			range.to = 65535;
			array_insert(out, ARRAY_TAIL, &range);
			break;
		case MGUARD_PORTS_RANGE:
			range.from = min(ports->from, ports->to);
			range.to = max(ports->from, ports->to);
			array_insert(out, ARRAY_TAIL, &range);
			break;
		case MGUARD_PORTS_GROUP:
			group = mguard_model_find_group(model ? model->port_groups : NULL,
										 ports->str);
			if (!group)
			{
				return FALSE;
			}
			enumerator = group->entries->create_enumerator(group->entries);
			while (enumerator->enumerate(enumerator, &entry))
			{
				if (entry->type == MGUARD_PORTS_RANGE)
				{
					range.from = min(entry->from, entry->to);
					range.to = max(entry->from, entry->to);
					array_insert(out, ARRAY_TAIL, &range);
				}
			}
			enumerator->destroy(enumerator);
			break;
	}
	mguard_fw_ranges_merge(out);
	return TRUE;
}
