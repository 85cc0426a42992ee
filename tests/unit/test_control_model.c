/*
 * Unit tests of what mguard-control reads from the model (through
 * common/'s parser): names, modes, startup, timeouts, tokens, tunnels.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

#include <library.h>

#include "plugins/control/mguard_control_model.h"

static char path[] = "/tmp/test_control_model.XXXXXX";

static int group_setup(void **state)
{
	int fd;

	if (!library_init(NULL, "test-control-model"))
	{
		return -1;
	}
	fd = mkstemp(path);
	if (fd < 0)
	{
		return -1;
	}
	close(fd);
	return 0;
}

static int group_teardown(void **state)
{
	unlink(path);
	library_deinit();
	return 0;
}

static void write_model(const char *text)
{
	FILE *file = fopen(path, "w");

	assert_non_null(file);
	fputs(text, file);
	fclose(file);
}

#define PSK_AUTH \
	"        authentication {\n" \
	"            method = psk\n" \
	"            psk = a-long-enough-secret-0123456789\n" \
	"            local_id = @a\n" \
	"            remote_id = @b\n" \
	"        }\n"

#define TUNNEL(name, enabled, local, remote) \
	"            " name " {\n" \
	"                enabled = " enabled "\n" \
	"                local = " local "\n" \
	"                remote = " remote "\n" \
	"            }\n"

static const char *model =
	"global {\n"
	"    license {\n"
	"        peers = 3\n"
	"    }\n"
	"}\n"
	"connections {\n"
	"    athen {\n"
	"        name = Athen\n"
	"        gateway = 192.0.2.2\n"
	"        tunnels {\n"
	TUNNEL("t1", "yes", "10.1.0.0/24", "10.2.0.0/24")
	TUNNEL("t2", "no", "10.1.1.0/24", "10.2.1.0/24")
	TUNNEL("t3", "yes", "10.1.2.0/24", "10.2.2.0/24")
	"        }\n"
	PSK_AUTH
	"    }\n"
	"    ny {\n"
	"        name = New York\n"
	"        initial_mode = stopped\n"
	"        startup = on_traffic\n"
	"        deactivation_timeout = 01:02:03\n"
	"        sms_token = s3cret\n"
	"        gateway = 192.0.2.3\n"
	"        tunnels {\n"
	TUNNEL("t1", "yes", "10.1.3.0/24", "10.2.3.0/24")
	"        }\n"
	PSK_AUTH
	"    }\n"
	"    keyonly {\n"
	"        initial_mode = disabled\n"
	"        startup = wait\n"
	"        deactivation_timeout = 90\n"
	"        gateway = 192.0.2.4\n"
	"        tunnels {\n"
	TUNNEL("t1", "yes", "10.1.4.0/24", "10.2.4.0/24")
	"        }\n"
	PSK_AUTH
	"    }\n"
	"}\n";

static void test_read(void **unused)
{
	mguard_control_conn_cfg_t *cfg;
	array_t *conns;
	u_int peers;

	write_model(model);
	assert_true(mguard_control_model_read(path, &conns, &peers, NULL));
	assert_int_equal(peers, 3);
	assert_int_equal(array_count(conns), 3);

	/* model order, mGuard defaults */
	array_get(conns, 0, &cfg);
	assert_string_equal(cfg->key, "athen");
	assert_string_equal(cfg->name, "Athen");
	assert_int_equal(cfg->initial, MGUARD_CONTROL_MODE_STARTED);
	assert_int_equal(cfg->startup, MGUARD_CONTROL_STARTUP_INITIATE);
	assert_int_equal(cfg->timeout, 0);
	assert_null(cfg->sms_token);
	/* enabled tunnels only */
	assert_int_equal(cfg->tunnels, 2);

	array_get(conns, 1, &cfg);
	assert_string_equal(cfg->key, "ny");
	assert_string_equal(cfg->name, "New York");
	assert_int_equal(cfg->initial, MGUARD_CONTROL_MODE_STOPPED);
	assert_int_equal(cfg->startup, MGUARD_CONTROL_STARTUP_ON_TRAFFIC);
	assert_int_equal(cfg->timeout, 3723);
	assert_string_equal(cfg->sms_token, "s3cret");
	assert_int_equal(cfg->tunnels, 1);

	/* the name defaults to the key */
	array_get(conns, 2, &cfg);
	assert_string_equal(cfg->name, "keyonly");
	assert_int_equal(cfg->initial, MGUARD_CONTROL_MODE_DISABLED);
	assert_int_equal(cfg->startup, MGUARD_CONTROL_STARTUP_WAIT);
	assert_int_equal(cfg->timeout, 90);

	array_destroy_function(conns, (void*)mguard_control_conn_cfg_destroy, NULL);
}

static void test_equals(void **unused)
{
	mguard_control_conn_cfg_t *a, *b;
	array_t *first, *second;
	u_int peers;

	write_model(model);
	assert_true(mguard_control_model_read(path, &first, &peers, NULL));
	assert_true(mguard_control_model_read(path, &second, &peers, NULL));
	array_get(first, 1, &a);
	array_get(second, 1, &b);
	assert_true(mguard_control_conn_cfg_equals(a, b));

	b->timeout++;
	assert_false(mguard_control_conn_cfg_equals(a, b));
	b->timeout--;
	free(b->sms_token);
	b->sms_token = NULL;
	assert_false(mguard_control_conn_cfg_equals(a, b));
	assert_false(mguard_control_conn_cfg_equals(b, a));
	b->sms_token = strdup("s3cret");
	b->initial = MGUARD_CONTROL_MODE_STARTED;
	assert_false(mguard_control_conn_cfg_equals(a, b));
	b->initial = MGUARD_CONTROL_MODE_STOPPED;
	assert_true(mguard_control_conn_cfg_equals(a, b));

	array_get(first, 0, &a);
	assert_false(mguard_control_conn_cfg_equals(a, b));

	array_destroy_function(first, (void*)mguard_control_conn_cfg_destroy, NULL);
	array_destroy_function(second, (void*)mguard_control_conn_cfg_destroy,
						   NULL);
}

static void test_service_inputs(void **unused)
{
	mguard_control_inputs_cfg_t inputs;
	mguard_control_conn_cfg_t *cfg;
	array_t *conns;
	u_int peers;

	write_model(
		"global {\n"
		"    service_inputs {\n"
		"        cmd2 = file:/run/cmd2\n"
		"        mode = pushbutton\n"
		"    }\n"
		"}\n"
		"connections {\n"
		"    a {\n"
		"        service_input = cmd2\n"
		"        service_input_inverted = yes\n"
		"        gateway = 192.0.2.2\n"
		"        tunnels {\n"
		TUNNEL("t1", "yes", "10.1.0.0/24", "10.2.0.0/24")
		"        }\n"
		PSK_AUTH
		"    }\n"
		"}\n");
	assert_true(mguard_control_model_read(path, &conns, &peers, &inputs));
	assert_null(inputs.cmd[0]);
	assert_string_equal(inputs.cmd[1], "file:/run/cmd2");
	assert_null(inputs.cmd[2]);
	assert_true(inputs.pushbutton);
	array_get(conns, 0, &cfg);
	assert_int_equal(cfg->service_input, 2);
	assert_true(cfg->inverted);
	mguard_control_inputs_cfg_clear(&inputs);
	assert_null(inputs.cmd[1]);
	array_destroy_function(conns, (void*)mguard_control_conn_cfg_destroy, NULL);

	/* defaults: no inputs, switch */
	write_model(model);
	assert_true(mguard_control_model_read(path, &conns, &peers, &inputs));
	assert_null(inputs.cmd[0]);
	assert_false(inputs.pushbutton);
	array_get(conns, 0, &cfg);
	assert_int_equal(cfg->service_input, 0);
	assert_false(cfg->inverted);
	mguard_control_inputs_cfg_clear(&inputs);
	array_destroy_function(conns, (void*)mguard_control_conn_cfg_destroy, NULL);
}

static void test_invalid(void **unused)
{
	array_t *conns = NULL;
	u_int peers = 42;

	write_model("connections {\n    x {\n        bogus = 1\n    }\n}\n");
	assert_false(mguard_control_model_read(path, &conns, &peers, NULL));
	assert_null(conns);
	assert_false(mguard_control_model_read("/nonexistent/vpn.conf", &conns,
										   &peers, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_equals),
		cmocka_unit_test(test_service_inputs),
		cmocka_unit_test(test_invalid),
	};

	return cmocka_run_group_tests_name("mguard-control model", tests,
									   group_setup, group_teardown);
}
