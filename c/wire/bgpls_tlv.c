/* BGP-LS TLV checks (RFC 9552): the NLRI descriptors and the BGP-LS
 * attribute.  What is refused is what ExaBGP refuses, so that a route one
 * accepts the other accepts too; every read is bounded by the TLV length. */
#include "wire/bgpls.h"

#include <stdlib.h>

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
			/* ExaBGP's protocol sets: IS-IS system id (+ pseudonode);
			 * OSPFv2, static, OSPFv3 and 227 a router-id (+ DR); it has
			 * no router-id form for 4 (direct) and refuses it. */
			if (proto == 1 || proto == 2) {
				if (t.len != 6 && t.len != 7)
					return "IS-IS router-id is not 6 or 7 octets";
			} else if (proto == 3 || proto == 5 || proto == 6 || proto == 227) {
				if (t.len != 4 && t.len != 8)
					return "OSPF/static router-id is not 4 or 8 octets";
			} else {
				return "router-id for a protocol without one";
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
	if (!bgpls_nlri_known(type))
		return NULL;   /* kept opaque, as ExaBGP's generic BGP-LS NLRI */
	if (n < 9)
		return "NLRI shorter than protocol-id and identifier";
	uint8_t proto = body[0];
	if (!bgpls_proto_known(proto))
		return "unknown protocol-id";
	size_t off = 9;
	struct bgpls_tlv t;
	bool bad, reach = false, prefix = type == BGPLS_NLRI_PREFIX4 || type == BGPLS_NLRI_PREFIX6;
	unsigned count = 0;
	while (*where = off, bgpls_tlv_next(body, n, &off, &t, &bad)) {
		const char *pb = NULL;
		if ((type == BGPLS_NLRI_NODE || type == BGPLS_NLRI_SRV6_SID) && count == 0 &&
		    t.type != BGPLS_TLV_LOCAL_NODE)
			return "NLRI without Local Node Descriptors first";
		count++;
		switch (t.type) {
		case BGPLS_TLV_LOCAL_NODE:
			/* an SRv6 SID NLRI checks only its first one (ExaBGP) */
			if (type != BGPLS_NLRI_SRV6_SID || count == 1)
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
			if ((type == BGPLS_NLRI_LINK || type == BGPLS_NLRI_SRV6_SID) && t.len < 2)
				pb = "multi-topology identifier shorter than 2 octets";
			break;
		case BGPLS_TLV_SRV6_SID_INFO:
			/* RFC 9514 section 6.1: the SID, 16 octets */
			if (type == BGPLS_NLRI_SRV6_SID && t.len != 16)
				pb = "SRv6 SID information is not 16 octets";
			break;
		case BGPLS_TLV_OSPF_ROUTE:
			if (prefix && t.len != 1)
				pb = "OSPF route type is not 1 octet";
			break;
		case BGPLS_TLV_IP_REACH:
			if (prefix) {
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
	if ((type == BGPLS_NLRI_NODE || type == BGPLS_NLRI_SRV6_SID) && count == 0)
		return "NLRI without Local Node Descriptors";
	if (prefix && !reach)
		return "prefix NLRI without IP Reachability Information";
	return NULL;
}

/* The sub-TLVs after the fixed part of an SRv6 End.X / LAN End.X SID
 * (RFC 9514 section 4.1-4.2), walked as ExaBGP walks them: a header needs
 * 4 octets (fewer trailing ones are ignored), a value that overruns is cut
 * at the end, and only an SRv6 SID Structure (1252) shorter than its 4
 * octets is an error. */
static const char *srv6_subtlv_problem(const uint8_t *v, size_t l)
{
	size_t off = 0;
	while (l - off >= 4) {
		uint16_t code = get_be16(v + off);
		size_t sl = get_be16(v + off + 2), have = l - off - 4;
		if (code == BGPLS_ATTR_SRV6_SID_STRUCT && (sl < have ? sl : have) < 4)
			return "SRv6 SID structure shorter than 4 octets";
		if (sl >= have)
			break;
		off += 4 + sl;
	}
	return NULL;
}

/* Sizes of the attribute TLVs we render: ExaBGP's checks (its registered
 * TLV classes), which are the sizes RFC 9552 section 5.3, RFC 9085 and
 * RFC 9514 give, with its leniencies (empty lists, over-long SRv6 TLVs). */
static const char *attr_tlv_problem(const struct bgpls_tlv *t)
{
	size_t l = t->len;
	switch (t->type) {
	case BGPLS_TLV_LINK_ID: return l == 8 ? NULL : "link local/remote identifiers not 8 octets";
	case 1024: case 1094: case 1152: case 1170:
		return l == 1 ? NULL : "flags TLV not 1 octet";
	case 1093: return l == 2 ? NULL : "link protection type not 2 octets";
	case 1026: case 1098: return l <= 255 ? NULL : "name longer than 255 octets";
	case 1027: return l >= 1 ? NULL : "empty IS-IS area";
	case 1028: case 1029: case 1030: case 1031: case 1156: case 1171:
		return l == 4 || l == 16 ? NULL : "address not 4 or 16 octets";
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
	case 1038: case 1088: case 1089: case 1090: case 1092: case 1114: case 1116: case 1117: case 1118:
	case 1119: case 1120: case 1155:
		return l == 4 ? NULL : "TLV not 4 octets";
	case 1091: return l == 32 ? NULL : "unreserved bandwidth not 32 octets";
	case 1095: return l >= 1 && l <= 3 ? NULL : "IGP metric not 1 to 3 octets";
	case 1096: case 1153: return l % 4 == 0 ? NULL : "list not a multiple of 4 octets";
	case 1154: return l % 8 == 0 ? NULL : "extended route tags not a multiple of 8 octets";
	case 1099: return l >= 4 ? NULL : "adjacency SID shorter than 4 octets";
	case 1100: return l >= 10 ? NULL : "LAN adjacency SID shorter than 10 octets";
	case 1106:
		return l >= 22 ? srv6_subtlv_problem(t->v + 22, l - 22) : "SRv6 End.X SID shorter than 22 octets";
	case 1107:
		return l >= 28 ? srv6_subtlv_problem(t->v + 28, l - 28)
		               : "SRv6 LAN End.X SID (IS-IS) shorter than 28 octets";
	case 1108:
		/* ExaBGP reads the SID at octet 6 (over the neighbor id), so its
		 * sub-TLVs start at 22; RFC 9514 4.2 puts them at 26. */
		return l >= 26 ? srv6_subtlv_problem(t->v + 22, l - 22)
		               : "SRv6 LAN End.X SID (OSPF) shorter than 26 octets";
	case 1115: return l == 8 ? NULL : "min/max delay not 8 octets";
	case 1158:
		/* RFC 9085 2.3.1: neither V nor L, a 4-octet index */
		if (l < 4)
			return "prefix SID shorter than 4 octets";
		return (t->v[0] & 0x0c) || l == 8 ? NULL : "prefix SID index not 4 octets";
	case 1162: return l >= 8 ? NULL : "SRv6 locator shorter than 8 octets";
	case 1250: case BGPLS_ATTR_SRV6_SID_STRUCT: return l >= 4 ? NULL : "TLV shorter than 4 octets";
	default: return NULL;
	}
}

bool bgpls_attr_tlv_merged(uint16_t type)
{
	switch (type) {
	case 258: case 1024: case 1025: case 1026: case 1034: case 1035: case 1038:
	case 1088: case 1089: case 1090: case 1091: case 1092: case 1093: case 1094: case 1095: case 1096:
	case 1097: case 1098: case 1114: case 1115: case 1116: case 1117: case 1118: case 1119: case 1120:
	case 1152: case 1153: case 1154: case 1155: case 1156: case 1157: case 1170: case 1171: case 1250:
	case 1252:
		return false;
	default:
		return true;
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
		if (!bgpls_attr_tlv_merged(t.type)) {
			for (unsigned i = 0; i < nseen; i++)
				if (seen[i] == t.type)
					return "TLV repeated that may appear once";
			if (nseen < 64)
				seen[nseen++] = t.type;
		}
	}
	return bad ? "TLV overruns the attribute" : NULL;
}

static int ref_cmp(const void *a, const void *b)
{
	const struct bgpls_ref *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int group_cmp(const void *a, const void *b)
{
	const struct bgpls_group *x = a, *y = b;
	return x->first < y->first ? -1 : x->first > y->first;
}

size_t bgpls_group(struct bgpls_ref *refs, size_t n, struct bgpls_group *g)
{
	for (size_t i = 0; i < n; i++)
		refs[i].idx = (uint32_t)i;
	qsort(refs, n, sizeof *refs, ref_cmp);
	size_t ng = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && refs[i].key == refs[i - 1].key) {
			g[ng - 1].n++;
			continue;
		}
		g[ng++] = (struct bgpls_group){ refs[i].idx, (uint32_t)i, 1 };
	}
	qsort(g, ng, sizeof *g, group_cmp);
	return ng;
}
