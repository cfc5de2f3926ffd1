/* `lunabgp decode`: one message (or NLRI) from hex to ExaBGP's JSON, in
 * the context ExaBGP's own `decode` command sets up (conformance README
 * section 9): local and peer 127.0.0.1, AS 65533 both sides, router-id
 * 127.0.0.1, 4-octet AS, no add-path, the given family or all of them,
 * and extended next hop everywhere when no family is given. */
#include "event/decode.h"
#include "event/json_int.h"
#include "event/text.h"
#include "wire/nlri.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const uint8_t marker[BGP_MARKER_LEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

static void decode_peer(struct json_peer *p, char *host, size_t hostsz)
{
	memset(p, 0, sizeof *p);
	const char *v = getenv("exabgp_api_version");
	p->api = v && atoi(v) >= 6 ? JSON_API_V6 : JSON_API_V4;
	if (gethostname(host, hostsz) != 0)
		snprintf(host, hostsz, "localhost");
	host[hostsz - 1] = '\0';
	p->host = host;
	p->pid = (long)getpid();
	p->ppid = (long)getppid();
	p->counter = 1;
	p->local_addr = p->peer_addr = "127.0.0.1";
	p->local_as = p->peer_as = 65533;
	p->router_id = "127.0.0.1";
	p->direction = "in";
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	p->time = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void decode_ctx(struct wire_session_ctx *ctx, fam_t only, const struct decode_opts *o)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->asn4 = true;
	ctx->local_as = ctx->peer_as = 65533;
	ctx->hold_time = 180;
	ctx->max_msg = BGP_MAX_EXT_MSG;
	ctx->route_refresh = true;
	for (fam_t f = 0; f < FAM_MAX; f++) {
		if (!family_ops(f))
			continue;
		ctx->fam[f] = only == FAM_NONE || only == f;
		ctx->ext_nh[f] = only == FAM_NONE;
		ctx->addpath_rx[f] = o && o->path_information;
	}
}

/* "ipv4 unicast" -> fam; returns -1 for a family the core does not know. */
static int parse_family(const char *family, fam_t *out, struct buf *err)
{
	*out = FAM_NONE;
	if (!family || !*family)
		return 0;
	char afi[32], safi[32];
	if (sscanf(family, "%31s %31s", afi, safi) != 2) {
		buf_printf(err, "invalid family \"%s\": expected \"AFI SAFI\"\n", family);
		return -1;
	}
	fam_t f = family_by_name(afi, safi);
	if (f == FAM_NONE || !family_ops(f)) {
		buf_printf(err, "family \"%s %s\" is not supported by this decoder yet\n", afi, safi);
		return -1;
	}
	*out = f;
	return 0;
}

static int unsupported_field(const struct wire_nlri_field *f, bool present, struct buf *err)
{
	if (!present || (f->fam != FAM_NONE && family_ops(f->fam)))
		return 0;
	const char *a = family_afi_name(f->afi), *s = family_safi_name(f->safi);
	buf_printf(err, "family %s %s (afi %u safi %u) is not supported by this decoder yet\n",
	           a ? a : "?", s ? s : "?", f->afi, f->safi);
	return -1;
}

static int decode_update(const uint8_t *body, size_t len, const struct json_raw *raw,
                         const struct json_peer *p, const struct wire_session_ctx *ctx, bool text,
                         struct buf *out, struct buf *err)
{
	struct wire_update u;
	struct buf blob = BUF_INIT;
	wire_update_decode(body, len, ctx, &u, &blob);
	int rc = 0;
	if (u.err.action == WIRE_SESSION_RESET) {
		buf_printf(err, "UPDATE could not be decoded: %s (NOTIFICATION %u/%u)\n", u.err.why, u.err.code,
		           u.err.subcode);
		rc = -1;
	} else if (unsupported_field(&u.mp_reach, u.has_mp_reach, err) < 0 ||
	           unsupported_field(&u.mp_unreach, u.has_mp_unreach && !u.eor, err) < 0) {
		rc = -1;
	} else if (u.eor && !family_afi_name(u.eor_afi)) {
		buf_printf(err, "End-of-RIB for unknown AFI %u\n", u.eor_afi);
		rc = -1;
	} else {
		if (u.err.action != WIRE_OK)
			buf_printf(err, "warning: %s\n", u.err.why);
		if (text)
			text_update(out, p->peer_addr, "receive", &u, blob.data, blob.len, NULL);
		else
			json_update(out, p, ctx, &u, blob.data, blob.len, raw);
		/* A warning is not an error for the caller: the JSON stands. */
		if (u.err.action != WIRE_OK && u.err.action != WIRE_ATTR_DISCARD)
			rc = -1;
	}
	buf_free(&blob);
	return rc;
}

static int decode_nlri(const uint8_t *p, size_t len, fam_t fam, bool addpath, struct buf *out, struct buf *err)
{
	const struct family_ops *ops = family_ops(fam);
	struct wire_error e;
	size_t at;
	if (fam == FAM_NONE || !ops) {
		buf_printf(err, "--nlri needs a family (-f \"AFI SAFI\")\n");
		return -1;
	}
	if (nlri_field_check_at(fam, addpath, p, len, &e, &at) < 0) {
		buf_printf(err, "invalid NLRI at octet %zu: %s\n", at, e.why);
		return -1;
	}
	struct nlri_iter it;
	struct nlri_ref n;
	nlri_iter_init(&it, fam, addpath, p, len);
	while (nlri_iter_next(&it, &n)) {
		buf_puts(out, "{ ");
		ops->nlri_json(out, n.data, n.len);
		if (addpath)
			buf_printf(out, ", \"path-information\": \"%u.%u.%u.%u\"", n.path_id >> 24,
			           (n.path_id >> 16) & 0xff, (n.path_id >> 8) & 0xff, n.path_id & 0xff);
		buf_puts(out, " }\n");
	}
	return 0;
}

int decode_to_json(const char *type, const char *family, const char *hex, struct buf *out, struct buf *err)
{
	return decode_to_json_opts(type, family, hex, NULL, out, err);
}

int decode_to_json_opts(const char *type, const char *family, const char *hex, const struct decode_opts *opts,
                        struct buf *out, struct buf *err)
{
	struct buf bytes = BUF_INIT;
	int rc = -1;
	fam_t fam;
	if (parse_family(family, &fam, err) < 0)
		goto done;
	if (hex_decode(&bytes, hex) < 0) {
		buf_printf(err, "invalid hexadecimal input\n");
		goto done;
	}
	if (!type || !*type)
		type = "update";
	if (strcmp(type, "nlri") == 0) {
		rc = decode_nlri(bytes.data, bytes.len, fam, opts && opts->path_information, out, err);
		goto done;
	}
	if (strcmp(type, "open") != 0 && strcmp(type, "update") != 0) {
		buf_printf(err, "unknown message type \"%s\" (open, update or nlri)\n", type);
		goto done;
	}

	bool text = opts && opts->text;
	struct json_peer peer;
	char host[256];
	decode_peer(&peer, host, sizeof host);
	struct wire_session_ctx ctx;
	decode_ctx(&ctx, fam, opts);

	const uint8_t *body = bytes.data;
	size_t blen = bytes.len;
	uint8_t mtype = strcmp(type, "open") == 0 ? BGP_OPEN : BGP_UPDATE;
	if (bytes.len >= BGP_HEADER_LEN && memcmp(bytes.data, marker, BGP_MARKER_LEN) == 0) {
		uint16_t mlen;
		struct wire_error e;
		if (wire_header_check(bytes.data, BGP_MAX_EXT_MSG, &mlen, &mtype, &e) < 0) {
			buf_printf(err, "invalid BGP header: %s\n", e.why);
			goto done;
		}
		if (mlen != bytes.len) {
			buf_printf(err, "BGP header says %u bytes, %zu given\n", mlen, bytes.len);
			goto done;
		}
		body += BGP_HEADER_LEN;
		blen -= BGP_HEADER_LEN;
	} else if (strcmp(type, "open") == 0) {
		/* An OPEN body without its header is accepted too. */
		mtype = BGP_OPEN;
	}

	switch (mtype) {
	case BGP_OPEN: {
		struct wire_open o;
		struct wire_error e;
		if (wire_open_decode(body, blen, &o, &e) < 0) {
			buf_printf(err, "OPEN could not be decoded: %s (NOTIFICATION %u/%u)\n", e.why, e.code,
			           e.subcode);
			goto done;
		}
		if (text)
			text_open(out, peer.peer_addr, "receive", &o, NULL);
		else
			json_open(out, &peer, &o, NULL);
		rc = 0;
		break;
	}
	case BGP_UPDATE:
		rc = decode_update(body, blen, NULL, &peer, &ctx, text, out, err);
		break;
	case BGP_NOTIFICATION: {
		struct wire_notification n;
		if (wire_notification_decode(body, blen, &n) < 0) {
			buf_printf(err, "NOTIFICATION too short\n");
			goto done;
		}
		if (text)
			text_notification(out, peer.peer_addr, "receive", &n, NULL);
		else
			json_notification(out, &peer, &n, NULL);
		rc = 0;
		break;
	}
	case BGP_KEEPALIVE:
		if (text)
			text_keepalive(out, peer.peer_addr, "receive", NULL);
		else
			json_keepalive(out, &peer, NULL);
		rc = 0;
		break;
	case BGP_ROUTE_REFRESH: {
		struct wire_route_refresh rr;
		struct wire_error e;
		if (wire_route_refresh_decode(body, blen, &rr, &e) < 0) {
			buf_printf(err, "ROUTE-REFRESH could not be decoded: %s\n", e.why);
			goto done;
		}
		if (text)
			text_refresh(out, peer.peer_addr, "receive", &rr, NULL);
		else
			json_refresh(out, &peer, &rr, NULL);
		rc = 0;
		break;
	}
	default:
		buf_printf(err, "message type %u cannot be decoded\n", mtype);
		break;
	}
done:
	buf_free(&bytes);
	return rc;
}
