/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall_manager mguard_firewall_manager
 * @{ @ingroup mguard_firewall
 *
 * The core of mguard-firewall: owns the table, the installed CHILD_SAs (by
 * reqid, counted: CHILD_SAs that share a reqid, e.g. during make-before-
 * break reauthentication, install once) and the parts. Every change is one
 * batch: a CHILD_SA up or down is the parts' up()/down() objects; a new
 * model, a new TUN name or a table that vanished is a rebuild of the whole
 * table (create, delete, create, setup, every CHILD_SA) in one batch, which
 * also replaces a stale table of a crashed charon atomically.
 *
 * Needs nothing of charon: the listener feeds it, the benchmark too.
 * Thread-safe.
 */

#ifndef MGUARD_FIREWALL_MANAGER_H_
#define MGUARD_FIREWALL_MANAGER_H_

#include "mguard_firewall_part.h"

typedef struct mguard_firewall_manager_t mguard_firewall_manager_t;

/**
 * The firewall core.
 */
struct mguard_firewall_manager_t {

	/**
	 * Register a part (before start()); parts run in registration order.
	 *
	 * @param part		part, owned by the manager
	 */
	void (*add_part)(mguard_firewall_manager_t *this,
					 mguard_firewall_part_t *part);

	/**
	 * Build the table, replacing whatever table of that name exists.
	 *
	 * @param model		model to apply (a reference is taken), may be NULL
	 * @return			TRUE if the table is in place
	 */
	bool (*start)(mguard_firewall_manager_t *this, mguard_model_t *model);

	/**
	 * Apply a model: rebuild the table in one batch (no gap: the old rules
	 * apply until the new ones do). A model equal to the current one (the
	 * same object) and force FALSE change nothing.
	 *
	 * @param model		model (a reference is taken), may be NULL
	 * @param force		rebuild even if the model is the same object
	 * @return			TRUE if the new rules are in place
	 */
	bool (*set_model)(mguard_firewall_manager_t *this, mguard_model_t *model,
					  bool force);

	/**
	 * A CHILD_SA was installed.
	 *
	 * @param child		child (owned by the manager from now on)
	 * @return			TRUE if its rules are in place (or were already)
	 */
	bool (*child_up)(mguard_firewall_manager_t *this,
					 mguard_firewall_child_t *child);

	/**
	 * A CHILD_SA was deleted.
	 *
	 * @param reqid		its reqid
	 */
	void (*child_down)(mguard_firewall_manager_t *this, uint32_t reqid);

	/**
	 * Number of reqids with rules.
	 */
	u_int (*get_count)(mguard_firewall_manager_t *this);

	/**
	 * Delete the table and destroy the manager and its parts.
	 */
	void (*destroy)(mguard_firewall_manager_t *this);
};

/**
 * Create the core.
 *
 * @param nl		netlink socket (owned by the manager)
 * @param table		table name
 * @param tun		TUN device name expected of kernel-libipsec
 * @return			manager
 */
mguard_firewall_manager_t *mguard_firewall_manager_create(
				mguard_firewall_nl_t *nl, const char *table, const char *tun);

#endif /** MGUARD_FIREWALL_MANAGER_H_ @}*/
