/* The family table.  A family the codec understands is one line here plus
 * the file that defines its family_ops (unicast lives in nlri.c). */
#include "wire/family.h"

#include <string.h>

extern const struct family_ops family_ipv4_unicast;
extern const struct family_ops family_ipv6_unicast;
extern const struct family_ops family_bgpls, family_bgpls_vpn;   /* family_bgpls.c */
extern const struct family_ops family_ipv4_sr_policy, family_ipv6_sr_policy; /* family_srpolicy.c */
extern const struct family_ops family_ipv4_multicast, family_ipv6_multicast; /* nlri.c */
extern const struct family_ops family_ipv4_nlri_mpls, family_ipv6_nlri_mpls; /* family_vpn.c */
extern const struct family_ops family_ipv4_mpls_vpn, family_ipv6_mpls_vpn, family_ipv4_rtc; /* family_vpn.c */
extern const struct family_ops family_ipv4_flow, family_ipv6_flow;          /* family_flow.c */
extern const struct family_ops family_ipv4_flow_vpn, family_ipv6_flow_vpn;  /* family_flow.c */
extern const struct family_ops family_l2vpn_evpn, family_l2vpn_vpls;  /* family_evpn.c, family_vpls.c */
extern const struct family_ops family_ipv4_mcast_vpn, family_ipv6_mcast_vpn; /* family_mvpn.c */
extern const struct family_ops family_ipv4_mup, family_ipv6_mup;   /* family_mup.c */

/* Indexed by fam_t; later families append (FAM_* in family.h). */
static const struct family_ops *const family_table[FAM_MAX] = {
	[FAM_IPV4_UNICAST] = &family_ipv4_unicast,
	[FAM_IPV6_UNICAST] = &family_ipv6_unicast,
	[FAM_IPV4_FLOW] = &family_ipv4_flow, [FAM_IPV6_FLOW] = &family_ipv6_flow,
	[FAM_IPV4_FLOW_VPN] = &family_ipv4_flow_vpn, [FAM_IPV6_FLOW_VPN] = &family_ipv6_flow_vpn,
	[FAM_BGPLS] = &family_bgpls, [FAM_BGPLS_VPN] = &family_bgpls_vpn,
	[FAM_IPV4_SR_POLICY] = &family_ipv4_sr_policy, [FAM_IPV6_SR_POLICY] = &family_ipv6_sr_policy,
	[FAM_IPV4_MULTICAST] = &family_ipv4_multicast, [FAM_IPV6_MULTICAST] = &family_ipv6_multicast,
	[FAM_IPV4_NLRI_MPLS] = &family_ipv4_nlri_mpls, [FAM_IPV6_NLRI_MPLS] = &family_ipv6_nlri_mpls,
	[FAM_IPV4_MPLS_VPN] = &family_ipv4_mpls_vpn, [FAM_IPV6_MPLS_VPN] = &family_ipv6_mpls_vpn,
	[FAM_IPV4_RTC] = &family_ipv4_rtc,
	[FAM_L2VPN_EVPN] = &family_l2vpn_evpn, [FAM_L2VPN_VPLS] = &family_l2vpn_vpls,
	[FAM_IPV4_MCAST_VPN] = &family_ipv4_mcast_vpn, [FAM_IPV6_MCAST_VPN] = &family_ipv6_mcast_vpn,
	[FAM_IPV4_MUP] = &family_ipv4_mup, [FAM_IPV6_MUP] = &family_ipv6_mup,
};

const struct family_ops *family_ops(fam_t fam)
{
	return fam < FAM_MAX ? family_table[fam] : NULL;
}

fam_t family_lookup(uint16_t afi, uint8_t safi)
{
	for (fam_t f = 0; f < FAM_MAX; f++) {
		const struct family_ops *o = family_table[f];
		if (o && o->afi == afi && o->safi == safi)
			return f;
	}
	return FAM_NONE;
}

const char *family_name(fam_t fam)
{
	const struct family_ops *o = family_ops(fam);
	return o ? o->name : NULL;
}

/* ExaBGP's names (its protocol/family.py), also for families we cannot
 * decode yet, so that capabilities and errors can still be reported. */
static const struct { uint16_t v; const char *name; } afi_names[] = {
	{ AFI_IPV4, "ipv4" }, { AFI_IPV6, "ipv6" }, { AFI_L2VPN, "l2vpn" }, { AFI_BGPLS, "bgp-ls" },
};
static const struct { uint8_t v; const char *name; } safi_names[] = {
	{ SAFI_UNICAST, "unicast" }, { SAFI_MULTICAST, "multicast" },
	{ SAFI_NLRI_MPLS, "nlri-mpls" }, { SAFI_MCAST_VPN, "mcast-vpn" },
	{ SAFI_VPLS, "vpls" }, { SAFI_EVPN, "evpn" }, { SAFI_BGPLS, "bgp-ls" },
	{ SAFI_BGPLS_VPN, "bgp-ls-vpn" }, { SAFI_SR_POLICY, "sr-policy" }, { SAFI_MUP, "mup" },
	{ SAFI_MPLS_VPN, "mpls-vpn" }, { SAFI_RTC, "rtc" }, { SAFI_FLOW, "flow" },
	{ SAFI_FLOW_VPN, "flow-vpn" },
};

const char *family_afi_name(uint16_t afi)
{
	for (size_t i = 0; i < sizeof afi_names / sizeof afi_names[0]; i++)
		if (afi_names[i].v == afi)
			return afi_names[i].name;
	return NULL;
}

const char *family_safi_name(uint8_t safi)
{
	for (size_t i = 0; i < sizeof safi_names / sizeof safi_names[0]; i++)
		if (safi_names[i].v == safi)
			return safi_names[i].name;
	return NULL;
}

fam_t family_by_name(const char *afi_name, const char *safi_name)
{
	if (!afi_name || !safi_name)
		return FAM_NONE;
	int afi = -1, safi = -1;
	for (size_t i = 0; i < sizeof afi_names / sizeof afi_names[0]; i++)
		if (strcmp(afi_names[i].name, afi_name) == 0)
			afi = afi_names[i].v;
	for (size_t i = 0; i < sizeof safi_names / sizeof safi_names[0]; i++)
		if (strcmp(safi_names[i].name, safi_name) == 0)
			safi = safi_names[i].v;
	if (afi < 0 || safi < 0)
		return FAM_NONE;
	return family_lookup((uint16_t)afi, (uint8_t)safi);
}
