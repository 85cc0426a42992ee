/*
 * Unit tests of vpn-status.cgi's output: every text from outside is
 * escaped for HTML, JSON and Prometheus; SAs appear under the connection
 * that owns them.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <library.h>

#include "cgi/vpn_status_render.h"

/** a name with everything that must be escaped, and invalid UTF-8 */
#define NAME "<script>alert(\"1\")</script> & 'x' \\ \n\x01\xff\xc3\xa4"

static vs_status_t status;

static void fill(void)
{
	vs_conn_t *conn;
	vs_ike_t *ike;
	vs_child_t *child;

	status = (vs_status_t){
		.conns = array_create(0, 0),
		.ikes = array_create(0, 0),
		.license_known = TRUE,
		.peers = 1,
		.licensed = 0,
		.now = 1700000000,
	};
	INIT(conn,
		.row = {
			.key = strdup("k1"),
			.name = strdup(NAME),
			.initial = "started",
			.mode = "started",
			.startup = "initiate",
			.status = "active",
			.up = 1,
			.tunnels = 1,
			.rekeys = 7,
		},
		.list = VS_LIST_ESTABLISHED,
		.ikes = array_create(0, 0),
		.children = array_create(0, 0),
		.ike_up = TRUE,
		.bytes_in = 100,
	);
	INIT(ike,
		.name = strdup("k1"),
		.uniqueid = 5,
		.version = 2,
		.state = strdup("ESTABLISHED"),
		.local_host = strdup("192.0.2.1"),
		.local_port = 4500,
		.local_id = strdup("C=US, O=<Evil>, CN=\"moon\""),
		.remote_host = strdup("192.0.2.2"),
		.remote_port = 4500,
		.remote_id = strdup("sun"),
		.algs = { .encr = strdup("AES_GCM_16"), .encr_keysize = 256 },
		.established = 10,
		.rekey_time = -1,
		.reauth_time = -1,
		.children = array_create(0, 0),
	);
	INIT(child,
		.name = strdup("k1-t1"),
		.conn = strdup("k1"),
		.uniqueid = 9,
		.reqid = 1,
		.state = strdup("INSTALLED"),
		.algs = { .encr_keysize = -1 },
		.bytes_in = 100,
		.bytes_out = -1,
		.packets_in = 1,
		.packets_out = -1,
		.install_time = 3,
		.rekey_time = 50,
		.life_time = 60,
		.local_ts = array_create(0, 0),
		.remote_ts = array_create(0, 0),
	);
	array_insert(child->local_ts, ARRAY_TAIL, strdup("10.1.0.0/24"));
	array_insert(child->remote_ts, ARRAY_TAIL, strdup("10.2.0.0/24"));
	array_insert(ike->children, ARRAY_TAIL, child);
	array_insert(status.ikes, ARRAY_TAIL, ike);
	array_insert(conn->ikes, ARRAY_TAIL, ike);
	array_insert(status.conns, ARRAY_TAIL, conn);
}

static int setup(void **state)
{
	library_init(NULL, "test_status_render");
	fill();
	return 0;
}

static int teardown(void **state)
{
	vs_status_free(&status);
	library_deinit();
	return 0;
}

static char *render(int format)
{
	vs_page_t page = {
		.self = "/vpn-status.cgi?\"><x",
		.token = "1-ab\"<",
		.nonce = "abc",
		.refresh = 5,
	};
	bio_writer_t *out = bio_writer_create(1024);
	chunk_t buf;
	char *text;

	switch (format)
	{
		case 0:
			vs_render_html(out, &status, &page);
			break;
		case 1:
			vs_render_json(out, &status);
			break;
		default:
			vs_render_prometheus(out, &status);
			break;
	}
	buf = out->get_buf(out);
	text = strndup((char*)buf.ptr, buf.len);
	out->destroy(out);
	return text;
}

static void test_html(void **unused)
{
	char *html = render(0), *script;

	assert_non_null(strstr(html, "<span class=\"name\">&lt;script&gt;alert("
							"&quot;1&quot;)&lt;/script&gt; &amp; &#39;x&#39;"));
	assert_non_null(strstr(html,
						   "ID C=US, O=&lt;Evil&gt;, CN=&quot;moon&quot;"));
	assert_non_null(strstr(html, "action=\"/vpn-status.cgi?&quot;&gt;&lt;x\""));
	assert_non_null(strstr(html, "value=\"1-ab&quot;&lt;\""));
	/* exactly one script element, ours with the nonce */
	script = strstr(html, "<script");
	assert_non_null(script);
	assert_true(strncmp(script, "<script nonce=\"abc\">", 20) == 0);
	assert_null(strstr(script + 1, "<script"));
	assert_non_null(strstr(html, "<section id=\"established\">"));
	assert_non_null(strstr(html, "data-ike-id=\"5\""));
	assert_non_null(strstr(html, "10.1.0.0/24 &hellip; 10.2.0.0/24"));
	assert_non_null(strstr(html, "AES_GCM_16-256"));
	free(html);
}

/* Pending with an established ISAKMP SA: the seed's hint */
static void test_pending_hint(void **unused)
{
	vs_conn_t *conn;
	char *html;

	array_get(status.conns, 0, &conn);
	conn->list = VS_LIST_PENDING;
	html = render(0);
	conn->list = VS_LIST_ESTABLISHED;
	assert_non_null(strstr(html, "<section id=\"pending\">\n<h2>Pending "
						   "<span class=\"count\">1</span>"));
	assert_non_null(strstr(html, "<p class=\"hint\">The ISAKMP SA has been "
						   "established and authentication of the "
						   "connections was completed successfully."));
	assert_non_null(strstr(html, "do the network areas match on both "
						   "sides?</p>"));
	free(html);
}

static void test_json(void **unused)
{
	char *json = render(1);

	assert_non_null(strstr(json, "\"name\":\"<script>alert(\\\"1\\\")"
		"</script> & 'x' \\\\ \\n\\u0001\xef\xbf\xbd\xc3\xa4\""));
	assert_non_null(strstr(json, "\"list\":\"established\""));
	assert_non_null(strstr(json, "\"peers_licensed\":null"));
	assert_non_null(strstr(json, "\"bytes_out\":null"));
	assert_non_null(strstr(json, "\"connections\":[\"k1\"]"));
	assert_non_null(strstr(json, "\"rekeys\":7"));
	free(json);
}

static void test_prometheus(void **unused)
{
	char *text = render(2);

	assert_non_null(strstr(text, "mguard_vpn_rekeys_total{connection=\"k1\","
		"name=\"<script>alert(\\\"1\\\")</script> & 'x' \\\\ \\n?"
		"\xef\xbf\xbd\xc3\xa4\"} 7\n"));
	assert_non_null(strstr(text, "\nmguard_vpn_peers_connected 1\n"));
	assert_null(strstr(text, "mguard_vpn_peers_licensed "));
	assert_non_null(strstr(text, "# TYPE mguard_vpn_tunnels_up gauge\n"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_pending_hint),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_prometheus),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
