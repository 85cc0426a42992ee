/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_tranche.h"
#include "mguard_control_tranche_file.h"
#include "mguard_control_tranche_pool.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include <daemon.h>
#include <threading/mutex.h>

#include <mguard_file.h>
#include <mguard_model_store.h>

/** default directory of the state file */
#define DEFAULT_STATE_DIR "/var/lib/mguard"

/** largest state file read */
#define STATE_MAX (16 * 1024 * 1024)

/** seconds between two writes of the state file */
#define WRITE_INTERVAL 1

typedef struct private_mguard_control_tranche_t
	private_mguard_control_tranche_t;
typedef struct entry_t entry_t;
typedef struct attr_t attr_t;

/**
 * A pool of the model with what its clients get besides the address
 */
struct entry_t {
	/** the tranches */
	mguard_tranche_pool_t *pool;
	/** pool network and prefix, tranche size (to tell a changed pool) */
	uint32_t base;
	uint8_t prefix, tranche;
	/** attr_t*: DNS, WINS, local networks */
	linked_list_t *attrs;
};

/**
 * An attribute to hand out
 */
struct attr_t {
	configuration_attribute_type_t type;
	chunk_t value;
};

/**
 * Private data of a mguard_control_tranche_t object.
 */
struct private_mguard_control_tranche_t {

	/**
	 * Public interface
	 */
	mguard_control_tranche_t public;

	/**
	 * entry_t*, in model order
	 */
	array_t *entries;

	/**
	 * mguard_tranche_pool_t* of the entries, for the state file
	 */
	array_t *pools;

	/**
	 * State file, and its directory
	 */
	char *path, *dir;

	/**
	 * When the state file was written last, and whether leases since wait
	 */
	time_t written;
	bool dirty;

	/**
	 * Protects everything above
	 */
	mutex_t *mutex;
};

/**
 * Destroy an attribute
 */
static void attr_destroy(attr_t *attr)
{
	free(attr->value.ptr);
	free(attr);
}

/**
 * Destroy an entry, with its pool
 */
static void entry_destroy(entry_t *entry)
{
	entry->attrs->destroy_function(entry->attrs, (void*)attr_destroy);
	DESTROY_IF(entry->pool);
	free(entry);
}

/**
 * Add an attribute of an address (and a netmask)
 */
static void add_attr(entry_t *entry, configuration_attribute_type_t type,
					 host_t *host, int prefix)
{
	chunk_t addr;
	uint32_t mask;
	attr_t *attr;

	if (!host)
	{	/* 0.0.0.0 in the model: none */
		return;
	}
	addr = host->get_address(host);
	INIT(attr,
		.type = type,
		.value = chunk_alloc(prefix < 0 ? addr.len : addr.len + 4),
	);
	memcpy(attr->value.ptr, addr.ptr, addr.len);
	if (prefix >= 0)
	{
		mask = htonl(mguard_tranche_mask(prefix));
		memcpy(attr->value.ptr + addr.len, &mask, 4);
	}
	entry->attrs->insert_last(entry->attrs, attr);
}

/**
 * IPv4 address in host byte order
 */
static uint32_t addr_of(host_t *host)
{
	uint32_t addr;

	memcpy(&addr, host->get_address(host).ptr, 4);
	return ntohl(addr);
}

/**
 * Entry of a Mode Config server connection
 */
static entry_t *entry_create(mguard_connection_t *conn)
{
	mguard_mode_config_t *mc = &conn->mode_config;
	enumerator_t *enumerator;
	mguard_net_t *net;
	entry_t *entry;
	char name[128];
	int i;

	if (!mc->pool.net || mc->pool.net->get_family(mc->pool.net) != AF_INET)
	{
		return NULL;
	}
	mguard_connection_pool_name(conn, name, sizeof(name));
	INIT(entry,
		.base = addr_of(mc->pool.net),
		.prefix = mc->pool.prefix,
		.tranche = mc->tranche,
		.attrs = linked_list_create(),
	);
	entry->pool = mguard_tranche_pool_create(name, entry->base, entry->prefix,
											 entry->tranche);
	if (!entry->pool)
	{
		DBG1(DBG_CFG, "mguard-control: pool %s: tranche /%u is larger than "
			 "the pool /%u, not serving it", name, entry->tranche,
			 entry->prefix);
		entry_destroy(entry);
		return NULL;
	}
	for (i = 0; i < 2; i++)
	{
		add_attr(entry, INTERNAL_IP4_DNS, mc->dns[i], -1);
		add_attr(entry, INTERNAL_IP4_NBNS, mc->wins[i], -1);
	}
	if (mc->local_table)
	{
		enumerator = mc->local_networks->create_enumerator(mc->local_networks);
		while (enumerator->enumerate(enumerator, &net))
		{
			add_attr(entry, INTERNAL_IP4_SUBNET, net->net, net->prefix);
		}
		enumerator->destroy(enumerator);
	}
	else
	{
		add_attr(entry, INTERNAL_IP4_SUBNET, mc->local_network.net,
				 mc->local_network.prefix);
	}
	return entry;
}

/**
 * Our entry of a pool name, NULL if none
 */
static entry_t *find_entry(private_mguard_control_tranche_t *this,
						   const char *name)
{
	entry_t *entry;
	int i;

	for (i = 0; i < array_count(this->entries); i++)
	{
		array_get(this->entries, i, &entry);
		if (streq(entry->pool->get_name(entry->pool), name))
		{
			return entry;
		}
	}
	return NULL;
}

/**
 * Rebuild the array of pools the state file lists
 */
static void update_pools(private_mguard_control_tranche_t *this)
{
	entry_t *entry;
	int i;

	array_destroy(this->pools);
	this->pools = array_create(0, 0);
	for (i = 0; i < array_count(this->entries); i++)
	{
		array_get(this->entries, i, &entry);
		array_insert(this->pools, ARRAY_TAIL, entry->pool);
	}
}

/**
 * Write the state file, at most once per WRITE_INTERVAL (enrolling many
 * clients does not write it for each one): what waits is written with the
 * next lease or release after that, and at shutdown
 */
static void save(private_mguard_control_tranche_t *this, bool now)
{
	time_t t = time_monotonic(NULL);
	int err;

	if (!now && this->written && t - this->written < WRITE_INTERVAL)
	{
		this->dirty = TRUE;
		return;
	}
	this->written = t;
	this->dirty = FALSE;

	/* created with the first lease only: charons without Mode Config
	 * servers leave no trace */
	if (mkdir(this->dir, 0700) != 0 && errno != EEXIST)
	{
		DBG1(DBG_CFG, "mguard-control: creating %s failed: %s", this->dir,
			 strerror(errno));
	}
	err = mguard_tranche_file_write(this->path, this->pools);
	if (err)
	{
		DBG1(DBG_CFG, "mguard-control: writing the tranche leases to %s "
			 "failed: %s; a restart will not know them", this->path,
			 strerror(err));
	}
}

/**
 * Restore a lease read from the state file
 */
static void restore_lease(void *user, u_int line, const char *name,
						  uint32_t net, uint8_t prefix, const char *id)
{
	private_mguard_control_tranche_t *this = user;
	const char *error;
	entry_t *entry;

	entry = find_entry(this, name);
	if (!entry)
	{
		DBG1(DBG_CFG, "mguard-control: %s:%u: pool %s is no longer in the "
			 "model, lease dropped", this->path, line, name);
	}
	else if (!entry->pool->restore(entry->pool, net, prefix, id, &error))
	{
		DBG1(DBG_CFG, "mguard-control: %s:%u: lease dropped: %s", this->path,
			 line, error);
	}
}

/**
 * Report a problem of the state file
 */
static void state_error(void *user, u_int line, const char *error)
{
	private_mguard_control_tranche_t *this = user;

	DBG1(DBG_CFG, "mguard-control: %s:%u: %s", this->path, line, error);
}

/**
 * Read the state file
 */
static void load(private_mguard_control_tranche_t *this)
{
	chunk_t data;

	if (!mguard_file_read(this->path, STATE_MAX, &data))
	{
		if (errno != ENOENT)
		{
			DBG1(DBG_CFG, "mguard-control: reading the tranche leases from "
				 "%s failed: %s (at most %d bytes), ignored (it is replaced "
				 "on the next lease)", this->path, strerror(errno), STATE_MAX);
		}
		return;
	}
	if (!mguard_tranche_file_parse((char*)data.ptr, data.len, restore_lease,
								   state_error, this))
	{
		DBG1(DBG_CFG, "mguard-control: %s is not a tranche lease file, "
			 "ignored (it is replaced on the next lease)", this->path);
	}
	chunk_free(&data);
}

/**
 * Read the model's pools; keep the pools (and leases) of unchanged entries
 */
static void read_model(private_mguard_control_tranche_t *this)
{
	mguard_connection_t *conn;
	mguard_model_store_t *store;
	mguard_report_t *report;
	mguard_model_t *model;
	enumerator_t *enumerator;
	entry_t *entry, *old;
	array_t *entries;
	u_int split_clients = 0;
	char *path;

	path = lib->settings->get_str(lib->settings,
								  "%s.plugins.mguard-control.model",
								  MGUARD_DEFAULT_MODEL, lib->ns);
	report = mguard_report_create();
	store = mguard_model_store_acquire();
	model = store->get_model(store, path, report);
	store->destroy(store);
	if (!model)
	{
		report->destroy(report);
		DBG1(DBG_CFG, "mguard-control: model %s is invalid, keeping the "
			 "tranche pools", path);
		return;
	}
	report->destroy(report);

	entries = array_create(0, 0);
	enumerator = mguard_model_create_connection_enumerator(model);
	while (enumerator->enumerate(enumerator, &conn))
	{
		if (conn->initial_mode != MGUARD_MODE_DISABLED &&
			conn->mode_config.mode == MGUARD_MC_CLIENT &&
			!conn->mode_config.remote_fixed)
		{
			split_clients++;
		}
		if (conn->initial_mode == MGUARD_MODE_DISABLED ||
			conn->mode_config.mode != MGUARD_MC_SERVER ||
			conn->mode_config.remote_table)
		{
			continue;
		}
		entry = entry_create(conn);
		if (!entry)
		{
			continue;
		}
		old = find_entry(this, entry->pool->get_name(entry->pool));
		if (old && old->base == entry->base && old->prefix == entry->prefix &&
			old->tranche == entry->tranche)
		{	/* the same pool: its leases stay */
			entry->pool->destroy(entry->pool);
			entry->pool = old->pool;
			old->pool = NULL;
		}
		array_insert(entries, ARRAY_TAIL, entry);
		DBG2(DBG_CFG, "mguard-control: pool %s, tranches of /%u",
			 entry->pool->get_name(entry->pool), entry->tranche);
	}
	enumerator->destroy(enumerator);
	mguard_model_destroy(model);

	array_destroy_function(this->entries, (void*)entry_destroy, NULL);
	this->entries = entries;
	update_pools(this);
	if (!lib->settings->get_bool(lib->settings, "%s.cisco_unity", FALSE,
								 lib->ns))
	{
		if (array_count(entries))
		{
			DBG1(DBG_CFG, "mguard-control: charon.cisco_unity is off: Mode "
				 "Config clients learn the local networks only as "
				 "INTERNAL_IP4_SUBNET, IKEv1 carries just one of them "
				 "without Unity split tunneling");
		}
		if (split_clients)
		{
			DBG1(DBG_CFG, "mguard-control: charon.cisco_unity is off: Mode "
				 "Config clients with remote_mode = server cannot take the "
				 "server's split tunneling networks, they get what the "
				 "server narrows 0.0.0.0/0 to");
		}
	}
}

/**
 * Identity a lease belongs to: the XAuth/EAP identity, else the IKE one;
 * FALSE if it is too long to keep (cut, two could share a tranche)
 */
static bool lease_id(ike_sa_t *ike_sa, char *buf, size_t len)
{
	return snprintf(buf, len, "%Y", ike_sa->get_other_eap_id(ike_sa)) <
				(int)len;
}

METHOD(attribute_provider_t, acquire_address, host_t*,
	private_mguard_control_tranche_t *this, linked_list_t *pools,
	ike_sa_t *ike_sa, host_t *requested)
{
	char id[MGUARD_TRANCHE_FILE_ID_MAX + 1];
	enumerator_t *enumerator;
	host_t *vip = NULL, *host;
	entry_t *entry;
	uint32_t net, addr;
	u_int changes;
	char *name;

	if (requested->get_family(requested) != AF_INET)
	{
		return NULL;
	}
	if (!lease_id(ike_sa, id, sizeof(id)))
	{
		DBG1(DBG_CFG, "mguard-control: the identity '%Y' is longer than %d "
			 "characters, no tranche for it", ike_sa->get_other_eap_id(ike_sa),
			 MGUARD_TRANCHE_FILE_ID_MAX);
		return NULL;
	}
	this->mutex->lock(this->mutex);
	enumerator = pools->create_enumerator(pools);
	while (!vip && enumerator->enumerate(enumerator, &name))
	{
		entry = find_entry(this, name);
		if (!entry)
		{
			continue;
		}
		changes = entry->pool->get_changes(entry->pool);
		if (!entry->pool->acquire(entry->pool, id, &net))
		{
			DBG1(DBG_CFG, "mguard-control: pool %s is exhausted, no tranche "
				 "left for '%s'", name, id);
			continue;
		}
		addr = htonl(mguard_tranche_address(net, entry->tranche));
		vip = host_create_from_chunk(AF_INET, chunk_from_thing(addr), 0);
		net = htonl(net);
		host = host_create_from_chunk(AF_INET, chunk_from_thing(net), 0);
		DBG1(DBG_CFG, "mguard-control: tranche %H/%u of pool %s for '%s', "
			 "address %H", host, entry->tranche, name, id, vip);
		host->destroy(host);
		if (entry->pool->get_changes(entry->pool) != changes)
		{	/* a returning identity changes nothing the file keeps */
			save(this, FALSE);
		}
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	return vip;
}

METHOD(attribute_provider_t, release_address, bool,
	private_mguard_control_tranche_t *this, linked_list_t *pools,
	host_t *address, ike_sa_t *ike_sa)
{
	char id[MGUARD_TRANCHE_FILE_ID_MAX + 1];
	enumerator_t *enumerator;
	entry_t *entry;
	bool found = FALSE;
	char *name;

	if (address->get_family(address) != AF_INET)
	{
		return FALSE;
	}
	if (!lease_id(ike_sa, id, sizeof(id)))
	{
		return FALSE;
	}
	this->mutex->lock(this->mutex);
	enumerator = pools->create_enumerator(pools);
	while (!found && enumerator->enumerate(enumerator, &name))
	{
		entry = find_entry(this, name);
		if (entry &&
			entry->pool->release(entry->pool, addr_of(address), id))
		{
			DBG1(DBG_CFG, "mguard-control: '%s' released the tranche of %H "
				 "in pool %s", id, address, name);
			found = TRUE;
		}
	}
	enumerator->destroy(enumerator);
	if (this->dirty)
	{
		save(this, FALSE);
	}
	this->mutex->unlock(this->mutex);
	return found;
}

CALLBACK(attr_filter, bool,
	void *null, enumerator_t *orig, va_list args)
{
	configuration_attribute_type_t *type;
	chunk_t *value;
	attr_t *attr;

	VA_ARGS_VGET(args, type, value);
	if (orig->enumerate(orig, &attr))
	{
		*type = attr->type;
		*value = attr->value;
		return TRUE;
	}
	return FALSE;
}

CALLBACK(attr_list_destroy, void,
	linked_list_t *list)
{
	list->destroy_function(list, (void*)attr_destroy);
}

/**
 * Copy of an attribute
 */
static attr_t *attr_clone(configuration_attribute_type_t type, chunk_t value)
{
	attr_t *attr;

	INIT(attr,
		.type = type,
		.value = chunk_clone(value),
	);
	return attr;
}

METHOD(attribute_provider_t, create_attribute_enumerator, enumerator_t*,
	private_mguard_control_tranche_t *this, linked_list_t *pools,
	ike_sa_t *ike_sa, linked_list_t *vips)
{
	enumerator_t *enumerator, *attrs, *hosts;
	linked_list_t *list = NULL;
	entry_t *entry;
	attr_t *attr;
	host_t *vip;
	uint32_t mask;
	char *name;

	this->mutex->lock(this->mutex);
	enumerator = pools->create_enumerator(pools);
	while (!list && enumerator->enumerate(enumerator, &name))
	{
		entry = find_entry(this, name);
		if (!entry)
		{
			continue;
		}
		hosts = vips->create_enumerator(vips);
		while (hosts->enumerate(hosts, &vip))
		{
			if (vip->get_family(vip) == AF_INET &&
				entry->pool->contains(entry->pool, addr_of(vip)))
			{
				break;
			}
			vip = NULL;
		}
		hosts->destroy(hosts);
		if (!vip)
		{
			continue;
		}
		/* copies: a reload may replace the entry while charon sends them */
		list = linked_list_create();
		mask = htonl(mguard_tranche_mask(entry->tranche));
		list->insert_last(list, attr_clone(INTERNAL_IP4_NETMASK,
										   chunk_from_thing(mask)));
		attrs = entry->attrs->create_enumerator(entry->attrs);
		while (attrs->enumerate(attrs, &attr))
		{
			list->insert_last(list, attr_clone(attr->type, attr->value));
		}
		attrs->destroy(attrs);
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	if (!list)
	{
		return NULL;
	}
	return enumerator_create_filter(list->create_enumerator(list),
									attr_filter, list, attr_list_destroy);
}

METHOD(mguard_control_tranche_t, get_tranche, bool,
	private_mguard_control_tranche_t *this, linked_list_t *pools,
	host_t *vip, traffic_selector_t **ts)
{
	enumerator_t *enumerator;
	entry_t *entry;
	bool ours = FALSE;
	uint32_t net;
	host_t *host;
	char *name;

	*ts = NULL;
	this->mutex->lock(this->mutex);
	enumerator = pools->create_enumerator(pools);
	while (!*ts && enumerator->enumerate(enumerator, &name))
	{
		entry = find_entry(this, name);
		if (!entry)
		{
			continue;
		}
		ours = TRUE;
		if (vip && vip->get_family(vip) == AF_INET &&
			entry->pool->contains(entry->pool, addr_of(vip)))
		{
			net = htonl(addr_of(vip) & mguard_tranche_mask(entry->tranche));
			host = host_create_from_chunk(AF_INET, chunk_from_thing(net), 0);
			*ts = traffic_selector_create_from_subnet(host, entry->tranche, 0,
													  0, 65535);
		}
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	return ours;
}

METHOD(mguard_control_tranche_t, reload, void,
	private_mguard_control_tranche_t *this)
{
	this->mutex->lock(this->mutex);
	read_model(this);
	this->mutex->unlock(this->mutex);
}

METHOD(mguard_control_tranche_t, destroy, void,
	private_mguard_control_tranche_t *this)
{
	if (this->dirty)
	{
		save(this, TRUE);
	}
	array_destroy_function(this->entries, (void*)entry_destroy, NULL);
	array_destroy(this->pools);
	this->mutex->destroy(this->mutex);
	free(this->path);
	free(this->dir);
	free(this);
}

/*
 * Described in header
 */
mguard_control_tranche_t *mguard_control_tranche_create()
{
	private_mguard_control_tranche_t *this;
	char *dir;

	INIT(this,
		.public = {
			.provider = {
				.acquire_address = _acquire_address,
				.release_address = _release_address,
				.create_attribute_enumerator = _create_attribute_enumerator,
			},
			.get_tranche = _get_tranche,
			.reload = _reload,
			.destroy = _destroy,
		},
		.entries = array_create(0, 0),
		.pools = array_create(0, 0),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	dir = lib->settings->get_str(lib->settings,
								 "%s.plugins.mguard-control.state_dir",
								 DEFAULT_STATE_DIR, lib->ns);
	if (asprintf(&this->path, "%s/%s", dir, MGUARD_TRANCHE_STATE_FILE) < 0)
	{
		this->path = NULL;
	}
	this->dir = strdup(dir);
	read_model(this);
	load(this);
	return &this->public;
}
