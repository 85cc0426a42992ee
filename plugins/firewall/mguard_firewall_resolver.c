/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_resolver.h"

#include <netdb.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <collections/hashtable.h>
#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>
#include <threading/condvar.h>
#include <utils/debug.h>

typedef struct private_mguard_firewall_resolver_t
			private_mguard_firewall_resolver_t;

struct private_mguard_firewall_resolver_t {

	/** public interface */
	mguard_firewall_resolver_t public;

	/** core to rebuild */
	mguard_firewall_manager_t *manager;

	/** name => array_t of uint32_t, as the rules use them */
	hashtable_t *names;

	/** generation of the latest resolve() */
	u_int gen;

	/** jobs queued or running */
	u_int jobs;

	/** protects everything above */
	mutex_t *mutex;

	/** signals the end of a job */
	condvar_t *done;
};

/** a job's work */
typedef struct {
	private_mguard_firewall_resolver_t *this;
	mguard_model_t *model;
	u_int gen;
} job_data_t;

static void names_destroy(hashtable_t *names)
{
	enumerator_t *enumerator;
	array_t *addrs;
	char *name;

	enumerator = names->create_enumerator(names);
	while (enumerator->enumerate(enumerator, &name, &addrs))
	{
		free(name);
		array_destroy(addrs);
	}
	enumerator->destroy(enumerator);
	names->destroy(names);
}

/**
 * Host names of a model's IP groups, in a fresh table with empty arrays
 */
static hashtable_t *model_names(mguard_model_t *model)
{
	enumerator_t *groups, *entries;
	mguard_group_t *group;
	mguard_addr_t *addr;
	hashtable_t *names;

	names = hashtable_create(hashtable_hash_str, hashtable_equals_str, 8);
	groups = model->ip_groups->create_enumerator(model->ip_groups);
	while (groups->enumerate(groups, &group))
	{
		entries = group->entries->create_enumerator(group->entries);
		while (entries->enumerate(entries, &addr))
		{
			if (addr->type == MGUARD_ADDR_HOSTNAME &&
				!names->get(names, addr->str))
			{
				names->put(names, strdup(addr->str),
						   array_create(sizeof(uint32_t), 0));
			}
		}
		entries->destroy(entries);
	}
	groups->destroy(groups);
	return names;
}

/**
 * IPv4 addresses of a name (blocking)
 */
static void resolve_name(const char *name, array_t *out)
{
	struct addrinfo hints = {
		.ai_family = AF_INET,
		.ai_socktype = SOCK_DGRAM,
	}, *res, *ai;
	uint32_t a, b;
	int err, i;
	bool dup;

	err = getaddrinfo(name, NULL, &hints, &res);
	if (err)
	{
		DBG1(DBG_CFG, "mguard-firewall: IP group host %s does not resolve "
			 "(%s), it matches nothing", name, gai_strerror(err));
		return;
	}
	for (ai = res; ai; ai = ai->ai_next)
	{
		a = ntohl(((struct sockaddr_in*)ai->ai_addr)->sin_addr.s_addr);
		dup = FALSE;
		for (i = 0; i < array_count(out); i++)
		{
			array_get(out, i, &b);
			dup = dup || a == b;
		}
		if (!dup)
		{
			array_insert(out, ARRAY_TAIL, &a);
		}
	}
	freeaddrinfo(res);
	DBG2(DBG_CFG, "mguard-firewall: IP group host %s has %u addresses",
		 name, array_count(out));
}

static bool same_addrs(array_t *a, array_t *b)
{
	uint32_t x, y;
	int i;

	if (!a || !b || array_count(a) != array_count(b))
	{
		return a == b;
	}
	for (i = 0; i < array_count(a); i++)
	{
		array_get(a, i, &x);
		array_get(b, i, &y);
		if (x != y)
		{
			return FALSE;
		}
	}
	return TRUE;
}

/**
 * Whether two tables hold the same names with the same addresses
 */
static bool same_names(hashtable_t *a, hashtable_t *b)
{
	enumerator_t *enumerator;
	array_t *addrs;
	char *name;
	bool same;

	same = a->get_count(a) == b->get_count(b);
	enumerator = a->create_enumerator(a);
	while (same && enumerator->enumerate(enumerator, &name, &addrs))
	{
		same = same_addrs(addrs, b->get(b, name));
	}
	enumerator->destroy(enumerator);
	return same;
}

static job_requeue_t resolve_job(job_data_t *data)
{
	private_mguard_firewall_resolver_t *this = data->this;
	enumerator_t *enumerator;
	hashtable_t *names, *old = NULL;
	array_t *addrs;
	char *name;

	/* blocking lookups, outside of any lock */
	names = model_names(data->model);
	enumerator = names->create_enumerator(names);
	while (enumerator->enumerate(enumerator, &name, &addrs))
	{
		resolve_name(name, addrs);
	}
	enumerator->destroy(enumerator);

	this->mutex->lock(this->mutex);
	if (data->gen == this->gen && !same_names(names, this->names))
	{
		old = this->names;
		this->names = names;
		names = NULL;
	}
	this->mutex->unlock(this->mutex);
	if (old)
	{	/* the filter looks the new addresses up while rebuilding */
		DBG1(DBG_CFG, "mguard-firewall: addresses of IP group hosts "
			 "changed, applying them");
		this->manager->set_model(this->manager, data->model, TRUE);
		names_destroy(old);
	}
	if (names)
	{
		names_destroy(names);
	}
	return JOB_REQUEUE_NONE;
}

static void job_data_destroy(job_data_t *data)
{
	private_mguard_firewall_resolver_t *this = data->this;

	mguard_model_destroy(data->model);
	free(data);
	this->mutex->lock(this->mutex);
	this->jobs--;
	this->done->broadcast(this->done);
	this->mutex->unlock(this->mutex);
}

METHOD(mguard_firewall_resolver_t, lookup, bool,
	private_mguard_firewall_resolver_t *this, const char *host, array_t *out)
{
	array_t *addrs;
	uint32_t a;
	int i;

	this->mutex->lock(this->mutex);
	addrs = this->names->get(this->names, host);
	for (i = 0; addrs && i < array_count(addrs); i++)
	{
		array_get(addrs, i, &a);
		array_insert(out, ARRAY_TAIL, &a);
	}
	this->mutex->unlock(this->mutex);
	return addrs && array_count(addrs);
}

METHOD(mguard_firewall_resolver_t, resolve, void,
	private_mguard_firewall_resolver_t *this, mguard_model_t *model)
{
	hashtable_t *names;
	job_data_t *data;
	bool any;

	if (!model || !this->manager)
	{
		return;
	}
	names = model_names(model);
	any = names->get_count(names) > 0;
	names_destroy(names);
	this->mutex->lock(this->mutex);
	this->gen++;
	if (!any)
	{
		this->mutex->unlock(this->mutex);
		return;
	}
	INIT(data,
		.this = this,
		.model = mguard_model_get_ref(model),
		.gen = this->gen,
	);
	this->jobs++;
	this->mutex->unlock(this->mutex);
	lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create((callback_job_cb_t)resolve_job, data,
							(callback_job_cleanup_t)job_data_destroy, NULL));
}

METHOD(mguard_firewall_resolver_t, destroy, void,
	private_mguard_firewall_resolver_t *this)
{
	this->mutex->lock(this->mutex);
	this->gen++;
	while (this->jobs)
	{
		this->done->wait(this->done, this->mutex);
	}
	this->mutex->unlock(this->mutex);
	names_destroy(this->names);
	this->done->destroy(this->done);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * See header
 */
mguard_firewall_resolver_t *mguard_firewall_resolver_create()
{
	private_mguard_firewall_resolver_t *this;

	INIT(this,
		.public = {
			.lookup = _lookup,
			.resolve = _resolve,
			.destroy = _destroy,
		},
		.names = hashtable_create(hashtable_hash_str, hashtable_equals_str,
								  8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.done = condvar_create(CONDVAR_TYPE_DEFAULT),
	);
	return &this->public;
}

/*
 * See header
 */
void mguard_firewall_resolver_set_manager(mguard_firewall_resolver_t *this,
										  mguard_firewall_manager_t *manager)
{
	((private_mguard_firewall_resolver_t*)this)->manager = manager;
}

/*
 * See header
 */
bool mguard_firewall_resolver_lookup(void *data, const char *host,
									 array_t *out)
{
	mguard_firewall_resolver_t *this = data;

	return this->lookup(this, host, out);
}
