/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall_part mguard_firewall_part
 * @{ @ingroup mguard_firewall
 *
 * The hook by which a part of mguard-firewall (the filter, NAT, ...) adds
 * its nftables objects to the plugin's table, in the same atomic batch as
 * everything else (README.md in this directory describes the table).
 *
 * - setup() adds the part's table-wide objects (base chains with their
 *   hooks, sets) whenever the table is built: at start (replacing a stale
 *   table of a crashed charon), after a model reload and when someone
 *   removed the table. The table is new and empty at that point.
 * - up() adds the objects of one CHILD_SA (by reqid), down() removes them.
 *   They are called in registration order for up and in reverse order for
 *   down. A part that changes child->filter_local (NAT) is registered
 *   before the filter. A rebuild of the whole table
 *   calls setup() of every part and then up() for every installed CHILD_SA
 *   (no down(): the table is new).
 * - A part must only add messages to the batch, never commit it. If any
 *   message of the batch fails, nothing of it takes effect and the
 *   CHILD_SA's traffic stays blocked by the base chains (fail closed);
 *   child->installed tells afterwards whether the objects exist.
 * - down() is called once for every child whose up() was called, also
 *   when that batch failed (child->installed is then FALSE and the
 *   batch of down() is not sent): work a part does outside the batch
 *   (addresses, routes) is undone there. up() is called again for a child
 *   when the table is rebuilt, so such work must be idempotent.
 * - Parts keep no state that depends on a batch succeeding: everything
 *   down() needs follows from the child (objects are named by reqid).
 *   The one exception is objects shared by CHILD_SAs that a part adds
 *   when the first CHILD_SA needs them (the filter's per prefix length
 *   objects): such a part implements done(), which tells it after every
 *   batch whether what it added took effect.
 *
 * Every callback gets the model that applies (a reference the caller
 * holds for the duration of the call; in up()/down() child->conn and
 * child->tunnel point into it).
 */

#ifndef MGUARD_FIREWALL_PART_H_
#define MGUARD_FIREWALL_PART_H_

#include <library.h>
#include <collections/linked_list.h>
#include <selectors/traffic_selector.h>

#include <mguard_model.h>

#include "mguard_firewall_batch.h"

typedef struct mguard_firewall_part_t mguard_firewall_part_t;
typedef struct mguard_firewall_child_t mguard_firewall_child_t;
typedef struct mguard_firewall_table_t mguard_firewall_table_t;

/** nftables family of the plugin's table */
#define MGUARD_FIREWALL_FAMILY NFPROTO_INET

/**
 * The plugin's table, as parts see it.
 */
struct mguard_firewall_table_t {
	/** table name (setting charon.plugins.mguard-firewall.table) */
	const char *name;
	/** name of kernel-libipsec's TUN device (ipsec0) */
	const char *tun;
	/** model that applies, NULL if there is none (no model file) */
	mguard_model_t *model;
};

/**
 * One installed CHILD_SA, as the firewall knows it (a CHILD_SA and its
 * rekeyed successors share a reqid and therefore one of these).
 */
struct mguard_firewall_child_t {
	/** reqid (kept across rekeying; key of every per-CHILD_SA object) */
	uint32_t reqid;
	/** CHILD_SA config name, "<connection key>-<tunnel key>" */
	char *name;
	/** the model's connection, NULL if the CHILD_SA is not in the model */
	mguard_connection_t *conn;
	/** the model's tunnel, NULL if the CHILD_SA is not in the model */
	mguard_tunnel_t *tunnel;
	/**
	 * Data path: NULL for kernel XFRM (match with `ipsec in|out reqid`),
	 * else the TUN device of kernel-libipsec (match by interface and
	 * addresses)
	 */
	char *tun;
	/** negotiated local traffic selectors, traffic_selector_t */
	linked_list_t *local_ts;
	/** negotiated remote traffic selectors, traffic_selector_t */
	linked_list_t *remote_ts;
	/**
	 * Local networks as the filter sees them (after destination NAT on
	 * the way in, before source NAT on the way out), traffic_selector_t.
	 * Initially copies of local_ts; a NAT part's up() replaces them (it
	 * is registered before the filter). The filter dispatches on the
	 * remote side only at present and does not read them.
	 */
	linked_list_t *filter_local;
	/** TRUE while the objects of the last up() exist in the kernel */
	bool installed;
};

/**
 * A part of the firewall.
 */
struct mguard_firewall_part_t {

	/**
	 * Add the part's table-wide objects to a batch that builds the table.
	 *
	 * @param table		the table
	 * @param batch		batch to add to
	 * @return			FALSE if the part cannot build its objects (logged;
	 *					the table is then not built)
	 */
	bool (*setup)(mguard_firewall_part_t *this,
				  mguard_firewall_table_t *table,
				  mguard_firewall_batch_t *batch);

	/**
	 * Add the objects of a CHILD_SA.
	 *
	 * @param table		the table
	 * @param child		the CHILD_SA
	 * @param batch		batch to add to
	 * @return			FALSE if the part cannot build its objects (logged;
	 *					the CHILD_SA then stays blocked)
	 */
	bool (*up)(mguard_firewall_part_t *this, mguard_firewall_table_t *table,
			   mguard_firewall_child_t *child,
			   mguard_firewall_batch_t *batch);

	/**
	 * Remove the objects of a CHILD_SA that up() added (with the same
	 * table and child).
	 *
	 * @param table		the table
	 * @param child		the CHILD_SA
	 * @param batch		batch to add to
	 */
	void (*down)(mguard_firewall_part_t *this, mguard_firewall_table_t *table,
				 mguard_firewall_child_t *child,
				 mguard_firewall_batch_t *batch);

	/**
	 * The batch that the last setup()/up()/down() calls added to was
	 * committed (ok TRUE), or it failed or was not sent (ok FALSE).
	 * Optional (NULL): for parts that remember which shared objects exist.
	 *
	 * @param ok		TRUE if every message of the batch took effect
	 */
	void (*done)(mguard_firewall_part_t *this, bool ok);

	/**
	 * Destroy the part.
	 */
	void (*destroy)(mguard_firewall_part_t *this);
};

#endif /** MGUARD_FIREWALL_PART_H_ @}*/
