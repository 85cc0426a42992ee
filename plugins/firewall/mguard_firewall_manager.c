/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_manager.h"
#include "mguard_firewall_child.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <collections/hashtable.h>
#include <collections/array.h>
#include <threading/mutex.h>
#include <utils/debug.h>

typedef struct private_mguard_firewall_manager_t
			private_mguard_firewall_manager_t;

/**
 * An installed CHILD_SA, by reqid.
 */
typedef struct {
	/** the child */
	mguard_firewall_child_t *child;
	/** CHILD_SAs that share this reqid */
	u_int refs;
} entry_t;

/**
 * A tunnel of the model, by CHILD_SA name.
 */
typedef struct {
	/** "<connection key>-<tunnel key>" */
	char name[512];
	mguard_connection_t *conn;
	mguard_tunnel_t *tunnel;
} model_entry_t;

struct private_mguard_firewall_manager_t {

	/** public interface */
	mguard_firewall_manager_t public;

	/** netlink socket */
	mguard_firewall_nl_t *nl;

	/** the table as parts see it */
	mguard_firewall_table_t table;

	/** table name (owned) */
	char *table_name;

	/** TUN device name (owned) */
	char *tun;

	/** parts, mguard_firewall_part_t */
	array_t *parts;

	/** reqid => entry_t */
	hashtable_t *entries;

	/** CHILD_SA name => model_entry_t of the current model */
	hashtable_t *names;

	/** serialises everything */
	mutex_t *mutex;
};

static u_int hash_reqid(const void *key)
{
	return chunk_hash(chunk_create((u_char*)key, sizeof(uint32_t)));
}

static bool equals_reqid(const void *a, const void *b)
{
	return *(const uint32_t*)a == *(const uint32_t*)b;
}

/**
 * Index the model's tunnels by CHILD_SA name
 */
static void index_model(private_mguard_firewall_manager_t *this)
{
	enumerator_t *conns, *tunnels;
	mguard_connection_t *conn;
	mguard_tunnel_t *tunnel;
	model_entry_t *entry;

	conns = this->names->create_enumerator(this->names);
	while (conns->enumerate(conns, NULL, &entry))
	{
		this->names->remove_at(this->names, conns);
		free(entry);
	}
	conns->destroy(conns);
	if (!this->table.model)
	{
		return;
	}
	conns = mguard_model_create_connection_enumerator(this->table.model);
	while (conns->enumerate(conns, &conn))
	{
		tunnels = mguard_connection_create_tunnel_enumerator(conn, TRUE);
		while (tunnels->enumerate(tunnels, &tunnel))
		{
			INIT(entry,
				.conn = conn,
				.tunnel = tunnel,
			);
			mguard_tunnel_child_name(conn, tunnel, entry->name,
									 sizeof(entry->name));
			/* the first connection wins on a name that repeats */
			if (this->names->get(this->names, entry->name))
			{
				free(entry);
				continue;
			}
			this->names->put(this->names, entry->name, entry);
		}
		tunnels->destroy(tunnels);
	}
	conns->destroy(conns);
}

/**
 * Point a child at its connection and tunnel in the current model
 */
static void resolve_child(private_mguard_firewall_manager_t *this,
						  mguard_firewall_child_t *child)
{
	model_entry_t *entry;

	entry = this->names->get(this->names, child->name);
	child->conn = entry ? entry->conn : NULL;
	child->tunnel = entry ? entry->tunnel : NULL;
}

/**
 * Add the objects of every part for a child
 */
static bool parts_up(private_mguard_firewall_manager_t *this,
					 mguard_firewall_child_t *child,
					 mguard_firewall_batch_t *batch)
{
	mguard_firewall_part_t *part;
	bool ok = TRUE;
	int i;

	for (i = 0; i < array_count(this->parts); i++)
	{
		array_get(this->parts, i, &part);
		if (!part->up(part, &this->table, child, batch))
		{
			ok = FALSE;
		}
	}
	return ok;
}

/**
 * Remove the objects of every part for a child, in reverse order
 */
static void parts_down(private_mguard_firewall_manager_t *this,
					   mguard_firewall_child_t *child,
					   mguard_firewall_batch_t *batch)
{
	mguard_firewall_part_t *part;
	int i;

	for (i = array_count(this->parts) - 1; i >= 0; i--)
	{
		array_get(this->parts, i, &part);
		part->down(part, &this->table, child, batch);
	}
}

/**
 * Tell every part whether the batch it added to took effect
 */
static void parts_done(private_mguard_firewall_manager_t *this, bool ok)
{
	mguard_firewall_part_t *part;
	int i;

	for (i = 0; i < array_count(this->parts); i++)
	{
		array_get(this->parts, i, &part);
		if (part->done)
		{
			part->done(part, ok);
		}
	}
}

/**
 * A table message for our table
 */
static struct nftnl_table *table_msg(private_mguard_firewall_manager_t *this)
{
	struct nftnl_table *table;

	table = nftnl_table_alloc();
	nftnl_table_set_str(table, NFTNL_TABLE_NAME, this->table_name);
	nftnl_table_set_u32(table, NFTNL_TABLE_FAMILY, MGUARD_FIREWALL_FAMILY);
	return table;
}

/**
 * Build the whole table in one batch, replacing any table of that name.
 * Every child is (re)installed; on failure none is.
 */
static bool rebuild(private_mguard_firewall_manager_t *this, const char *why)
{
	mguard_firewall_batch_t *batch;
	mguard_firewall_part_t *part;
	enumerator_t *enumerator;
	entry_t *entry;
	bool ok = TRUE;
	int i, ret;

	batch = this->nl->create_batch(this->nl, MGUARD_FIREWALL_FAMILY);
	/* create (if missing), delete, create: replaces a stale table
	 * atomically and leaves every other table alone */
	batch->add_table(batch, NFT_MSG_NEWTABLE, NLM_F_CREATE, table_msg(this));
	batch->add_table(batch, NFT_MSG_DELTABLE, 0, table_msg(this));
	batch->add_table(batch, NFT_MSG_NEWTABLE, NLM_F_CREATE | NLM_F_EXCL,
					 table_msg(this));
	for (i = 0; i < array_count(this->parts); i++)
	{
		array_get(this->parts, i, &part);
		if (!part->setup(part, &this->table, batch))
		{
			ok = FALSE;
		}
	}
	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, NULL, &entry))
	{
		resolve_child(this, entry->child);
		if (!parts_up(this, entry->child, batch))
		{
			ok = FALSE;
		}
	}
	enumerator->destroy(enumerator);

	ret = ok ? batch->commit(batch) : -EINVAL;
	parts_done(this, ret == 0);
	if (ret)
	{
		DBG1(DBG_KNL, "mguard-firewall: building table %s (%s) failed, "
			 "keeping the previous rules: %s", this->table_name, why,
			 ok ? batch->get_error(batch) : "rules of the model not built");
	}
	else
	{
		DBG1(DBG_KNL, "mguard-firewall: table %s built (%s): %u CHILD_SAs, "
			 "%u messages", this->table_name, why,
			 this->entries->get_count(this->entries),
			 batch->get_count(batch));
	}
	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, NULL, &entry))
	{	/* a failed rebuild leaves the previous state of every child */
		if (!ret)
		{
			entry->child->installed = TRUE;
		}
	}
	enumerator->destroy(enumerator);
	batch->destroy(batch);
	return ret == 0;
}

METHOD(mguard_firewall_manager_t, add_part, void,
	private_mguard_firewall_manager_t *this, mguard_firewall_part_t *part)
{
	array_insert(this->parts, ARRAY_TAIL, part);
}

/**
 * Replace the model (a reference is taken)
 */
static void replace_model(private_mguard_firewall_manager_t *this,
						  mguard_model_t *model)
{
	if (model)
	{
		mguard_model_get_ref(model);
	}
	mguard_model_destroy(this->table.model);
	this->table.model = model;
	index_model(this);
}

METHOD(mguard_firewall_manager_t, start, bool,
	private_mguard_firewall_manager_t *this, mguard_model_t *model)
{
	bool ok;

	this->mutex->lock(this->mutex);
	replace_model(this, model);
	ok = rebuild(this, "start");
	this->mutex->unlock(this->mutex);
	return ok;
}

METHOD(mguard_firewall_manager_t, set_model, bool,
	private_mguard_firewall_manager_t *this, mguard_model_t *model,
	bool force)
{
	mguard_model_t *old;
	bool ok;

	this->mutex->lock(this->mutex);
	if (model == this->table.model && !force)
	{
		this->mutex->unlock(this->mutex);
		return TRUE;
	}
	old = this->table.model ? mguard_model_get_ref(this->table.model) : NULL;
	replace_model(this, model);
	ok = rebuild(this, "new model");
	if (!ok)
	{	/* the kernel still has the rules of the old model: keep it, so
		 * that down() removes what exists */
		replace_model(this, old);
		enumerator_t *enumerator;
		entry_t *entry;

		enumerator = this->entries->create_enumerator(this->entries);
		while (enumerator->enumerate(enumerator, NULL, &entry))
		{
			resolve_child(this, entry->child);
		}
		enumerator->destroy(enumerator);
	}
	mguard_model_destroy(old);
	this->mutex->unlock(this->mutex);
	return ok;
}

/**
 * Install a new child in one batch
 */
static bool install(private_mguard_firewall_manager_t *this,
					mguard_firewall_child_t *child)
{
	mguard_firewall_batch_t *batch;
	int ret;

	batch = this->nl->create_batch(this->nl, MGUARD_FIREWALL_FAMILY);
	ret = parts_up(this, child, batch) ? batch->commit(batch) : -EINVAL;
	parts_done(this, ret == 0);
	if (ret == -ENOENT)
	{	/* someone removed our table (nft flush ruleset): rebuild it with
		 * every child, this one included */
		batch->destroy(batch);
		DBG1(DBG_KNL, "mguard-firewall: table %s is gone, rebuilding it",
			 this->table_name);
		return rebuild(this, "table vanished");
	}
	if (ret)
	{
		DBG1(DBG_KNL, "mguard-firewall: rules of CHILD_SA %s (reqid %u) not "
			 "installed, its traffic is blocked: %s", child->name,
			 child->reqid, ret == -EINVAL && !batch->get_count(batch) ?
			 "rules not built" : batch->get_error(batch));
	}
	else
	{
		child->installed = TRUE;
		DBG2(DBG_KNL, "mguard-firewall: rules of CHILD_SA %s (reqid %u) "
			 "installed%s", child->name, child->reqid,
			 child->conn ? "" : " (not in the model: unfiltered)");
	}
	batch->destroy(batch);
	return ret == 0;
}

METHOD(mguard_firewall_manager_t, child_up, bool,
	private_mguard_firewall_manager_t *this, mguard_firewall_child_t *child)
{
	entry_t *entry;
	bool ok;

	this->mutex->lock(this->mutex);
	entry = this->entries->get(this->entries, &child->reqid);
	if (entry)
	{
		entry->refs++;
		ok = entry->child->installed;
		this->mutex->unlock(this->mutex);
		mguard_firewall_child_destroy(child);
		return ok;
	}
	INIT(entry,
		.child = child,
		.refs = 1,
	);
	this->entries->put(this->entries, &child->reqid, entry);
	resolve_child(this, child);
	if (child->tun && !streq(child->tun, this->tun))
	{	/* kernel-libipsec named its device differently than assumed */
		free(this->tun);
		this->tun = strdup(child->tun);
		this->table.tun = this->tun;
		ok = rebuild(this, "new TUN device");
	}
	else
	{
		ok = install(this, child);
	}
	this->mutex->unlock(this->mutex);
	return ok;
}

METHOD(mguard_firewall_manager_t, child_down, void,
	private_mguard_firewall_manager_t *this, uint32_t reqid)
{
	mguard_firewall_batch_t *batch;
	entry_t *entry;
	int ret = 0;

	this->mutex->lock(this->mutex);
	entry = this->entries->get(this->entries, &reqid);
	if (!entry || --entry->refs)
	{
		this->mutex->unlock(this->mutex);
		return;
	}
	this->entries->remove(this->entries, &reqid);
	batch = this->nl->create_batch(this->nl, MGUARD_FIREWALL_FAMILY);
	parts_down(this, entry->child, batch);
	if (entry->child->installed)
	{
		ret = batch->commit(batch);
	}
	parts_done(this, entry->child->installed && ret == 0);
	if (ret && ret != -ENOENT)
	{
		DBG1(DBG_KNL, "mguard-firewall: removing the rules of CHILD_SA %s "
			 "(reqid %u) failed: %s", entry->child->name, reqid,
			 batch->get_error(batch));
	}
	batch->destroy(batch);
	this->mutex->unlock(this->mutex);
	mguard_firewall_child_destroy(entry->child);
	free(entry);
}

METHOD(mguard_firewall_manager_t, get_count, u_int,
	private_mguard_firewall_manager_t *this)
{
	u_int count;

	this->mutex->lock(this->mutex);
	count = this->entries->get_count(this->entries);
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(mguard_firewall_manager_t, destroy, void,
	private_mguard_firewall_manager_t *this)
{
	mguard_firewall_batch_t *batch;
	mguard_firewall_part_t *part;
	enumerator_t *enumerator;
	entry_t *entry;

	/* the table goes as a whole: parts undo only their work outside it */
	batch = this->nl->create_batch(this->nl, MGUARD_FIREWALL_FAMILY);
	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, NULL, &entry))
	{
		entry->child->installed = FALSE;
		parts_down(this, entry->child, batch);
		mguard_firewall_child_destroy(entry->child);
		free(entry);
	}
	enumerator->destroy(enumerator);
	batch->destroy(batch);
	batch = this->nl->create_batch(this->nl, MGUARD_FIREWALL_FAMILY);
	batch->add_table(batch, NFT_MSG_DELTABLE, 0, table_msg(this));
	if (batch->commit(batch) && batch->get_count(batch))
	{
		DBG1(DBG_KNL, "mguard-firewall: deleting table %s failed: %s",
			 this->table_name, batch->get_error(batch));
	}
	batch->destroy(batch);
	while (array_remove(this->parts, ARRAY_TAIL, &part))
	{
		part->destroy(part);
	}
	array_destroy(this->parts);
	this->entries->destroy(this->entries);
	replace_model(this, NULL);
	this->names->destroy(this->names);
	this->nl->destroy(this->nl);
	this->mutex->destroy(this->mutex);
	free(this->table_name);
	free(this->tun);
	free(this);
}

/*
 * See header
 */
mguard_firewall_manager_t *mguard_firewall_manager_create(
				mguard_firewall_nl_t *nl, const char *table, const char *tun)
{
	private_mguard_firewall_manager_t *this;

	INIT(this,
		.public = {
			.add_part = _add_part,
			.start = _start,
			.set_model = _set_model,
			.child_up = _child_up,
			.child_down = _child_down,
			.get_count = _get_count,
			.destroy = _destroy,
		},
		.nl = nl,
		.table_name = strdup(table),
		.tun = strdup(tun),
		.parts = array_create(0, 4),
		.entries = hashtable_create(hash_reqid, equals_reqid, 1024),
		.names = hashtable_create(hashtable_hash_str, hashtable_equals_str,
								  128),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	this->table.name = this->table_name;
	this->table.tun = this->tun;
	return &this->public;
}
