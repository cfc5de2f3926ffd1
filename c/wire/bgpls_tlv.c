/* BGP-LS TLV checks (RFC 9552): the NLRI descriptors and the BGP-LS
 * attribute.  What is refused is what ExaBGP refuses, so that a route one
 * accepts the other accepts too; every read is bounded by the TLV length. */
#include "wire/bgpls.h"

bool bgpls_tlv_next(const uint8_t *p, size_t n, size_t *off, struct bgpls_tlv *t, bool *bad)
{
	*bad = false;
	if (*off >= n)
		return false;
	if (n - *off < 4) {
		*bad = true;
		return false;
	}
	t->type = get_be16(p + *off);
	t->len = get_be16(p + *off + 2);
	if (n - *off - 4 < t->len) {
		*bad = true;
		return false;
	}
	t->v = p + *off + 4;
	*off += 4 + (size_t)t->len;
	return true;
}

bool bgpls_proto_known(uint8_t proto)
{
	return (proto >= 1 && proto <= 6) || proto == 227;
}

const char *bgpls_node_desc_problem(const uint8_t *v, size_t n, uint8_t proto)
{
	size_t off = 0;
	struct bgpls_tlv t;
	bool bad;
	while (bgpls_tlv_next(v, n, &off, &t, &bad)) {
		switch (t.type) {
		case BGPLS_DESC_AS:
		case BGPLS_DESC_BGPLS_ID:
			if (t.len != 4)
				return "node descriptor AS/BGP-LS identifier is not 4 octets";
			break;
		case BGPLS_DESC_OSPF_AREA:
			if (t.len != 4 && t.len != 16)
				return "node descriptor OSPF area is not 4 or 16 octets";
			break;
		case BGPLS_DESC_ROUTER:
			if (proto == 1 || proto == 2) {
				if (t.len != 6 && t.len != 7)
					return "IS-IS router-id is not 6 or 7 octets";
			} else if (proto >= 3 && proto <= 6) {
				if (t.len != 4 && t.len != 8)
					return "OSPF/direct/static router-id is not 4 or 8 octets";
			} else {
				return "router-id for an unknown protocol";
			}
			break;
		default:
			return "unknown node descriptor sub-TLV";
		}
	}
	return bad ? "node descriptor sub-TLV overruns its TLV" : NULL;
}

const char *bgpls_nlri_problem(uint16_t type, const uint8_t *body, size_t n, size_t *where)
{
	*where = 0;
	if (type < BGPLS_NLRI_NODE || type > BGPLS_NLRI_PREFIX6)
		return NULL;   /* kept opaque, as ExaBGP's generic BGP-LS NLRI */
	if (n < 9)
		return "NLRI shorter than protocol-id and identifier";
	uint8_t proto = body[0];
	if (!bgpls_proto_known(proto))
		return "unknown protocol-id";
	size_t off = 9;
	struct bgpls_tlv t;
	bool bad, reach = false;
	unsigned count = 0;
	while (*where = off, bgpls_tlv_next(body, n, &off, &t, &bad)) {
		const char *pb = NULL;
		if (type == BGPLS_NLRI_NODE && count == 0 && t.type != BGPLS_TLV_LOCAL_NODE)
			return "node NLRI without Local Node Descriptors first";
		count++;
		switch (t.type) {
		case BGPLS_TLV_LOCAL_NODE:
			pb = bgpls_node_desc_problem(t.v, t.len, proto);
			break;
		case BGPLS_TLV_REMOTE_NODE:
			if (type == BGPLS_NLRI_LINK)
				pb = bgpls_node_desc_problem(t.v, t.len, proto);
			break;
		case BGPLS_TLV_LINK_ID:
			if (type == BGPLS_NLRI_LINK && t.len < 8)
				pb = "link identifiers shorter than 8 octets";
			break;
		case BGPLS_TLV_IFACE4: case BGPLS_TLV_NEIGH4: case BGPLS_TLV_IFACE6: case BGPLS_TLV_NEIGH6:
			if (type == BGPLS_NLRI_LINK && t.len != 4 && t.len != 16)
				pb = "interface/neighbor address is not 4 or 16 octets";
			break;
		case BGPLS_TLV_MT_ID:
			if (type == BGPLS_NLRI_LINK && t.len < 2)
				pb = "multi-topology identifier shorter than 2 octets";
			break;
		case BGPLS_TLV_OSPF_ROUTE:
			if (type >= BGPLS_NLRI_PREFIX4 && t.len != 1)
				pb = "OSPF route type is not 1 octet";
			break;
		case BGPLS_TLV_IP_REACH:
			if (type >= BGPLS_NLRI_PREFIX4) {
				reach = true;
				if (t.len < 1 || t.len > 1 + (type == BGPLS_NLRI_PREFIX4 ? 4 : 16))
					pb = "IP reachability length invalid";
			}
			break;
		default:
			break;
		}
		if (pb)
			return pb;
	}
	if (bad)
		return "descriptor TLV overruns the NLRI";
	if (type == BGPLS_NLRI_NODE && count == 0)
		return "node NLRI without Local Node Descriptors";
	if (type >= BGPLS_NLRI_PREFIX4 && !reach)
		return "prefix NLRI without IP Reachability Information";
	return NULL;
}

/* Sizes of the attribute TLVs we render (ExaBGP's checks). */
static const char *attr_tlv_problem(const struct bgpls_tlv *t)
{
	size_t l = t->len;
	switch (t->type) {
	case 1024: return l == 1 ? NULL : "node flags not 1 octet";
	case 1026: return l <= 255 ? NULL : "node name too long";
	case 1027: return l >= 1 ? NULL : "empty IS-IS area";
	case 1028: case 1029: case 1030: case 1031:
		return l == 4 || l == 16 ? NULL : "router-id not 4 or 16 octets";
	case 1034: {
		if (l < 2)
			return "SR capabilities shorter than 2 octets";
		size_t off = 2;
		while (off < l) {
			if (l - off < 7 || get_be16(t->v + off + 3) != 1161)
				return "SR capabilities range malformed";
			size_t sl = get_be16(t->v + off + 5);
			if (l - off - 7 < sl)
				return "SR capabilities SID/label overruns";
			off += 7 + sl;
		}
		return NULL;
	}
	case 1088: case 1089: case 1090: case 1092: case 1114: case 1116:
		return l == 4 ? NULL : "TLV not 4 octets";
	case 1091: return l == 32 ? NULL : "unreserved bandwidth not 32 octets";
	case 1095: return l >= 1 && l <= 3 ? NULL : "IGP metric not 1 to 3 octets";
	case 1099: return l >= 4 ? NULL : "adjacency SID shorter than 4 octets";
	case 1106: return l >= 22 ? NULL : "SRv6 End.X SID shorter than 22 octets";
	case 1107: return l >= 28 ? NULL : "SRv6 LAN End.X SID (IS-IS) shorter than 28 octets";
	case 1108: return l >= 26 ? NULL : "SRv6 LAN End.X SID (OSPF) shorter than 26 octets";
	case 1115: return l == 8 ? NULL : "min/max delay not 8 octets";
	default: return NULL;
	}
}

/* Codes that may not repeat (RFC 9552 section 5.3: ExaBGP's non-MERGE TLVs). */
static bool attr_tlv_single(uint16_t type)
{
	switch (type) {
	case 1024: case 1026: case 1034: case 1035: case 1088: case 1089: case 1090: case 1091:
	case 1092: case 1095: case 1114: case 1115: case 1116:
		return true;
	default:
		return false;
	}
}

const char *bgpls_attr_problem(const uint8_t *v, size_t n, size_t *where)
{
	size_t off = 0;
	struct bgpls_tlv t;
	bool bad;
	uint16_t seen[64];
	unsigned nseen = 0;
	while (*where = off, bgpls_tlv_next(v, n, &off, &t, &bad)) {
		const char *pb = attr_tlv_problem(&t);
		if (pb)
			return pb;
		if (attr_tlv_single(t.type)) {
			for (unsigned i = 0; i < nseen; i++)
				if (seen[i] == t.type)
					return "TLV repeated that may appear once";
			if (nseen < 64)
				seen[nseen++] = t.type;
		}
	}
	return bad ? "TLV overruns the attribute" : NULL;
}
