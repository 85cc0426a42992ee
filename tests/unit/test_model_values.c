/*
 * Unit tests of the model's value parsers (common/mguard_values.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <library.h>

#include <mguard_values.h>

static int group_setup(void **state)
{
	return library_init(NULL, "test-values") ? 0 : -1;
}

static int group_teardown(void **state)
{
	library_deinit();
	return 0;
}

static void test_bool(void **state)
{
	const char *yes[] = { "yes", "YES", "true", "On", "1" };
	const char *no[] = { "no", "False", "off", "0" };
	const char *bad[] = { "", "y", "2", "yes ", "nope" };
	bool value;
	u_int i;

	for (i = 0; i < countof(yes); i++)
	{
		value = FALSE;
		assert_true(mguard_parse_bool(yes[i], &value));
		assert_true(value);
	}
	for (i = 0; i < countof(no); i++)
	{
		value = TRUE;
		assert_true(mguard_parse_bool(no[i], &value));
		assert_false(value);
	}
	for (i = 0; i < countof(bad); i++)
	{
		assert_false(mguard_parse_bool(bad[i], &value));
	}
}

static void test_uint(void **state)
{
	uint64_t value;

	assert_true(mguard_parse_uint("0", 10, &value));
	assert_int_equal(value, 0);
	assert_true(mguard_parse_uint("65535", 65535, &value));
	assert_int_equal(value, 65535);
	assert_false(mguard_parse_uint("65536", 65535, &value));
	assert_false(mguard_parse_uint("-1", 65535, &value));
	assert_false(mguard_parse_uint("+1", 65535, &value));
	assert_false(mguard_parse_uint("1 ", 65535, &value));
	assert_false(mguard_parse_uint("", 65535, &value));
	assert_false(mguard_parse_uint("0x10", 65535, &value));
	assert_false(mguard_parse_uint("99999999999999999999999", UINT64_MAX,
								   &value));
	assert_true(mguard_parse_uint("18446744073709551615", UINT64_MAX, &value));
	assert_false(mguard_parse_uint("18446744073709551616", UINT64_MAX, &value));
}

static void test_keyword(void **state)
{
	const char *const words[] = { "none", "tcp", "path_finder", NULL };
	int idx = -1;

	assert_true(mguard_parse_keyword("TCP", words, &idx));
	assert_int_equal(idx, 1);
	assert_true(mguard_parse_keyword("path_finder", words, &idx));
	assert_int_equal(idx, 2);
	assert_false(mguard_parse_keyword("path-finder", words, &idx));
	assert_false(mguard_parse_keyword("", words, &idx));
	assert_false(mguard_parse_keyword(NULL, words, &idx));
}

static void test_hms(void **state)
{
	const struct {
		const char *str;
		uint32_t secs;
	} ok[] = {
		{ "0", 0 },
		{ "59", 59 },
		{ "90", 90 },
		{ "1:30", 90 },
		{ "05:00", 300 },
		{ "1:00:00", 3600 },
		{ "720:00:00", 720 * 3600 },
		{ "12:34:56", 12 * 3600 + 34 * 60 + 56 },
	};
	const char *bad[] = { "", ":", "1:", ":1", "1:60", "1:2:60", "1:60:00",
						  "1:2:3:4", "a", "1:a", "-1", "1.5", "1:2 " };
	uint32_t secs;
	u_int i;

	for (i = 0; i < countof(ok); i++)
	{
		assert_true(mguard_parse_hms(ok[i].str, &secs));
		assert_int_equal(secs, ok[i].secs);
	}
	for (i = 0; i < countof(bad); i++)
	{
		assert_false(mguard_parse_hms(bad[i], &secs));
	}
}

static void test_duration(void **state)
{
	uint32_t secs;

	assert_true(mguard_parse_duration("30s", &secs));
	assert_int_equal(secs, 30);
	assert_true(mguard_parse_duration("120", &secs));
	assert_int_equal(secs, 120);
	assert_true(mguard_parse_duration("45m", &secs));
	assert_int_equal(secs, 2700);
	assert_true(mguard_parse_duration("8h", &secs));
	assert_int_equal(secs, 28800);
	assert_true(mguard_parse_duration("1d", &secs));
	assert_int_equal(secs, 86400);
	/* values are case-insensitive (MODEL.md) */
	assert_true(mguard_parse_duration("8H", &secs));
	assert_int_equal(secs, 28800);
	assert_true(mguard_parse_duration("4294967295", &secs));
	assert_int_equal(secs, UINT32_MAX);
	assert_false(mguard_parse_duration("4294967296", &secs));
	assert_false(mguard_parse_duration("h", &secs));
	assert_false(mguard_parse_duration("8x", &secs));
	assert_false(mguard_parse_duration("8 h", &secs));
	assert_false(mguard_parse_duration("", &secs));
	assert_false(mguard_parse_duration("99999999999d", &secs));
}

static void test_size(void **state)
{
	uint64_t bytes;

	assert_true(mguard_parse_size("1M", &bytes));
	assert_int_equal(bytes, 1024 * 1024);
	assert_true(mguard_parse_size("512k", &bytes));
	assert_int_equal(bytes, 512 * 1024);
	assert_true(mguard_parse_size("2G", &bytes));
	assert_int_equal(bytes, 2ULL * 1024 * 1024 * 1024);
	assert_true(mguard_parse_size("100", &bytes));
	assert_int_equal(bytes, 100);
	assert_false(mguard_parse_size("1T", &bytes));
	assert_false(mguard_parse_size("M", &bytes));
}

static void test_ipv4(void **state)
{
	host_t *host;

	host = mguard_parse_ipv4("192.0.2.1");
	assert_non_null(host);
	assert_int_equal(host->get_family(host), AF_INET);
	host->destroy(host);
	assert_null(mguard_parse_ipv4("192.0.2"));
	assert_null(mguard_parse_ipv4("192.0.2.256"));
	assert_null(mguard_parse_ipv4("2001:db8::1"));
	assert_null(mguard_parse_ipv4("host.example.com"));
	assert_null(mguard_parse_ipv4(""));
}

static void test_cidr(void **state)
{
	bool host_bits;
	uint8_t prefix;
	host_t *host;

	host = mguard_parse_cidr("10.0.0.0/8", &prefix, &host_bits);
	assert_non_null(host);
	assert_int_equal(prefix, 8);
	assert_false(host_bits);
	host->destroy(host);

	host = mguard_parse_cidr("10.1.7.1", &prefix, &host_bits);
	assert_non_null(host);
	assert_int_equal(prefix, 32);
	assert_false(host_bits);
	host->destroy(host);

	host = mguard_parse_cidr("0.0.0.0/0", &prefix, &host_bits);
	assert_non_null(host);
	assert_int_equal(prefix, 0);
	assert_false(host_bits);
	host->destroy(host);

	host = mguard_parse_cidr("10.1.7.1/24", &prefix, &host_bits);
	assert_non_null(host);
	assert_true(host_bits);
	host->destroy(host);

	host = mguard_parse_cidr("1.2.3.4/0", &prefix, &host_bits);
	assert_non_null(host);
	assert_true(host_bits);
	host->destroy(host);

	assert_null(mguard_parse_cidr("10.0.0.0/33", &prefix, &host_bits));
	assert_null(mguard_parse_cidr("10.0.0.0/", &prefix, &host_bits));
	assert_null(mguard_parse_cidr("10.0.0.0/008", &prefix, &host_bits));
	assert_null(mguard_parse_cidr("10.0.0/8", &prefix, &host_bits));
	assert_null(mguard_parse_cidr("/8", &prefix, &host_bits));
}

static void test_range(void **state)
{
	host_t *from, *to = NULL;

	from = mguard_parse_range("10.1.0.11-10.1.0.20", &to);
	assert_non_null(from);
	assert_non_null(to);
	from->destroy(from);
	to->destroy(to);
	from = mguard_parse_range("10.1.0.11-10.1.0.11", &to);
	assert_non_null(from);
	from->destroy(from);
	to->destroy(to);
	assert_null(mguard_parse_range("10.1.0.20-10.1.0.11", &to));
	assert_null(mguard_parse_range("10.1.0.20", &to));
	assert_null(mguard_parse_range("10.1.0.20-", &to));
	assert_null(mguard_parse_range("-10.1.0.20", &to));
	assert_null(mguard_parse_range("a-b", &to));
}

static void test_hostname(void **state)
{
	assert_true(mguard_is_hostname("vpn.example.com"));
	assert_true(mguard_is_hostname("vpn-1.example.com."));
	assert_true(mguard_is_hostname("localhost"));
	assert_true(mguard_is_hostname("3com.example"));
	assert_false(mguard_is_hostname("vpn..example.com"));
	assert_false(mguard_is_hostname("-vpn.example.com"));
	assert_false(mguard_is_hostname("vpn-.example.com"));
	assert_false(mguard_is_hostname("vpn_1.example.com"));
	assert_false(mguard_is_hostname("10.0.0.1"));
	assert_false(mguard_is_hostname("10.0.0.256"));
	assert_false(mguard_is_hostname(""));
	assert_false(mguard_is_hostname("."));
	assert_false(mguard_is_hostname("a b"));
	assert_false(mguard_is_hostname(
		"a123456789012345678901234567890123456789012345678901234567890123.com"));
}

static void test_identifier_ifname(void **state)
{
	assert_true(mguard_is_identifier("Athen"));
	assert_true(mguard_is_identifier("site_2-b"));
	assert_false(mguard_is_identifier("a b"));
	assert_false(mguard_is_identifier("a%b"));
	assert_false(mguard_is_identifier(""));
	assert_true(mguard_is_ifname("eth0"));
	assert_true(mguard_is_ifname("enp0s31f6.100"));
	assert_false(mguard_is_ifname("averyveryverylongname"));
	assert_false(mguard_is_ifname("eth0/1"));
	assert_false(mguard_is_ifname("eth0:1"));
	assert_false(mguard_is_ifname(""));
}

static void test_port(void **state)
{
	uint16_t port, from, to;

	assert_true(mguard_parse_port("502", &port));
	assert_int_equal(port, 502);
	/* service names come from the system's services database */
	assert_true(mguard_parse_port("https", &port));
	assert_int_equal(port, 443);
	assert_true(mguard_parse_port("ssh", &port));
	assert_int_equal(port, 22);
	assert_true(mguard_parse_port("domain", &port));
	assert_int_equal(port, 53);
	assert_false(mguard_parse_port("0", &port));
	assert_false(mguard_parse_port("65536", &port));
	assert_false(mguard_parse_port("nosuchservice", &port));
	assert_false(mguard_parse_port("", &port));

	assert_true(mguard_parse_port_range("8000:8080", &from, &to));
	assert_int_equal(from, 8000);
	assert_int_equal(to, 8080);
	assert_true(mguard_parse_port_range("https", &from, &to));
	assert_int_equal(from, 443);
	assert_int_equal(to, 443);
	assert_false(mguard_parse_port_range("8080:8000", &from, &to));
	assert_false(mguard_parse_port_range("1:2:3", &from, &to));
	assert_false(mguard_parse_port_range("http:https", &from, &to));
	assert_false(mguard_parse_port_range(":80", &from, &to));
}

static void test_protocol(void **state)
{
	uint8_t proto;

	assert_true(mguard_parse_protocol("all", FALSE, &proto));
	assert_int_equal(proto, 0);
	assert_true(mguard_parse_protocol("TCP", FALSE, &proto));
	assert_int_equal(proto, 6);
	assert_true(mguard_parse_protocol("udp", FALSE, &proto));
	assert_int_equal(proto, 17);
	assert_true(mguard_parse_protocol("icmp", FALSE, &proto));
	assert_int_equal(proto, 1);
	assert_true(mguard_parse_protocol("50", FALSE, &proto));
	assert_int_equal(proto, 50);
	assert_false(mguard_parse_protocol("gre", FALSE, &proto));
	assert_true(mguard_parse_protocol("gre", TRUE, &proto));
	assert_int_equal(proto, 47);
	assert_false(mguard_parse_protocol("0", FALSE, &proto));
	assert_false(mguard_parse_protocol("256", FALSE, &proto));
	assert_false(mguard_parse_protocol("sctp", TRUE, &proto));
}

static void test_list(void **state)
{
	const char *expected[] = { "10.1.0.10", "10.1.0.11-10.1.0.20", "a b" };
	enumerator_t *enumerator;
	char *item;
	int i = 0;

	enumerator = mguard_list_create_enumerator(
						" 10.1.0.10 ,10.1.0.11-10.1.0.20,, a b ,");
	while (enumerator->enumerate(enumerator, &item))
	{
		assert_true(i < 3);
		assert_string_equal(item, expected[i++]);
	}
	enumerator->destroy(enumerator);
	assert_int_equal(i, 3);

	enumerator = mguard_list_create_enumerator("");
	assert_false(enumerator->enumerate(enumerator, &item));
	enumerator->destroy(enumerator);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_uint),
		cmocka_unit_test(test_keyword),
		cmocka_unit_test(test_hms),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_cidr),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_hostname),
		cmocka_unit_test(test_identifier_ifname),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_protocol),
		cmocka_unit_test(test_list),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
