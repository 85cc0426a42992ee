/*
 * Unit tests of the model parser and validator (common/mguard_model.c,
 * mguard_validate.c): every rule of MODEL.md with the message it gives.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <cmocka.h>

#include <library.h>

#include <mguard_model.h>

/**
 * a valid X.509 connection to build on: gateway %any, certificates set,
 * more authentication keys in extra (a section is defined once)
 */
#define X509_AUTH_WITH(extra) \
	"authentication {\n" \
	"  method = x509\n" \
	"  local_certificate = /etc/mguard/c.pem\n" \
	"  local_key = /etc/mguard/k.pem\n" \
	extra \
	"}\n"
#define X509_AUTH X509_AUTH_WITH("")

#define PSK_AUTH_WITH(psk, extra) \
	"authentication {\n" \
	"  method = psk\n" \
	"  psk = " psk "\n" \
	extra \
	"}\n"
#define PSK_AUTH(psk) PSK_AUTH_WITH(psk, "")

#define TUNNEL(local, remote) \
	"tunnels { t1 { local = " local "\n remote = " remote "\n } }\n"

static int group_setup(void **state)
{
	return library_init(NULL, "test-model") ? 0 : -1;
}

static int group_teardown(void **state)
{
	library_deinit();
	return 0;
}

/**
 * Load a model from a string, return the report; the model (if valid) in
 * *out or destroyed.
 */
static mguard_report_t *load(const char *text, mguard_model_t **out)
{
	mguard_report_t *report = mguard_report_create();
	mguard_model_t *model;

	model = mguard_model_load_string(text, "test.conf", report);
	if (out)
	{
		*out = model;
	}
	else
	{
		mguard_model_destroy(model);
	}
	return report;
}

/**
 * Print the report (shown by cmocka on failure)
 */
static void show(mguard_report_t *report)
{
	report->print(report, stderr);
}

/**
 * Assert that loading text fails with a line containing msg
 */
static void assert_error(const char *text, const char *msg)
{
	mguard_report_t *report;
	mguard_model_t *model;

	report = load(text, &model);
	if (!report->contains(report, msg) || model)
	{
		show(report);
		fprintf(stderr, "expected error: %s\n", msg);
	}
	assert_null(model);
	assert_true(report->get_errors(report) > 0);
	assert_true(report->contains(report, msg));
	report->destroy(report);
}

/**
 * Assert that loading text succeeds with a warning containing msg
 */
static void assert_warning(const char *text, const char *msg)
{
	mguard_report_t *report;
	mguard_model_t *model;

	report = load(text, &model);
	if (!report->contains(report, msg) || !model)
	{
		show(report);
		fprintf(stderr, "expected warning: %s\n", msg);
	}
	assert_non_null(model);
	assert_true(report->contains(report, msg));
	mguard_model_destroy(model);
	report->destroy(report);
}

/**
 * Assert that loading text succeeds without errors
 */
static void assert_valid(const char *text)
{
	mguard_report_t *report;
	mguard_model_t *model;

	report = load(text, &model);
	if (!model)
	{
		show(report);
	}
	assert_non_null(model);
	assert_int_equal(report->get_errors(report), 0);
	mguard_model_destroy(model);
	report->destroy(report);
}

/**
 * Assert that loading text succeeds without a message containing msg
 */
static void assert_no_message(const char *text, const char *msg)
{
	mguard_report_t *report;
	mguard_model_t *model;

	report = load(text, &model);
	if (!model || report->contains(report, msg))
	{
		show(report);
	}
	assert_non_null(model);
	assert_false(report->contains(report, msg));
	mguard_model_destroy(model);
	report->destroy(report);
}

static void test_global_only(void **state)
{
	mguard_report_t *report;
	mguard_model_t *model;

	report = load("global {\n license {\n peers = 3\n }\n}\n", &model);
	assert_non_null(model);
	assert_int_equal(report->get_errors(report), 0);
	assert_int_equal(report->get_warnings(report), 0);
	assert_int_equal(mguard_model_license_peers(model), 3);
	assert_int_equal(model->connections->get_count(model->connections), 0);
	mguard_model_destroy(model);
	report->destroy(report);

	report = load("", &model);
	assert_non_null(model);
	assert_int_equal(mguard_model_license_peers(model), 0);
	mguard_model_destroy(model);
	report->destroy(report);
}

static void test_defaults(void **state)
{
	mguard_report_t *report;
	mguard_model_t *model;
	mguard_connection_t *conn;
	mguard_tunnel_t *tunnel;

	report = load("connections {\n c1 {\n" X509_AUTH
				  TUNNEL("10.1.0.0/24", "10.2.0.0/24") "}\n}\n", &model);
	assert_non_null(model);
	assert_false(model->global.hub_and_spoke);
	assert_int_equal(model->global.tcp_encapsulation.port, 8080);
	assert_int_equal(model->global.path_finder.port, 443);
	assert_int_equal(model->global.ipsec_mtu, 16260);
	assert_int_equal(model->global.dyndns.interval, 300);
	assert_int_equal(model->global.proxy.port, 3128);
	assert_int_equal(model->global.archive.max_size, 1024 * 1024);
	assert_string_equal(model->global.interfaces.external, "eth0");
	assert_string_equal(model->global.interfaces.internal, "eth1");
	assert_null(model->global.interfaces.dmz);

	conn = mguard_model_get_connection(model, "c1");
	assert_non_null(conn);
	assert_string_equal(conn->name, "c1");
	assert_int_equal(conn->initial_mode, MGUARD_MODE_STARTED);
	assert_true(conn->gateway_any);
	assert_int_equal(conn->any_interface, MGUARD_IF_EXTERNAL);
	assert_int_equal(conn->startup, MGUARD_STARTUP_INITIATE);
	assert_int_equal(conn->service_input, MGUARD_INPUT_NONE);
	assert_int_equal(conn->deactivation_timeout, 0);
	assert_null(conn->sms_token);
	assert_int_equal(conn->encapsulation, MGUARD_ENCAP_NONE);
	assert_int_equal(conn->encapsulation_port, 8080);
	assert_int_equal(conn->version, 2);
	assert_int_equal(conn->mode_config.mode, MGUARD_MC_OFF);
	assert_int_equal(conn->mode_config.tranche, 32);
	assert_int_equal(conn->auth.remote_ca, MGUARD_CA_ANY);
	assert_false(conn->auth.aggressive);
	assert_true(conn->ike.pfs);
	assert_int_equal(conn->ike.ike_lifetime, 8 * 3600);
	assert_int_equal(conn->ike.ipsec_lifetime, 3600);
	assert_int_equal(conn->ike.dpd_delay, 30);
	assert_int_equal(conn->ike.dpd_timeout, 120);
	assert_int_equal(conn->fw_in.policy, MGUARD_POLICY_ACCEPT);

	assert_true(conn->tunnels->get_first(conn->tunnels,
										 (void**)&tunnel) == SUCCESS);
	assert_true(tunnel->enabled);
	assert_int_equal(tunnel->type, MGUARD_TUNNEL);
	assert_int_equal(tunnel->protocol, 0);
	assert_int_equal(tunnel->local_port, MGUARD_PORT_ALL);
	assert_int_equal(tunnel->local_nat, MGUARD_NAT_NONE);
	assert_string_equal(tunnel->local.str, "10.1.0.0/24");
	assert_int_equal(tunnel->remote.prefix, 24);
	mguard_model_destroy(model);
	report->destroy(report);
}

static void test_order(void **state)
{
	mguard_report_t *report;
	mguard_model_t *model;
	mguard_connection_t *conn;
	mguard_tunnel_t *tunnel;
	enumerator_t *enumerator;
	const char *expected[] = { "zeta", "alpha", "mid" };
	const char *tunnels[] = { "t9", "t1", "t5" };
	char name[128];
	int i = 0;

	report = load("connections {\n"
				  " zeta {\n" X509_AUTH
				  "  tunnels {\n"
				  "   t9 { local = 10.0.9.0/24\n remote = 10.1.9.0/24\n }\n"
				  "   t1 { local = 10.0.1.0/24\n remote = 10.1.1.0/24\n }\n"
				  "   t3 { enabled = no\n local = 10.0.3.0/24\n"
				  "        remote = 10.1.3.0/24\n }\n"
				  "   t5 { local = 10.0.5.0/24\n remote = 10.1.5.0/24\n }\n"
				  "  }\n"
				  " }\n"
				  " alpha {\n" X509_AUTH " name = Same\n }\n"
				  " mid {\n" X509_AUTH " name = Same\n }\n"
				  "}\n", &model);
	assert_non_null(model);
	enumerator = mguard_model_create_connection_enumerator(model);
	while (enumerator->enumerate(enumerator, &conn))
	{
		assert_true(i < 3);
		assert_string_equal(conn->key, expected[i++]);
	}
	enumerator->destroy(enumerator);
	assert_int_equal(i, 3);

	/* first one wins on an ambiguous name */
	conn = mguard_model_find_by_name(model, "Same");
	assert_non_null(conn);
	assert_string_equal(conn->key, "alpha");
	assert_null(mguard_model_find_by_name(model, "nothing"));
	assert_true(report->contains(report, "test.conf: connections.mid.name: "
		"warning: 'Same' is also the name of connections.alpha, which comes "
		"first"));

	conn = mguard_model_get_connection(model, "zeta");
	i = 0;
	enumerator = mguard_connection_create_tunnel_enumerator(conn, TRUE);
	while (enumerator->enumerate(enumerator, &tunnel))
	{
		assert_true(i < 3);
		assert_string_equal(tunnel->key, tunnels[i++]);
	}
	enumerator->destroy(enumerator);
	assert_int_equal(i, 3);
	assert_string_equal(mguard_tunnel_child_name(conn, tunnel, name,
												 sizeof(name)), "zeta-t5");
	mguard_model_destroy(model);
	report->destroy(report);
}

static void test_all_errors(void **state)
{
	mguard_report_t *report;

	report = load("global {\n hub_and_spoke = maybe\n}\n"
				  "connections {\n c1 {\n startup = later\n"
				  " version = ikev3\n" X509_AUTH " }\n}\n", NULL);
	assert_int_equal(report->get_errors(report), 3);
	assert_true(report->contains(report, "test.conf: global.hub_and_spoke: "
		"'maybe' is not a boolean; allowed: yes | no"));
	assert_true(report->contains(report, "test.conf: connections.c1.startup: "
		"invalid value 'later'; allowed: initiate | on_traffic | wait"));
	assert_true(report->contains(report, "test.conf: connections.c1.version: "
		"invalid value 'ikev3'; allowed: ikev1 | ikev2"));
	report->destroy(report);
}

static void test_syntax_error(void **state)
{
	assert_error("connections {\n c1 {\n", "test.conf: syntax error");
	assert_error("global {\n ipsec_mtu = 1400\n}\n}\n", "test.conf: syntax error");
}

static void test_unknown_keys(void **state)
{
	assert_error("colour = blue\n", "test.conf: colour: unknown key; "
				 "allowed: global { }, groups { }, xauth { }, connections { }");
	assert_error("extra { }\n", "test.conf: extra: unknown section");
	assert_error("global {\n hub_and_spokes = no\n}\n",
				 "test.conf: global.hub_and_spokes: unknown key; allowed: "
				 "hub_and_spoke, remote_access_ports");
	assert_error("global {\n license {\n peer = 1\n }\n}\n",
				 "test.conf: global.license.peer: unknown key; allowed: peers");
	assert_error("connections {\n c1 {\n" X509_AUTH " gw = 1.2.3.4\n }\n}\n",
				 "test.conf: connections.c1.gw: unknown key; allowed: name, "
				 "initial_mode, gateway");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.0.0.0/8\n remote = 10.0.0.0/8\n"
				 " lcoal_nat { } } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.lcoal_nat: unknown "
				 "section; allowed: enabled,");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.0.0.0/8\n remote = 10.0.0.0/8\n"
				 " local_nat { map { m1 { real = 10.0.0.0\n"
				 " virtual = 10.1.0.0\n mask = 8\n } } } } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.local_nat.map.m1.mask: "
				 "unknown key; allowed: real, virtual, netmask, comment");
	assert_error("connections {\n tunnel_count = 3\n}\n",
				 "test.conf: connections.tunnel_count: unknown key; allowed: "
				 "only sections (one per table entry)");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " firewall { incoming { rules { r1 { port = 1\n } } } }\n"
				 " }\n}\n",
				 "test.conf: connections.c1.firewall.incoming.rules.r1.port: "
				 "unknown key; allowed: protocol, from, from_port, to");
	assert_error("xauth {\n users {\n u1 {\n name = a\n password = b\n"
				 " group = c\n }\n }\n}\n",
				 "test.conf: xauth.users.u1.group: unknown key");
	assert_error("groups {\n ip {\n sub { }\n }\n}\n",
				 "test.conf: groups.ip.sub: unknown section");
}

static void test_value_errors(void **state)
{
	assert_error("global {\n ipsec_mtu = 17000\n}\n",
				 "test.conf: global.ipsec_mtu: 17000 is out of range; "
				 "allowed: 576..16260");
	assert_error("global {\n license {\n peers = -1\n }\n}\n",
				 "test.conf: global.license.peers: '-1' is not a number");
	assert_error("global {\n archive {\n max_size = 1T\n }\n}\n",
				 "test.conf: global.archive.max_size: '1T' is not a size");
	assert_error("global {\n l2tp {\n local_ip = 10.106.106.256\n }\n}\n",
				 "test.conf: global.l2tp.local_ip: '10.106.106.256' is not an "
				 "IPv4 address");
	assert_error("global {\n interfaces {\n dmz = eth0/1\n }\n}\n",
				 "test.conf: global.interfaces.dmz: 'eth0/1' is not an "
				 "interface name");
	assert_error("global {\n service_inputs {\n cmd1 = gpio:chip0\n }\n}\n",
				 "test.conf: global.service_inputs.cmd1: 'gpio:chip0' is not "
				 "a service input source: a GPIO source is gpio:<chip>:<line>");
	assert_error("global {\n service_inputs {\n cmd2 = evdev:/dev/input/event0:"
				 "KEY_A\n }\n}\n",
				 "test.conf: global.service_inputs.cmd2: "
				 "'evdev:/dev/input/event0:KEY_A' is not a service input "
				 "source: the evdev key must be a key code N or keyN (0-767) "
				 "or a switch code swN (0-16)");
	assert_error("global {\n service_inputs {\n cmd3 = serial:/dev/ttyS0\n"
				 " }\n}\n",
				 "test.conf: global.service_inputs.cmd3: 'serial:/dev/ttyS0' "
				 "is not a service input source: allowed: gpio:<chip>:<line> "
				 "| evdev:<device>:<key> | file:<absolute path>");
	assert_error("global {\n remote_access_ports = 22, nosuchservice\n}\n",
				 "test.conf: global.remote_access_ports: 'nosuchservice' is "
				 "not a port");
	assert_error("global {\n proxy {\n auth = kerberos\n }\n}\n",
				 "test.conf: global.proxy.auth: invalid value 'kerberos'; "
				 "allowed: any | basic | ntlm | digest");
	assert_error("connections {\n c1 {\n gateway = vpn..example.com\n"
				 X509_AUTH " }\n}\n",
				 "test.conf: connections.c1.gateway: 'vpn..example.com' is "
				 "not a gateway; allowed: an IPv4 address, a host name or "
				 "%any");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 TUNNEL("10.1.0.1/24", "10.2.0.0/33") " }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.local: '10.1.0.1/24' "
				 "has host bits set beyond the /24 prefix");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 TUNNEL("10.1.0.0/24", "10.2.0.0/33") " }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.remote: '10.2.0.0/33' "
				 "is not an IPv4 network");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.0.0.0/8\n remote = 10.0.0.0/8\n"
				 " protocol = sctp\n } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.protocol: invalid "
				 "protocol 'sctp'; allowed: all | tcp | udp | icmp | an IP "
				 "protocol number 1..255");
	assert_error("connections {\n bad.key { }\n}\n",
				 "test.conf: syntax error");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " ike { proposals = aes256-nosuchhash-modp2048\n }\n }\n}\n",
				 "test.conf: connections.c1.ike.proposals: "
				 "'aes256-nosuchhash-modp2048' is not a valid strongSwan IKE "
				 "proposal");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " ike { esp_proposals = aes256-sha256-bogus\n }\n }\n}\n",
				 "test.conf: connections.c1.ike.esp_proposals: "
				 "'aes256-sha256-bogus' is not a valid strongSwan ESP "
				 "proposal");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " firewall { incoming { rules { r1 {\n"
				 " from = 10.0.0.1-10.0.0.0\n } } } }\n }\n}\n",
				 "test.conf: connections.c1.firewall.incoming.rules.r1.from: "
				 "'10.0.0.1-10.0.0.0' is not an address");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " firewall { incoming { rules { r1 {\n"
				 " protocol = tcp\n to_port = 80:70\n } } } }\n }\n}\n",
				 "test.conf: connections.c1.firewall.incoming.rules.r1.to_port: "
				 "'80:70' is not a port");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " firewall { outgoing { policy = allow\n } }\n }\n}\n",
				 "test.conf: connections.c1.firewall.outgoing.policy: invalid "
				 "value 'allow'; allowed: accept | drop | ping | rules");
}

static void test_ranges(void **state)
{
	assert_error("global {\n tcp_encapsulation {\n server_id = 64\n }\n}\n",
				 "test.conf: global.tcp_encapsulation.server_id: 64 is out of "
				 "range; allowed: 0..63");
	assert_valid("global {\n tcp_encapsulation {\n server_id = 63\n }\n}\n");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " encapsulation_server_id = 99\n }\n}\n",
				 "test.conf: connections.c1.encapsulation_server_id: 99 is out "
				 "of range; allowed: 0..63");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " deactivation_timeout = 720:00:01\n }\n}\n",
				 "test.conf: connections.c1.deactivation_timeout: '720:00:01' "
				 "is too long; allowed: 0 (off) up to 720:00:00");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " deactivation_timeout = 10:61\n }\n}\n",
				 "test.conf: connections.c1.deactivation_timeout: '10:61' is "
				 "not a time; allowed: ss, mm:ss or hh:mm:ss");
	assert_valid("connections {\n c1 {\n" X509_AUTH
				 " deactivation_timeout = 720:00:00\n }\n}\n");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " ike { ike_lifetime = 25h\n }\n }\n}\n",
				 "test.conf: connections.c1.ike.ike_lifetime: '25h' is out of "
				 "range; allowed: 1s..24h");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " ike { ipsec_lifetime = 0s\n }\n }\n}\n",
				 "test.conf: connections.c1.ike.ipsec_lifetime: '0s' is out of "
				 "range; allowed: 1s..24h");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " ike { dpd_delay = soon\n }\n }\n}\n",
				 "test.conf: connections.c1.ike.dpd_delay: 'soon' is not a "
				 "duration");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " mode_config { tranche = 33\n }\n }\n}\n",
				 "test.conf: connections.c1.mode_config.tranche: 33 is out of "
				 "range; allowed: 0..32");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " encapsulation_port = 65536\n }\n}\n",
				 "test.conf: connections.c1.encapsulation_port: '65536' is not "
				 "a port; allowed: 1..65535");
	assert_error("global {\n path_finder {\n port = 0\n }\n}\n",
				 "test.conf: global.path_finder.port: '0' is not a port");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.0.0.0/8\n remote = 10.0.0.0/8\n"
				 " protocol = tcp\n local_port = 0\n } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.local_port: invalid "
				 "port '0'; allowed: %all | %any | 1..65535");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local_nat { map { m1 { real = 10.0.0.0\n"
				 " virtual = 10.1.0.0\n netmask = 0\n } } }\n"
				 " local = 10.0.0.0/8\n remote = 10.0.0.0/8\n } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.local_nat.map.m1."
				 "netmask: 0 is out of range; allowed: 1..32");
}

static void test_gateway_any_psk(void **state)
{
	assert_error("connections {\n c1 {\n gateway = %any\n" PSK_AUTH("secret12")
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n",
				 "test.conf: connections.c1.gateway: %any is only allowed with "
				 "authentication.method = x509");
	assert_valid("connections {\n c1 {\n gateway = 192.0.2.1\n"
				 PSK_AUTH("secret12") TUNNEL("10.1.0.0/24", "10.2.0.0/24")
				 " }\n}\n");
}

static void test_explicit_gateway_remote_id(void **state)
{
	assert_error("connections {\n c1 {\n gateway = vpn.example.com\n"
				 X509_AUTH TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n",
				 "test.conf: connections.c1.authentication.remote_id: missing; "
				 "an explicit gateway authenticated through a CA needs the "
				 "peer's VPN identifier");
	assert_valid("connections {\n c1 {\n gateway = vpn.example.com\n"
				 X509_AUTH_WITH("remote_id = \"CN=*, O=Smith and "
				 "Co., C=US\"\n") TUNNEL("10.1.0.0/24", "10.2.0.0/24")
				 " }\n}\n");
	/* remote_ca = none names the peer's certificate instead */
	assert_valid("connections {\n c1 {\n gateway = vpn.example.com\n"
				 X509_AUTH_WITH("remote_ca = none\n"
				 " remote_certificate = /etc/mguard/peer.pem\n")
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n");
}

static void test_encapsulation(void **state)
{
	assert_error("connections {\n c1 {\n encapsulation = tcp\n" X509_AUTH
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n",
				 "test.conf: connections.c1.gateway: encapsulation = tcp with "
				 "startup = initiate needs the maintenance center's address; "
				 "allowed: an IPv4 address or a host name, not %any");
	assert_error("connections {\n c1 {\n encapsulation = path_finder\n"
				 " startup = on_traffic\n" X509_AUTH
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n",
				 "test.conf: connections.c1.gateway: encapsulation = "
				 "path_finder with startup = on_traffic needs");
	assert_valid("connections {\n c1 {\n encapsulation = tcp\n"
				 " startup = wait\n" X509_AUTH
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n");
	assert_error("connections {\n c1 {\n encapsulation = tcp\n"
				 " gateway = 192.0.2.1\n" PSK_AUTH("secret12")
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n",
				 "test.conf: connections.c1.encapsulation: TCP encapsulation "
				 "does not work with authentication.method = psk");
}

static void test_aggressive_psk_mode_config(void **state)
{
	assert_error("connections {\n c1 {\n gateway = 192.0.2.1\n"
				 " version = ikev1\n" PSK_AUTH_WITH("secret12",
				 " isakmp_mode = aggressive\n")
				 " mode_config { mode = client\n }\n }\n}\n",
				 "test.conf: connections.c1.authentication.isakmp_mode: "
				 "aggressive mode with method psk cannot be combined with "
				 "mode_config");
	assert_warning("connections {\n c1 {\n gateway = 192.0.2.1\n"
				   " version = ikev1\n" PSK_AUTH_WITH("secret12",
				   " isakmp_mode = aggressive\n")
				   TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n",
				   "test.conf: connections.c1.authentication.isakmp_mode: "
				   "warning: aggressive mode sends the identities unprotected "
				   "and exposes the PSK to offline cracking");
	assert_warning("connections {\n c1 {\n" X509_AUTH_WITH(
				   " isakmp_mode = aggressive\n")
				   TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n",
				   "warning: aggressive mode exists only in IKEv1 and is "
				   "ignored with version = ikev2");
}

static void test_hub_and_spoke_1to1(void **state)
{
	const char *model =
		"global {\n hub_and_spoke = %s\n}\n"
		"connections {\n c1 {\n" X509_AUTH
		" tunnels { t1 { local = 10.1.0.0/24\n remote = 10.2.0.0/24\n"
		" remote_nat { mode = 1to1\n network = 172.16.0.0/24\n } } }\n"
		" }\n}\n";
	char buf[1024];

	snprintf(buf, sizeof(buf), model, "yes");
	assert_error(buf, "test.conf: connections.c1.tunnels.t1.remote_nat.mode: "
				 "1:1 NAT of the peer is not supported with "
				 "global.hub_and_spoke = yes");
	snprintf(buf, sizeof(buf), model, "no");
	assert_valid(buf);
}

static void test_default_route_once(void **state)
{
	const char *model =
		"connections {\n"
		" c1 {\n" X509_AUTH TUNNEL("10.1.0.0/24", "0.0.0.0/0") " }\n"
		" c2 {\n" X509_AUTH " %s\n" TUNNEL("10.3.0.0/24", "0.0.0.0/0") " }\n"
		"}\n";
	char buf[1024];

	snprintf(buf, sizeof(buf), model, "");
	assert_error(buf, "test.conf: connections.c2.tunnels.t1.remote: 0.0.0.0/0 "
				 "(default route over the VPN) is already the remote network "
				 "of connections.c1.tunnels.t1; allowed: in one enabled "
				 "tunnel only");
	snprintf(buf, sizeof(buf), model, "initial_mode = disabled");
	assert_valid(buf);
}

static void test_masquerade_single_address(void **state)
{
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.1.0.0/24\n remote = 10.2.0.0/24\n"
				 " local_nat { mode = masquerade\n network = 192.168.1.0/24\n"
				 " } } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.local: 10.1.0.0/24: "
				 "with local_nat.mode = masquerade the local network must be "
				 "a single address; allowed: a.b.c.d/32");
	assert_valid("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.1.0.7/32\n remote = 10.2.0.0/24\n"
				 " local_nat { mode = masquerade\n network = 192.168.1.0/24\n"
				 " } } }\n }\n}\n");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.1.0.0/24\n remote = 10.2.0.0/24\n"
				 " remote_nat { mode = masquerade\n network = 172.16.0.0/24\n"
				 " } } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.remote_nat.network: "
				 "172.16.0.0/24: with masquerade this must be a single "
				 "address; allowed: a.b.c.d/32");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.1.0.7/32\n remote = 10.2.0.0/24\n"
				 " local_nat { mode = masquerade\n } } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.local_nat.network: "
				 "missing; allowed: the internal network (CIDR) to "
				 "masquerade");
}

static void test_1to1_sizes(void **state)
{
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.1.0.0/24\n remote = 10.2.0.0/24\n"
				 " local_nat { mode = 1to1\n network = 192.168.0.0/16\n"
				 " } } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.local_nat.network: "
				 "192.168.0.0/16 has /16 but the tunnel network 10.1.0.0/24 "
				 "has /24; allowed: a network of the same size for 1:1 NAT");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.1.0.0/24\n remote = 10.2.0.0/24\n"
				 " remote_nat { mode = 1to1\n } } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.remote_nat.network: "
				 "missing; allowed: the local alias network (CIDR) for 1:1 "
				 "NAT");
	/* a NAT table replaces the single network */
	assert_valid("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.1.0.0/24\n remote = 10.2.0.0/24\n"
				 " local_nat { mode = 1to1\n map { m1 { real = 192.168.1.0\n"
				 " virtual = 10.1.0.0\n netmask = 24\n } } } } }\n }\n}\n");
}

static void test_listener_ports(void **state)
{
	assert_error("global {\n tcp_encapsulation {\n listen = yes\n"
				 " port = 443\n }\n path_finder {\n listen = yes\n"
				 " certificate = /c.pem\n key = /k.pem\n }\n}\n",
				 "test.conf: global.path_finder.port: 443 is also "
				 "global.tcp_encapsulation.port; allowed: a port not used by "
				 "another listener");
	assert_error("global {\n remote_access_ports = 22, 8080\n"
				 " tcp_encapsulation {\n listen = yes\n }\n}\n",
				 "test.conf: global.tcp_encapsulation.port: 8080 is a remote "
				 "access port (global.remote_access_ports)");
	assert_error("global {\n remote_access_ports = ssh, https\n"
				 " path_finder {\n listen = yes\n certificate = /c.pem\n"
				 " key = /k.pem\n }\n}\n",
				 "test.conf: global.path_finder.port: 443 is a remote access "
				 "port (global.remote_access_ports)");
	/* only listeners that are on count */
	assert_valid("global {\n remote_access_ports = 22, 443, 8080\n}\n");
	assert_error("global {\n path_finder {\n listen = yes\n }\n}\n",
				 "test.conf: global.path_finder.certificate: missing; allowed: "
				 "the TLS server certificate and key files");
}

static void test_ports_need_tcp_udp(void **state)
{
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.1.0.0/24\n remote = 10.2.0.0/24\n"
				 " protocol = icmp\n remote_port = 80\n } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.remote_port: ports need "
				 "protocol tcp or udp; allowed with this protocol: %all");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.1.0.0/24\n remote = 10.2.0.0/24\n"
				 " local_port = %any\n } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.local_port: ports need "
				 "protocol tcp or udp");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " firewall { incoming { rules { r1 { protocol = icmp\n"
				 " to_port = 80\n } } } }\n }\n}\n",
				 "test.conf: connections.c1.firewall.incoming.rules.r1.to_port: "
				 "ports need protocol tcp or udp");
	assert_valid("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.1.0.0/24\n remote = 10.2.0.0/24\n"
				 " protocol = udp\n local_port = %any\n remote_port = 53\n"
				 " } }\n }\n}\n");
}

static void test_transport_ignores(void **state)
{
	assert_warning("connections {\n c1 {\n" X509_AUTH
				   " tunnels { t1 { type = transport\n local = 10.1.0.0/24\n"
				   " } }\n }\n}\n",
				   "test.conf: connections.c1.tunnels.t1: warning: type = "
				   "transport ignores local, remote and NAT settings");
	assert_valid("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { type = transport\n protocol = udp\n"
				 " local_port = 1701\n } }\n }\n}\n");
}

static void test_tunnel_required(void **state)
{
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { remote = 10.2.0.0/24\n } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.local: missing; "
				 "allowed: the local network (CIDR) of a tunnel");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels { t1 { local = 10.2.0.0/24\n } }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1.remote: missing");
}

static void test_auth_required(void **state)
{
	assert_error("connections {\n c1 {\n authentication { method = x509\n"
				 " }\n }\n}\n",
				 "test.conf: connections.c1.authentication.local_certificate: "
				 "missing; allowed: the machine certificate file (PEM)");
	assert_error("connections {\n c1 {\n authentication { method = x509\n"
				 " }\n }\n}\n",
				 "test.conf: connections.c1.authentication.local_key: missing");
	assert_error("connections {\n c1 {\n"
				 X509_AUTH_WITH(" remote_ca = none\n") " }\n}\n",
				 "test.conf: connections.c1.authentication.remote_certificate: "
				 "missing; allowed: the peer's certificate file when "
				 "remote_ca = none");
	assert_error("connections {\n c1 {\n gateway = 192.0.2.1\n"
				 " authentication { method = psk\n }\n }\n}\n",
				 "test.conf: connections.c1.authentication.psk: missing; "
				 "allowed: the pre-shared key for method psk");
	assert_warning("connections {\n c1 {\n gateway = 192.0.2.1\n"
				   PSK_AUTH("short") TUNNEL("10.1.0.0/24", "10.2.0.0/24")
				   " }\n}\n",
				   "test.conf: connections.c1.authentication.psk: warning: a "
				   "key of fewer than 8 characters");
}

static void test_identities(void **state)
{
	const char *psk = "connections {\n c1 {\n gateway = 192.0.2.1\n"
		PSK_AUTH_WITH("secret12", " remote_id = \"%s\"\n")
		TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n";
	const char *x509 = "connections {\n c1 {\n gateway = 192.0.2.1\n"
		X509_AUTH_WITH(" remote_id = \"%s\"\n")
		TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n";
	const char *ok_psk[] = { "192.0.2.1", "@vpn1138.example.com",
							 "piepiorra@example.com" };
	const char *ok_x509[] = { "CN=*, O=Smith and Co., C=US",
							  "CN=*,O=Smith and Co.,C=US",
							  "C=US, O=Smith and Co., CN=VPN endpoint 01",
							  "@vpn.example.com" };
	char buf[1024];
	u_int i;

	for (i = 0; i < countof(ok_psk); i++)
	{
		snprintf(buf, sizeof(buf), psk, ok_psk[i]);
		assert_valid(buf);
	}
	for (i = 0; i < countof(ok_x509); i++)
	{
		snprintf(buf, sizeof(buf), x509, ok_x509[i]);
		assert_valid(buf);
	}
	snprintf(buf, sizeof(buf), psk, "CN=*, O=Smith and Co., C=US");
	assert_error(buf, "test.conf: connections.c1.authentication.remote_id: "
				 "'CN=*, O=Smith and Co., C=US' is not a VPN identifier; "
				 "allowed: an IP address, @host, an e-mail address");
	snprintf(buf, sizeof(buf), psk, "vpn.example.com");
	assert_error(buf, "'vpn.example.com' is not a VPN identifier");
	snprintf(buf, sizeof(buf), x509, "@not a host");
	assert_error(buf, "'@not a host' is not a VPN identifier; allowed: an IP "
				 "address, @host, an e-mail address or a subject filter with "
				 "* wildcards");
}

static void test_interfaces(void **state)
{
	assert_error("connections {\n c1 {\n any_interface = dmz\n" X509_AUTH
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n",
				 "test.conf: connections.c1.any_interface: no Linux interface "
				 "is bound to this mGuard interface; allowed: an interface "
				 "set in global.interfaces, or address");
	assert_valid("global {\n interfaces {\n dmz = eth2\n }\n}\n"
				 "connections {\n c1 {\n any_interface = dmz\n" X509_AUTH
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n");
	assert_valid("global {\n interfaces {\n dial_in = ppp0\n }\n}\n"
				 "connections {\n c1 {\n any_interface = dial-in\n" X509_AUTH
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n");
	assert_error("connections {\n c1 {\n any_interface = address\n" X509_AUTH
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n",
				 "test.conf: connections.c1.any_address: missing; allowed: the "
				 "local IPv4 address to use when any_interface = address");
}

static void test_sms_token_and_proxy(void **state)
{
	assert_error("connections {\n c1 {\n sms_token = \"two words\"\n"
				 X509_AUTH TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n",
				 "test.conf: connections.c1.sms_token: contains white space; "
				 "allowed: a token without spaces");
	assert_valid("connections {\n c1 {\n sms_token = athen-4711\n"
				 X509_AUTH TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n");
	assert_error("global {\n proxy {\n host = proxy.example.com\n"
				 " auth = digest\n }\n}\n"
				 "connections {\n c1 {\n encapsulation = tcp\n"
				 " gateway = 192.0.2.1\n" X509_AUTH_WITH(
				 " remote_id = @gw.example.com\n")
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n",
				 "test.conf: connections.c1.encapsulation: TCP encapsulation "
				 "through a proxy cannot use global.proxy.auth = digest");
	assert_valid("global {\n proxy {\n host = proxy.example.com\n"
				 " auth = digest\n }\n}\n"
				 "connections {\n c1 {\n encapsulation = path_finder\n"
				 " gateway = 192.0.2.1\n" X509_AUTH_WITH(
				 " remote_id = @gw.example.com\n")
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n");
}

static void test_service_input(void **state)
{
	assert_error("connections {\n c1 {\n service_input = cmd2\n" X509_AUTH
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n",
				 "test.conf: connections.c1.service_input: cmd2 has no source; "
				 "allowed: none, or a CMD contact set in "
				 "global.service_inputs");
	assert_valid("global {\n service_inputs {\n cmd2 = file:/run/cmd2\n"
				 " mode = pushbutton\n }\n}\n"
				 "connections {\n c1 {\n service_input = cmd2\n" X509_AUTH
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n");
}

static void test_mode_config(void **state)
{
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " mode_config { mode = server\n }\n }\n}\n",
				 "test.conf: connections.c1.mode_config.local_network: "
				 "missing; allowed: the local network (CIDR) when local = "
				 "fixed");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " mode_config { mode = server\n local_network = 10.0.0.0/8\n"
				 " }\n }\n}\n",
				 "test.conf: connections.c1.mode_config.pool: missing; "
				 "allowed: the address pool (CIDR) when remote = pool");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " mode_config { mode = server\n local = table\n"
				 " remote = table\n }\n }\n}\n",
				 "test.conf: connections.c1.mode_config.local_networks: "
				 "missing; allowed: a list of networks");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " mode_config { mode = server\n local = table\n"
				 " local_networks = 10.1.0.0/24\n remote = table\n }\n }\n}\n",
				 "test.conf: connections.c1.mode_config.remote_networks: "
				 "missing");
	/* tranches: mguard-control hands out whole networks, no warning */
	assert_no_message("connections {\n c1 {\n startup = wait\n" X509_AUTH
				" mode_config { mode = server\n local_network = 10.0.0.0/8\n"
				" pool = 10.200.0.0/16\n tranche = 24\n }\n }\n}\n",
				"mode_config.tranche");
	assert_no_message("connections {\n c1 {\n startup = wait\n" X509_AUTH
				" mode_config { mode = server\n local_network = 10.0.0.0/8\n"
				" pool = 10.200.0.0/16\n tranche = 16\n }\n }\n}\n",
				"mode_config.tranche");
	assert_error("connections {\n c1 {\n startup = wait\n" X509_AUTH
				 " mode_config { mode = server\n local_network = 10.0.0.0/8\n"
				 " pool = 10.200.0.0/16\n tranche = 15\n }\n }\n}\n",
				 "test.conf: connections.c1.mode_config.tranche: /15 is larger "
				 "than the pool 10.200.0.0/16; allowed: 16..32");
	assert_error("connections {\n c1 {\n gateway = 192.0.2.1\n version = ikev1\n"
				 PSK_AUTH("secret12") " mode_config { mode = client\n"
				 " remote_mode = fixed\n }\n }\n}\n",
				 "test.conf: connections.c1.mode_config.remote_network: "
				 "missing; allowed: the remote network (CIDR) when "
				 "remote_mode = fixed");
	assert_error("connections {\n c1 {\n gateway = 192.0.2.1\n version = ikev1\n"
				 PSK_AUTH("secret12") " mode_config { mode = client\n"
				 " xauth_login = bob\n }\n }\n}\n",
				 "test.conf: connections.c1.mode_config.xauth_password: "
				 "missing; allowed: xauth_login and xauth_password together");
	assert_error("connections {\n c1 {\n gateway = 192.0.2.1\n"
				 PSK_AUTH("secret12") " mode_config { mode = client\n"
				 " xauth_login = bob\n xauth_password = pw\n }\n }\n}\n",
				 "test.conf: connections.c1.mode_config.xauth_login: XAuth "
				 "exists only in IKEv1");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " mode_config { mode = client\n }\n }\n}\n",
				 "test.conf: connections.c1.gateway: a Mode Config client "
				 "needs the server's address");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " mode_config { mode = client\n local_nat = masquerade\n"
				 " }\n }\n}\n",
				 "test.conf: connections.c1.mode_config.local_nat_network: "
				 "missing");
	assert_error("xauth {\n users {\n u1 {\n name = alice\n }\n }\n}\n",
				 "test.conf: xauth.users.u1.password: missing");
}

static void test_groups_and_records(void **state)
{
	const char *groups =
		"groups {\n"
		" ip {\n plcs = 10.1.0.10, 10.1.0.11-10.1.0.20, 10.1.1.0/24,"
		" plc.example.com\n }\n"
		" port {\n web = 80, 443, 8000:8080, https\n }\n"
		" rules {\n modbus_ro {\n r1 {\n protocol = tcp\n to_port = 502\n"
		" action = accept\n }\n }\n }\n"
		"}\n";
	mguard_report_t *report;
	mguard_model_t *model;
	mguard_group_t *group;
	mguard_addr_t *addr;
	mguard_ports_t *ports;
	char buf[2048];

	report = load(groups, &model);
	assert_non_null(model);
	assert_int_equal(model->ip_groups->get_count(model->ip_groups), 1);
	model->ip_groups->get_first(model->ip_groups, (void**)&group);
	assert_string_equal(group->name, "plcs");
	assert_int_equal(group->entries->get_count(group->entries), 4);
	group->entries->get_last(group->entries, (void**)&addr);
	assert_int_equal(addr->type, MGUARD_ADDR_HOSTNAME);
	model->port_groups->get_first(model->port_groups, (void**)&group);
	group->entries->get_last(group->entries, (void**)&ports);
	assert_int_equal(ports->from, 443);
	assert_int_equal(ports->to, 443);
	mguard_model_destroy(model);
	report->destroy(report);

	snprintf(buf, sizeof(buf), "%sconnections {\n c1 {\n" X509_AUTH
			 " firewall { incoming { policy = rules\n rules {\n"
			 " r1 { protocol = tcp\n to = plcs\n to_port = web\n }\n"
			 " r2 { action = modbus_ro\n }\n"
			 " r3 { from = nosuchgroup\n }\n"
			 " r4 { protocol = tcp\n from_port = nosuchports\n }\n"
			 " r5 { action = nosuchrecord\n }\n"
			 " } } }\n }\n}\n", groups);
	report = load(buf, NULL);
	assert_int_equal(report->get_errors(report), 3);
	assert_true(report->contains(report, "test.conf: connections.c1.firewall."
		"incoming.rules.r3.from: no IP group 'nosuchgroup'; allowed: an "
		"address, network, range or a name defined in groups.ip"));
	assert_true(report->contains(report, "test.conf: connections.c1.firewall."
		"incoming.rules.r4.from_port: no port group or service "
		"'nosuchports'"));
	assert_true(report->contains(report, "test.conf: connections.c1.firewall."
		"incoming.rules.r5.action: no rule record 'nosuchrecord'; allowed: "
		"accept | reject | drop | a name defined in groups.rules"));
	report->destroy(report);

	assert_error("groups {\n rules {\n a {\n r1 {\n action = b\n }\n }\n"
				 " b {\n r1 {\n action = drop\n }\n }\n }\n}\n",
				 "test.conf: groups.rules.a.r1.action: a rule record cannot "
				 "refer to another one");
	assert_error("groups {\n ip {\n bad = 10.0.0.0/33\n }\n}\n",
				 "test.conf: groups.ip.bad: '10.0.0.0/33' is not an address");
	assert_error("groups {\n port {\n bad = 1:2:3\n }\n}\n",
				 "test.conf: groups.port.bad: '1:2:3' is not a port");
	assert_error("groups {\n port {\n empty = ,\n }\n}\n",
				 "test.conf: groups.port.empty: empty group");
}

static void test_obsolete_algorithms(void **state)
{
	const char *model = "connections {\n c1 {\n" X509_AUTH
		" ike { %s = %s\n }\n" TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n}\n";
	const struct {
		const char *key;
		const char *value;
		const char *msg;
	} tests[] = {
		{ "proposals", "des-md5-modp768", "obsolete algorithm DES" },
		{ "proposals", "des-md5-modp768", "obsolete algorithm MD5" },
		{ "proposals", "des-md5-modp768", "obsolete algorithm DH group 1" },
		{ "proposals", "3des-sha1-modp1024", "obsolete algorithm 3DES" },
		{ "proposals", "3des-sha1-modp1024", "obsolete algorithm SHA-1" },
		{ "proposals", "aes128-sha256-modp1024", "obsolete algorithm DH group 2" },
		{ "esp_proposals", "aes128-sha1-modp1536", "obsolete algorithm DH group 5" },
	};
	char buf[1024];
	u_int i;

	for (i = 0; i < countof(tests); i++)
	{
		snprintf(buf, sizeof(buf), model, tests[i].key, tests[i].value);
		assert_warning(buf, tests[i].msg);
	}
	snprintf(buf, sizeof(buf), model, "esp_proposals", "aes128-sha256");
	assert_warning(buf, "test.conf: connections.c1.ike.esp_proposals: warning: "
				   "pfs = yes but no DH group in the ESP proposals");
}

static void test_connection_key(void **state)
{
	assert_error("connections {\n \"a b\" {\n" X509_AUTH " }\n}\n",
				 "test.conf: syntax error");
	assert_error("connections {\n caf%C3 {\n" X509_AUTH " }\n}\n",
				 "test.conf: connections.caf%C3: invalid connection key; "
				 "allowed: letters, digits, '_' and '-'");
}

static void test_duplicate_keys(void **state)
{
	assert_error("connections {\n c1 {\n" X509_AUTH " }\n"
				 " c2 {\n" X509_AUTH " }\n"
				 " c1 {\n name = again\n }\n}\n",
				 "test.conf: connections.c1: defined more than once; "
				 "allowed: each key once per table");
	assert_error("connections {\n c1 {\n" X509_AUTH
				 " tunnels {\n t1 { local = 10.0.0.0/8\n remote = 10.0.0.0/8\n }"
				 "\n t1 { enabled = no\n }\n }\n }\n}\n",
				 "test.conf: connections.c1.tunnels.t1: defined more than "
				 "once");
	/* the same key in different tables is fine */
	assert_valid("connections {\n c1 {\n" X509_AUTH
				 TUNNEL("10.1.0.0/24", "10.2.0.0/24") " }\n"
				 " c2 {\n" X509_AUTH TUNNEL("10.3.0.0/24", "10.4.0.0/24")
				 " }\n}\n");
}

static void test_load_file(void **state)
{
	mguard_report_t *report;
	mguard_model_t *model;
	char path[] = "/tmp/test-model-XXXXXX";
	FILE *fp;
	int fd;

	report = mguard_report_create();
	model = mguard_model_load("/nonexistent/vpn.conf", report);
	assert_null(model);
	assert_true(report->contains(report, "/nonexistent/vpn.conf: cannot read "
								 "the model file"));
	report->destroy(report);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fprintf(fp, "global {\n license {\n peers = 7\n }\n}\n");
	fclose(fp);
	report = mguard_report_create();
	model = mguard_model_load(path, report);
	assert_non_null(model);
	assert_int_equal(mguard_model_license_peers(model), 7);
	mguard_model_destroy(model);
	report->destroy(report);

	fp = fopen(path, "w");
	fprintf(fp, "global {\n license {\n peers = x\n }\n}\n");
	fclose(fp);
	report = mguard_report_create();
	model = mguard_model_load(path, report);
	assert_null(model);
	assert_true(report->contains(report, ": global.license.peers: 'x' is not "
								 "a number"));
	assert_true(report->contains(report, path));
	report->destroy(report);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global_only),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_all_errors),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_value_errors),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_gateway_any_psk),
		cmocka_unit_test(test_explicit_gateway_remote_id),
		cmocka_unit_test(test_encapsulation),
		cmocka_unit_test(test_aggressive_psk_mode_config),
		cmocka_unit_test(test_hub_and_spoke_1to1),
		cmocka_unit_test(test_default_route_once),
		cmocka_unit_test(test_masquerade_single_address),
		cmocka_unit_test(test_1to1_sizes),
		cmocka_unit_test(test_listener_ports),
		cmocka_unit_test(test_ports_need_tcp_udp),
		cmocka_unit_test(test_transport_ignores),
		cmocka_unit_test(test_tunnel_required),
		cmocka_unit_test(test_auth_required),
		cmocka_unit_test(test_identities),
		cmocka_unit_test(test_interfaces),
		cmocka_unit_test(test_service_input),
		cmocka_unit_test(test_sms_token_and_proxy),
		cmocka_unit_test(test_mode_config),
		cmocka_unit_test(test_groups_and_records),
		cmocka_unit_test(test_obsolete_algorithms),
		cmocka_unit_test(test_connection_key),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_load_file),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
