/*
 * test_netaddr.c - which addresses a webhook may reach (core/netaddr.h): every range the issue names
 * (loopback, private, link-local, CGNAT, multicast, unspecified, IPv6 unique local and IPv4-mapped)
 * is refused with its name, and the edges of each range are checked from both sides.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/netaddr.h"

#include "util/banned.h"

/* What tm_netaddr_private says of a textual address ("public" for NULL). */
static const char *verdict(const char *text)
{
	unsigned char b[16];
	const char *why = "unparsed";
	if (inet_pton(AF_INET, text, b) == 1)
		why = tm_netaddr_private(b, 4);
	else if (inet_pton(AF_INET6, text, b) == 1)
		why = tm_netaddr_private(b, 16);
	else
		fail_msg("not an address: %s", text);
	return why ? why : "public";
}

static void ipv4_ranges(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "127.0.0.1", "loopback" },        { "127.255.255.254", "loopback" },  { "10.0.0.1", "private" },
		{ "10.255.255.255", "private" },    { "172.16.0.1", "private" },        { "172.31.255.255", "private" },
		{ "172.15.255.255", "public" },     { "172.32.0.0", "public" },         { "192.168.1.1", "private" },
		{ "192.169.0.1", "public" },        { "169.254.169.254", "link-local" }, { "100.64.0.1", "shared (CGNAT)" },
		{ "100.127.255.255", "shared (CGNAT)" }, { "100.63.255.255", "public" }, { "100.128.0.0", "public" },
		{ "224.0.0.1", "multicast" },       { "239.255.255.255", "multicast" }, { "0.0.0.0", "unspecified" },
		{ "255.255.255.255", "broadcast" }, { "240.0.0.1", "reserved" },        { "192.0.2.10", "documentation" },
		{ "8.8.8.8", "public" },            { "93.184.216.34", "public" },      { "1.1.1.1", "public" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(verdict(cases[i][0]), cases[i][1]))
			fail_msg("%s: %s, expected %s", cases[i][0], verdict(cases[i][0]), cases[i][1]);
}

static void ipv6_ranges(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "::1", "loopback" },
		{ "::", "unspecified" },
		{ "fc00::1", "unique local (IPv6)" },
		{ "fdff:ffff::1", "unique local (IPv6)" },
		{ "fe80::1", "link-local" },
		{ "febf::1", "link-local" },
		{ "fec0::1", "site-local (IPv6)" },
		{ "ff02::1", "multicast" },
		{ "::ffff:8.8.8.8", "IPv4-mapped" },
		{ "::ffff:127.0.0.1", "IPv4-mapped" },
		{ "64:ff9b::10.0.0.1", "private" },
		{ "64:ff9b::8.8.8.8", "public" },
		{ "2002:7f00:1::", "loopback" },
		{ "2001:db8::1", "documentation" },
		{ "2606:4700:4700::1111", "public" },
		{ "2a00:1450:4001:80b::200e", "public" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(verdict(cases[i][0]), cases[i][1]))
			fail_msg("%s: %s, expected %s", cases[i][0], verdict(cases[i][0]), cases[i][1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipv4_ranges),
		cmocka_unit_test(ipv6_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
