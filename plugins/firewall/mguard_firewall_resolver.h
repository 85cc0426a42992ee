/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall_resolver mguard_firewall_resolver
 * @{ @ingroup mguard_firewall
 *
 * Host names in IP groups: resolved in a job of libstrongswan's processor
 * (never on the thread of a CHILD_SA event), again for every new model;
 * when the addresses differ from what the rules use, the table is rebuilt
 * in one batch. A name that does not resolve matches nothing and is logged.
 */

#ifndef MGUARD_FIREWALL_RESOLVER_H_
#define MGUARD_FIREWALL_RESOLVER_H_

#include <collections/array.h>

#include "mguard_firewall_manager.h"

typedef struct mguard_firewall_resolver_t mguard_firewall_resolver_t;

/**
 * The resolver.
 */
struct mguard_firewall_resolver_t {

	/**
	 * The addresses of a name as last resolved (mguard_fw_lookup_t).
	 */
	bool (*lookup)(mguard_firewall_resolver_t *this, const char *host,
				   array_t *out);

	/**
	 * Resolve the host names of a model in a job (nothing if it has none)
	 * and rebuild the table with it if the addresses changed. A newer call
	 * supersedes the jobs of older ones.
	 *
	 * @param model		model (a reference is taken)
	 */
	void (*resolve)(mguard_firewall_resolver_t *this, mguard_model_t *model);

	/**
	 * Destroy, after waiting for a running job.
	 */
	void (*destroy)(mguard_firewall_resolver_t *this);
};

/**
 * Create the resolver (the filter looks names up in it, the core it
 * rebuilds is set with mguard_firewall_resolver_set_manager()).
 *
 * @return			resolver
 */
mguard_firewall_resolver_t *mguard_firewall_resolver_create(void);

/**
 * Set the core the resolver rebuilds (before the first resolve()).
 *
 * @param this		resolver
 * @param manager	core
 */
void mguard_firewall_resolver_set_manager(mguard_firewall_resolver_t *this,
										  mguard_firewall_manager_t *manager);

/**
 * mguard_fw_lookup_t over a resolver (data is the resolver).
 */
bool mguard_firewall_resolver_lookup(void *data, const char *host,
									 array_t *out);

#endif /** MGUARD_FIREWALL_RESOLVER_H_ @}*/
