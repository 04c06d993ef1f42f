/* netaddr.c - which network addresses a webhook may reach (netaddr.h). */
#include <string.h>

#include "core/netaddr.h"

#include "util/banned.h"

static const char *v4(const unsigned char *a)
{
	if (a[0] == 0)
		return "unspecified";
	if (a[0] == 127)
		return "loopback";
	if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168))
		return "private";
	if (a[0] == 169 && a[1] == 254)
		return "link-local";
	if (a[0] == 100 && (a[1] & 0xc0) == 64)
		return "shared (CGNAT)";
	if (a[0] == 192 && a[1] == 0 && a[2] == 0)
		return "reserved";                     /* IETF protocol assignments */
	if ((a[0] == 192 && a[1] == 0 && a[2] == 2) || (a[0] == 198 && a[1] == 51 && a[2] == 100) ||
	    (a[0] == 203 && a[1] == 0 && a[2] == 113))
		return "documentation";
	if (a[0] == 198 && (a[1] & 0xfe) == 18)
		return "reserved";                     /* benchmarking */
	if ((a[0] & 0xf0) == 224)
		return "multicast";
	if (a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255)
		return "broadcast";
	if ((a[0] & 0xf0) == 240)
		return "reserved";
	return NULL;
}

static const char *v6(const unsigned char *a)
{
	static const unsigned char zero[16], mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff },
				       nat64[12] = { 0, 0x64, 0xff, 0x9b };
	if (!memcmp(a, zero, 15))
		return a[15] == 1 ? "loopback" : a[15] == 0 ? "unspecified" : "reserved";
	if (!memcmp(a, mapped, 12))
		return "IPv4-mapped";
	if (!memcmp(a, zero, 12))
		return "reserved";                     /* IPv4-compatible, deprecated */
	if (!memcmp(a, nat64, 12))
		return v4(a + 12);                     /* 64:ff9b::a.b.c.d reaches a.b.c.d */
	if (a[0] == 0x20 && a[1] == 0x02)
		return v4(a + 2);                      /* 6to4 embeds its IPv4 address */
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8)
		return "documentation";
	if ((a[0] & 0xfe) == 0xfc)
		return "unique local (IPv6)";
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return "link-local";
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return "site-local (IPv6)";
	if (a[0] == 0xff)
		return "multicast";
	return NULL;
}

const char *tm_netaddr_private(const unsigned char *bytes, size_t len)
{
	return len == 4 ? v4(bytes) : len == 16 ? v6(bytes) : "unspecified";
}
