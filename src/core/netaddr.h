/*
 * netaddr.h - which network addresses a webhook may reach. A webhook's URL is the admin's, but
 * what its host resolves to is anyone's: without a check a webhook becomes a way into the
 * internal network (a cloud's metadata service, a database on loopback). Pure: bytes in, a verdict
 * and its reason out.
 */
#ifndef TM_CORE_NETADDR_H
#define TM_CORE_NETADDR_H

#include <stdbool.h>
#include <stddef.h>

/*
 * NULL when the address (4 bytes IPv4, or 16 bytes IPv6, network order) is a public unicast one;
 * otherwise what it is: "loopback", "private", "link-local", "shared (CGNAT)", "multicast",
 * "unspecified", "reserved", "broadcast", "unique local (IPv6)", "IPv4-mapped", "documentation",
 * "site-local (IPv6)", or the reason of the IPv4 address a NAT64/6to4 one embeds.
 */
const char *tm_netaddr_private(const unsigned char *bytes, size_t len);

#endif
