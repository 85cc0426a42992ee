/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_batch.h"

#include <errno.h>
#include <poll.h>
#include <time.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>

#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <libnftnl/batch.h>

#include <collections/array.h>
#include <utils/debug.h>

/** how long the kernel may take to answer a batch, in ms */
#define ACK_TIMEOUT 5000

/** receive buffer reserved per acknowledgement (skb truesize) */
#define ACK_TRUESIZE 1024

/** upper bound for the socket buffers we ask for */
#define MAX_SOCKBUF (256 * 1024 * 1024)

typedef struct private_mguard_firewall_nl_t private_mguard_firewall_nl_t;
typedef struct private_mguard_firewall_batch_t private_mguard_firewall_batch_t;

struct private_mguard_firewall_nl_t {

	/** public interface */
	mguard_firewall_nl_t public;

	/** netlink socket */
	struct mnl_socket *nl;

	/** our port id */
	uint32_t portid;

	/** next sequence number */
	uint32_t seq;

	/** socket buffer sizes set so far */
	int sndbuf, rcvbuf;
};

/**
 * What a message of the batch was about, for error messages.
 */
typedef struct {
	/** sequence number of the message */
	uint32_t seq;
	/** "chain in_7" */
	char what[72];
} msg_desc_t;

struct private_mguard_firewall_batch_t {

	/** public interface */
	mguard_firewall_batch_t public;

	/** socket */
	private_mguard_firewall_nl_t *nl;

	/** message family */
	uint16_t family;

	/** libnftnl batch */
	struct nftnl_batch *batch;

	/** sequence number of the batch begin message */
	uint32_t begin;

	/** object messages, msg_desc_t */
	array_t *msgs;

	/** first error */
	char error[256];

	/** description copied out by describe() */
	msg_desc_t found;
};

/**
 * Start an object message, return its header.
 */
static struct nlmsghdr *msg_start(private_mguard_firewall_batch_t *this,
								  uint16_t type, uint16_t flags,
								  const char *kind, const char *name,
								  const char *name2)
{
	msg_desc_t desc = {
		.seq = this->nl->seq++,
	};

	snprintf(desc.what, sizeof(desc.what), "%s %s%s%s", kind,
			 name ?: "?", name2 ? " " : "", name2 ?: "");
	array_insert(this->msgs, ARRAY_TAIL, &desc);
	return nftnl_nlmsg_build_hdr(nftnl_batch_buffer(this->batch), type,
								 this->family, flags | NLM_F_ACK, desc.seq);
}

METHOD(mguard_firewall_batch_t, add_table, void,
	private_mguard_firewall_batch_t *this, uint16_t type, uint16_t flags,
	struct nftnl_table *table)
{
	struct nlmsghdr *nlh;

	nlh = msg_start(this, type, flags, "table",
				nftnl_table_get_str(table, NFTNL_TABLE_NAME), NULL);
	nftnl_table_nlmsg_build_payload(nlh, table);
	nftnl_batch_update(this->batch);
	nftnl_table_free(table);
}

METHOD(mguard_firewall_batch_t, add_chain, void,
	private_mguard_firewall_batch_t *this, uint16_t type, uint16_t flags,
	struct nftnl_chain *chain)
{
	struct nlmsghdr *nlh;

	nlh = msg_start(this, type, flags, "chain",
				nftnl_chain_get_str(chain, NFTNL_CHAIN_NAME), NULL);
	nftnl_chain_nlmsg_build_payload(nlh, chain);
	nftnl_batch_update(this->batch);
	nftnl_chain_free(chain);
}

METHOD(mguard_firewall_batch_t, add_rule, void,
	private_mguard_firewall_batch_t *this, uint16_t type, uint16_t flags,
	struct nftnl_rule *rule)
{
	struct nlmsghdr *nlh;

	nlh = msg_start(this, type, flags, "rule in chain",
				nftnl_rule_get_str(rule, NFTNL_RULE_CHAIN), NULL);
	nftnl_rule_nlmsg_build_payload(nlh, rule);
	nftnl_batch_update(this->batch);
	nftnl_rule_free(rule);
}

METHOD(mguard_firewall_batch_t, add_set, void,
	private_mguard_firewall_batch_t *this, uint16_t type, uint16_t flags,
	struct nftnl_set *set)
{
	struct nlmsghdr *nlh;

	nlh = msg_start(this, type, flags, "set",
				nftnl_set_get_str(set, NFTNL_SET_NAME), NULL);
	nftnl_set_nlmsg_build_payload(nlh, set);
	nftnl_batch_update(this->batch);
	nftnl_set_free(set);
}

METHOD(mguard_firewall_batch_t, add_elems, void,
	private_mguard_firewall_batch_t *this, uint16_t type, uint16_t flags,
	struct nftnl_set *set)
{
	struct nlmsghdr *nlh;

	nlh = msg_start(this, type, flags, "elements of set",
				nftnl_set_get_str(set, NFTNL_SET_NAME), NULL);
	nftnl_set_elems_nlmsg_build_payload(nlh, set);
	nftnl_batch_update(this->batch);
	nftnl_set_free(set);
}

METHOD(mguard_firewall_batch_t, get_count, u_int,
	private_mguard_firewall_batch_t *this)
{
	return array_count(this->msgs);
}

METHOD(mguard_firewall_batch_t, get_error, const char*,
	private_mguard_firewall_batch_t *this)
{
	return this->error;
}

/**
 * Grow a socket buffer to at least size (SO_*BUFFORCE needs CAP_NET_ADMIN,
 * fall back to the unprivileged option).
 */
static void grow_buffer(private_mguard_firewall_nl_t *nl, int *cur, int size,
						int force, int plain)
{
	int fd = mnl_socket_get_fd(nl->nl);

	size = min(size, MAX_SOCKBUF);
	if (size <= *cur)
	{
		return;
	}
	if (setsockopt(fd, SOL_SOCKET, force, &size, sizeof(size)) != 0)
	{
		setsockopt(fd, SOL_SOCKET, plain, &size, sizeof(size));
	}
	*cur = size;
}

/**
 * Describe the message with sequence number seq.
 */
static const char *describe(private_mguard_firewall_batch_t *this,
							uint32_t seq)
{
	msg_desc_t *desc;
	uint32_t first;

	/* array_get() copies; the descriptions must outlive this call */
	if (!array_count(this->msgs))
	{
		return "batch";
	}
	array_get(this->msgs, ARRAY_HEAD, &this->found);
	first = this->found.seq;
	if (seq < first || !array_get(this->msgs, seq - first, &this->found))
	{
		return "batch";
	}
	desc = &this->found;
	return desc->what;
}

/**
 * Extended ACK message text of an error, NULL if none.
 */
static const char *extack_msg(struct nlmsghdr *nlh)
{
	struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct nlattr *attr;
	size_t off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
	{
		return NULL;
	}
	off = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
	{
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	}
	if (mnl_nlmsg_get_payload_len(nlh) < off)
	{
		return NULL;
	}
	mnl_attr_for_each_payload((void*)((char*)err + off),
							  mnl_nlmsg_get_payload_len(nlh) - off)
	{
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
			mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		{
			return mnl_attr_get_str(attr);
		}
	}
	return NULL;
}

/**
 * Read acknowledgements until every object message has one (or the batch
 * as a whole failed). Returns the first error.
 */
static int read_acks(private_mguard_firewall_batch_t *this)
{
	char buf[MNL_SOCKET_BUFFER_SIZE * 4];
	struct pollfd pfd = {
		.fd = mnl_socket_get_fd(this->nl->nl),
		.events = POLLIN,
	};
	struct nlmsghdr *nlh;
	struct nlmsgerr *err;
	u_int expected, acked = 0;
	uint32_t first, last;
	int len, ret = 0;
	const char *ext;

	expected = array_count(this->msgs);
	first = this->begin + 1;
	last = first + expected - 1;
	while (acked < expected)
	{
		if (poll(&pfd, 1, ACK_TIMEOUT) <= 0)
		{
			snprintf(this->error, sizeof(this->error), "no answer to %u of "
					 "%u messages", expected - acked, expected);
			return ret ?: -ETIMEDOUT;
		}
		len = mnl_socket_recvfrom(this->nl->nl, buf, sizeof(buf));
		if (len < 0)
		{
			ret = ret ?: -errno;
			snprintf(this->error, sizeof(this->error), "reading answers: %s",
					 strerror(errno));
			return ret;
		}
		nlh = (struct nlmsghdr*)buf;
		while (mnl_nlmsg_ok(nlh, len))
		{
			if (nlh->nlmsg_type == NLMSG_ERROR &&
				nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(*err)) &&
				nlh->nlmsg_pid == this->nl->portid)
			{
				err = mnl_nlmsg_get_payload(nlh);
				if (err->error && !ret)
				{
					ret = err->error;
					ext = extack_msg(nlh);
					snprintf(this->error, sizeof(this->error), "%s: %s%s%s",
							 describe(this, nlh->nlmsg_seq),
							 strerror(-err->error), ext ? " (" : "",
							 ext ? ext : "");
					if (ext)
					{
						strncat(this->error, ")", sizeof(this->error) -
								strlen(this->error) - 1);
					}
				}
				if (nlh->nlmsg_seq == this->begin ||
					nlh->nlmsg_seq == this->begin + expected + 1)
				{	/* the batch itself was refused: nothing else comes */
					return ret ?: -EINVAL;
				}
				if (nlh->nlmsg_seq >= first && nlh->nlmsg_seq <= last)
				{
					acked++;
				}
			}
			nlh = mnl_nlmsg_next(nlh, &len);
		}
	}
	return ret;
}

METHOD(mguard_firewall_batch_t, commit, int,
	private_mguard_firewall_batch_t *this)
{
	struct sockaddr_nl snl = {
		.nl_family = AF_NETLINK,
	};
	struct msghdr msg = {
		.msg_name = &snl,
		.msg_namelen = sizeof(snl),
	};
	struct iovec *iov;
	u_int count;
	size_t total;
	ssize_t sent;
	int ret, n;

	count = array_count(this->msgs);
	if (!count)
	{
		return 0;
	}
	nftnl_batch_end(nftnl_batch_buffer(this->batch), this->nl->seq++);
	nftnl_batch_update(this->batch);

	n = nftnl_batch_iovec_len(this->batch);
	iov = calloc(n, sizeof(*iov));
	nftnl_batch_iovec(this->batch, iov, n);
	msg.msg_iov = iov;
	msg.msg_iovlen = n;
	total = 0;
	for (ret = 0; ret < n; ret++)
	{
		total += iov[ret].iov_len;
	}
	grow_buffer(this->nl, &this->nl->sndbuf, total + 4096, SO_SNDBUFFORCE,
				SO_SNDBUF);
	grow_buffer(this->nl, &this->nl->rcvbuf, count * ACK_TRUESIZE + 65536,
				SO_RCVBUFFORCE, SO_RCVBUF);

	sent = sendmsg(mnl_socket_get_fd(this->nl->nl), &msg, 0);
	free(iov);
	if (sent < 0)
	{
		ret = -errno;
		snprintf(this->error, sizeof(this->error), "sending %u messages: %s",
				 count, strerror(errno));
		return ret;
	}
	return read_acks(this);
}

METHOD(mguard_firewall_batch_t, batch_destroy, void,
	private_mguard_firewall_batch_t *this)
{
	nftnl_batch_free(this->batch);
	array_destroy(this->msgs);
	free(this);
}

METHOD(mguard_firewall_nl_t, create_batch, mguard_firewall_batch_t*,
	private_mguard_firewall_nl_t *nl, uint16_t family)
{
	private_mguard_firewall_batch_t *this;

	INIT(this,
		.public = {
			.add_table = _add_table,
			.add_chain = _add_chain,
			.add_rule = _add_rule,
			.add_set = _add_set,
			.add_elems = _add_elems,
			.get_count = _get_count,
			.commit = _commit,
			.get_error = _get_error,
			.destroy = _batch_destroy,
		},
		.nl = nl,
		.family = family,
		.batch = nftnl_batch_alloc(MNL_SOCKET_BUFFER_SIZE,
								   MNL_SOCKET_BUFFER_SIZE),
		.msgs = array_create(sizeof(msg_desc_t), 8),
	);
	this->begin = nl->seq++;
	nftnl_batch_begin(nftnl_batch_buffer(this->batch), this->begin);
	nftnl_batch_update(this->batch);
	return &this->public;
}

METHOD(mguard_firewall_nl_t, nl_destroy, void,
	private_mguard_firewall_nl_t *this)
{
	mnl_socket_close(this->nl);
	free(this);
}

/*
 * See header
 */
mguard_firewall_nl_t *mguard_firewall_nl_create()
{
	private_mguard_firewall_nl_t *this;
	int on = 1;

	INIT(this,
		.public = {
			.create_batch = _create_batch,
			.destroy = _nl_destroy,
		},
		.seq = time(NULL),
	);
	this->nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!this->nl)
	{
		DBG1(DBG_KNL, "mguard-firewall: unable to open netfilter netlink "
			 "socket: %s", strerror(errno));
		free(this);
		return NULL;
	}
	if (mnl_socket_bind(this->nl, 0, MNL_SOCKET_AUTOPID) < 0)
	{
		DBG1(DBG_KNL, "mguard-firewall: unable to bind netfilter netlink "
			 "socket: %s", strerror(errno));
		nl_destroy(this);
		return NULL;
	}
	this->portid = mnl_socket_get_portid(this->nl);
	/* small acknowledgements, and the kernel's reason on errors */
	mnl_socket_setsockopt(this->nl, NETLINK_CAP_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(this->nl, NETLINK_EXT_ACK, &on, sizeof(on));
	return &this->public;
}
