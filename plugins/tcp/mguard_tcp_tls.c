/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_tcp_tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <collections/linked_list.h>

typedef struct private_mguard_tcp_tls_t private_mguard_tcp_tls_t;

struct private_mguard_tcp_tls_t {

	/**
	 * Public interface
	 */
	mguard_tcp_tls_t public;

	/**
	 * Context (its own: CA files differ by connection)
	 */
	SSL_CTX *ctx;

	/**
	 * Session
	 */
	SSL *ssl;

	/**
	 * Handshake done
	 */
	bool done;

	/**
	 * Last error, for the log
	 */
	char error[256];
};

/**
 * Map OpenSSL's outcome of an operation that returned ret
 */
static mguard_tls_status_t status_of(private_mguard_tcp_tls_t *this, int ret)
{
	u_long err;

	switch (SSL_get_error(this->ssl, ret))
	{
		case SSL_ERROR_WANT_READ:
			return MGUARD_TLS_WANT_READ;
		case SSL_ERROR_WANT_WRITE:
			return MGUARD_TLS_WANT_WRITE;
		case SSL_ERROR_ZERO_RETURN:
			return MGUARD_TLS_CLOSED;
		default:
			err = ERR_get_error();
			if (err)
			{
				ERR_error_string_n(err, this->error, sizeof(this->error));
			}
			else if (!this->error[0])
			{
				snprintf(this->error, sizeof(this->error), "%s",
						 ret == 0 ? "connection closed" : strerror(errno));
			}
			ERR_clear_error();
			return MGUARD_TLS_FAILED;
	}
}

METHOD(mguard_tcp_tls_t, handshake, mguard_tls_status_t,
	private_mguard_tcp_tls_t *this)
{
	int ret;

	if (this->done)
	{
		return MGUARD_TLS_OK;
	}
	ret = SSL_do_handshake(this->ssl);
	if (ret == 1)
	{
		this->done = TRUE;
		return MGUARD_TLS_OK;
	}
	return status_of(this, ret);
}

METHOD(mguard_tcp_tls_t, established, bool,
	private_mguard_tcp_tls_t *this)
{
	return this->done;
}

METHOD(mguard_tcp_tls_t, read_, mguard_tls_status_t,
	private_mguard_tcp_tls_t *this, chunk_t buf, size_t *n)
{
	int ret;

	ret = SSL_read(this->ssl, buf.ptr, min(buf.len, INT_MAX));
	if (ret > 0)
	{
		*n = ret;
		return MGUARD_TLS_OK;
	}
	return status_of(this, ret);
}

METHOD(mguard_tcp_tls_t, write_, mguard_tls_status_t,
	private_mguard_tcp_tls_t *this, chunk_t buf, size_t *n)
{
	int ret;

	ret = SSL_write(this->ssl, buf.ptr, min(buf.len, INT_MAX));
	if (ret > 0)
	{
		*n = ret;
		return MGUARD_TLS_OK;
	}
	return status_of(this, ret);
}

METHOD(mguard_tcp_tls_t, get_error, const char*,
	private_mguard_tcp_tls_t *this)
{
	return this->error[0] ? this->error : "TLS failed";
}

METHOD(mguard_tcp_tls_t, destroy, void,
	private_mguard_tcp_tls_t *this)
{
	if (this->ssl)
	{
		SSL_free(this->ssl);
	}
	if (this->ctx)
	{
		SSL_CTX_free(this->ctx);
	}
	free(this);
}

/**
 * A session with a fresh context of the given method
 */
static private_mguard_tcp_tls_t *create(const SSL_METHOD *method)
{
	private_mguard_tcp_tls_t *this;

	INIT(this,
		.public = {
			.handshake = _handshake,
			.established = _established,
			.read = _read_,
			.write = _write_,
			.get_error = _get_error,
			.destroy = _destroy,
		},
		.ctx = SSL_CTX_new(method),
	);
	if (!this->ctx)
	{
		destroy(this);
		return NULL;
	}
	SSL_CTX_set_min_proto_version(this->ctx, TLS1_2_VERSION);
	/* frames are queued in a buffer that moves between partial writes */
	SSL_CTX_set_mode(this->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
					 SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	return this;
}

/**
 * Bind the session to the socket
 */
static mguard_tcp_tls_t *start(private_mguard_tcp_tls_t *this, int fd,
							   bool server)
{
	this->ssl = SSL_new(this->ctx);
	if (!this->ssl || !SSL_set_fd(this->ssl, fd))
	{
		destroy(this);
		return NULL;
	}
	if (server)
	{
		SSL_set_accept_state(this->ssl);
	}
	else
	{
		SSL_set_connect_state(this->ssl);
	}
	return &this->public;
}

/*
 * Described in header
 */
mguard_tcp_tls_t *mguard_tcp_tls_server(int fd, const char *cert,
										const char *key)
{
	private_mguard_tcp_tls_t *this;

	this = create(TLS_server_method());
	if (!this)
	{
		return NULL;
	}
	if (SSL_CTX_use_certificate_chain_file(this->ctx, cert) != 1 ||
		SSL_CTX_use_PrivateKey_file(this->ctx, key, SSL_FILETYPE_PEM) != 1 ||
		SSL_CTX_check_private_key(this->ctx) != 1)
	{
		DBG1(DBG_NET, "mguard-tcp: Path Finder certificate %s or key %s does "
			 "not load", cert, key);
		ERR_clear_error();
		destroy(this);
		return NULL;
	}
	return start(this, fd, TRUE);
}

/*
 * Described in header
 */
mguard_tcp_tls_t *mguard_tcp_tls_client(int fd, linked_list_t *cas)
{
	private_mguard_tcp_tls_t *this;
	enumerator_t *enumerator;
	char *ca;
	int loaded = 0;

	this = create(TLS_client_method());
	if (!this)
	{
		return NULL;
	}
	enumerator = cas->create_enumerator(cas);
	while (enumerator->enumerate(enumerator, &ca))
	{
		if (SSL_CTX_load_verify_locations(this->ctx, ca, NULL) == 1)
		{
			loaded++;
		}
		else
		{
			DBG1(DBG_NET, "mguard-tcp: CA %s does not load for Path Finder",
				 ca);
		}
	}
	enumerator->destroy(enumerator);
	ERR_clear_error();
	if (!loaded)
	{
		DBG1(DBG_NET, "mguard-tcp: no CA to check the Path Finder server "
			 "with");
		destroy(this);
		return NULL;
	}
	SSL_CTX_set_verify(this->ctx, SSL_VERIFY_PEER, NULL);
	return start(this, fd, FALSE);
}
