/* Negotiation: what two OPENs agree on (RFC 4271 section 4.2, RFC 4760
 * section 8, RFC 6793, RFC 7911 section 4, RFC 8654, RFC 8950,
 * draft-ietf-idr-operational-message). */
#include "wire/open.h"

#include <string.h>

/* RFC 4760 section 8: a speaker that sends no multiprotocol capability
 * supports IPv4 unicast only. */
static bool caps_has_family(const struct wire_caps *c, fam_t f)
{
	bool any = false;
	for (fam_t i = 0; i < FAM_MAX; i++)
		any |= c->mp[i];
	if (!any && !c->mp_unknown_n)
		return f == FAM_IPV4_UNICAST;
	return c->mp[f];
}

static bool caps_ext_nh(const struct wire_caps *c, fam_t f)
{
	const struct family_ops *ops = family_ops(f);
	if (!ops)
		return false;
	for (unsigned i = 0; i < c->ext_nh_n && i < 16; i++)
		if (c->ext_nh[i].afi == ops->afi && c->ext_nh[i].safi == ops->safi)
			return true;
	return false;
}

void wire_negotiate(const struct wire_open *local, const struct wire_open *remote,
                    struct wire_session_ctx *out)
{
	const struct wire_caps *l = &local->caps, *r = &remote->caps;
	memset(out, 0, sizeof *out);
	out->asn4 = l->as4 && r->as4;
	out->local_as = wire_open_asn(local);
	out->peer_as = wire_open_asn(remote);
	out->ebgp = out->local_as != out->peer_as;
	/* RFC 4271 section 4.2: the smaller of the two hold times. */
	out->hold_time = local->hold_time < remote->hold_time ? local->hold_time : remote->hold_time;
	/* RFC 8654 section 3: only when both sides advertised it. */
	out->max_msg = l->extended_message && r->extended_message ? BGP_MAX_EXT_MSG : BGP_MAX_MSG;
	out->route_refresh = (l->route_refresh || l->route_refresh_cisco) &&
	                     (r->route_refresh || r->route_refresh_cisco);
	out->enhanced_route_refresh = l->enhanced_route_refresh && r->enhanced_route_refresh;
	out->link_local_nexthop = l->link_local_nexthop && r->link_local_nexthop;
	out->graceful_restart = l->graceful_restart && r->graceful_restart;
	/* OPERATIONAL messages only between speakers that both offered them
	 * (ExaBGP's Negotiated.operational). */
	out->operational = l->operational && r->operational;
	for (fam_t f = 0; f < FAM_MAX; f++) {
		out->fam[f] = caps_has_family(l, f) && caps_has_family(r, f);
		if (!out->fam[f])
			continue;
		/* RFC 7911 section 4: we receive path identifiers when we said
		 * receive and the peer said send, and the reverse. */
		out->addpath_rx[f] = (l->addpath[f] & ADDPATH_RECEIVE) && (r->addpath[f] & ADDPATH_SEND);
		out->addpath_tx[f] = (l->addpath[f] & ADDPATH_SEND) && (r->addpath[f] & ADDPATH_RECEIVE);
		out->ext_nh[f] = caps_ext_nh(l, f) && caps_ext_nh(r, f);
	}
}
