/* Route views for policies: the lb_rt_* FFI helpers (getters through the
 * edit record, mutations appending to it) and the application of edit
 * records to canonical attribute blobs (wire/attrs.h) after a batch. */
#include "embed/policy_edit.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "wire/attrs.h"

/* ----- views ------------------------------------------------------------ */

void policy_view_init(struct lb_route_view *v, const struct policy_route *r)
{
	v->n = r->n;
	v->blob = r->in ? r->in->blob : NULL;
	v->bloblen = r->in ? r->in->len : 0;
	v->valid = 1;
	v->verdict = LB_VERDICT_NONE;
	v->nops = 0;
}

/* The last recorded edit of one kind (scalar attributes: the last wins). */
static const struct lb_edit_op *last_op(const struct lb_route_view *r, int kind)
{
	for (int i = r->nops - 1; i >= 0; i--)
		if (r->ops[i].kind == kind)
			return &r->ops[i];
	return NULL;
}

static bool find(const struct lb_route_view *r, uint8_t code, struct attr_entry *e)
{
	return r->blob && attrs_find(r->blob, r->bloblen, code, e);
}

int lb_rt_valid(const struct lb_route_view *r)
{
	return r && r->valid;
}

/* The prefix length of unicast and multicast routes; -1 for the families
 * whose first byte is something else (a FlowSpec length, up to two bytes
 * of it: RFC 8955 section 4.1; a route type; labels before the prefix). */
int lb_rt_plen(const struct lb_route_view *r)
{
	const struct family_ops *ops = r->valid && r->n.len ? family_ops(r->n.fam) : NULL;
	if (!ops || !ops->addr_bits || (ops->safi != SAFI_UNICAST && ops->safi != SAFI_MULTICAST))
		return -1;
	return r->n.data[0];
}

int lb_rt_family(const struct lb_route_view *r)
{
	return r->valid ? r->n.fam : -1;
}

const char *lb_rt_prefix(const struct lb_route_view *r)
{
	static struct buf b;
	if (!r->valid)
		return NULL;
	buf_reset(&b);
	/* the family's text form: "10.0.0.0/24", "flow destination-ipv4 ..." */
	const struct family_ops *ops = family_ops(r->n.fam);
	if (ops && ops->nlri_text)
		ops->nlri_text(&b, r->n.data, r->n.len);
	return buf_cstr(&b);
}

/* AS_PATH segments: [type][count][count x 4-octet ASN] (canonical blob). */
int lb_rt_aspath_has(const struct lb_route_view *r, uint32_t asn)
{
	if (!r->valid)
		return 0;
	for (int i = 0; i < r->nops; i++)
		if (r->ops[i].kind == LB_EDIT_PREPEND && r->ops[i].v[0] == asn && r->ops[i].v[1])
			return 1;
	struct attr_entry e;
	if (!find(r, ATTR_AS_PATH, &e))
		return 0;
	const uint8_t *p = e.value, *end = e.value + e.len;
	while (end - p >= 2) {
		unsigned cnt = p[1];
		p += 2;
		for (unsigned k = 0; k < cnt && end - p >= 4; k++, p += 4)
			if (get_be32(p) == asn)
				return 1;
	}
	return 0;
}

/* RFC 4271 section 9.1.2.2 (a): an AS_SET counts as one. */
int lb_rt_aspath_len(const struct lb_route_view *r)
{
	if (!r->valid)
		return 0;
	int n = 0;
	for (int i = 0; i < r->nops; i++)
		if (r->ops[i].kind == LB_EDIT_PREPEND)
			n += (int)r->ops[i].v[1];
	struct attr_entry e;
	if (!find(r, ATTR_AS_PATH, &e))
		return n;
	const uint8_t *p = e.value, *end = e.value + e.len;
	while (end - p >= 2) {
		unsigned type = p[0], cnt = p[1];
		n += type == 1 ? 1 : (int)cnt;
		p += 2 + 4 * (size_t)cnt;
	}
	return n;
}

static bool list_has(const struct attr_entry *e, const uint8_t *item, size_t size)
{
	for (size_t off = 0; off + size <= e->len; off += size)
		if (!memcmp(e->value + off, item, size))
			return true;
	return false;
}

int lb_rt_has_community(const struct lb_route_view *r, uint32_t a, uint32_t b)
{
	if (!r->valid)
		return 0;
	uint32_t c = a << 16 | (b & 0xffff);
	for (int i = r->nops - 1; i >= 0; i--) {
		const struct lb_edit_op *op = &r->ops[i];
		if ((op->kind == LB_EDIT_COMMUNITY_ADD || op->kind == LB_EDIT_COMMUNITY_DEL) && op->v[0] == c)
			return op->kind == LB_EDIT_COMMUNITY_ADD;
	}
	struct attr_entry e;
	uint8_t item[4];
	put_be32(item, c);
	return find(r, ATTR_COMMUNITIES, &e) && list_has(&e, item, 4);
}

static double scalar(const struct lb_route_view *r, int kind, uint8_t code)
{
	if (!r->valid)
		return -1;
	const struct lb_edit_op *op = last_op(r, kind);
	if (op)
		return op->v[0];
	struct attr_entry e;
	if (!find(r, code, &e) || e.len != 4)
		return -1;
	return get_be32(e.value);
}

double lb_rt_med(const struct lb_route_view *r)
{
	return scalar(r, LB_EDIT_MED, ATTR_MED);
}

double lb_rt_local_pref(const struct lb_route_view *r)
{
	return scalar(r, LB_EDIT_LOCAL_PREF, ATTR_LOCAL_PREF);
}

int lb_rt_origin(const struct lb_route_view *r)
{
	if (!r->valid)
		return -1;
	const struct lb_edit_op *op = last_op(r, LB_EDIT_ORIGIN);
	if (op)
		return (int)op->v[0];
	struct attr_entry e;
	if (!find(r, ATTR_ORIGIN, &e) || e.len != 1)
		return -1;
	return e.value[0];
}

const char *lb_rt_next_hop(const struct lb_route_view *r)
{
	static char text[INET6_ADDRSTRLEN];
	if (!r->valid)
		return NULL;
	const struct lb_edit_op *op = last_op(r, LB_EDIT_NEXT_HOP);
	const uint8_t *v;
	size_t len;
	struct attr_entry e;
	if (op) {
		v = (const uint8_t *)op->v;
		len = op->len;
	} else if (find(r, ATTR_NEXT_HOP, &e)) {
		v = e.value;
		len = e.len;
	} else {
		return NULL;
	}
	if (len == 0)
		return "self";
	if (!inet_ntop(len == 4 ? AF_INET : AF_INET6, v, text, sizeof text))
		return NULL;
	return text;
}

int lb_rt_verdict(const struct lb_route_view *r)
{
	return r->verdict;
}

int lb_rt_set_verdict(struct lb_route_view *r, int verdict)
{
	if (!r->valid)
		return LB_RT_STALE;
	r->verdict = (uint8_t)verdict;
	return LB_RT_OK;
}

int lb_rt_edit(struct lb_route_view *r, int kind, uint32_t a, uint32_t b, uint32_t c)
{
	if (!r->valid)
		return LB_RT_STALE;
	if (kind < LB_EDIT_LOCAL_PREF || kind > LB_EDIT_PREPEND || kind == LB_EDIT_NEXT_HOP)
		return LB_RT_BADARG;
	if (kind == LB_EDIT_ORIGIN && a > 2)
		return LB_RT_BADARG;
	if (kind == LB_EDIT_PREPEND && b > 64)
		return LB_RT_BADARG;
	if (kind == LB_EDIT_COMMUNITY_ADD || kind == LB_EDIT_COMMUNITY_DEL) {
		if (a > 0xffff || b > 0xffff)
			return LB_RT_BADARG;
		a = a << 16 | b;
		b = 0;
	}
	/* a scalar set twice: keep one op, the last value */
	struct lb_edit_op *op = NULL;
	if (kind == LB_EDIT_LOCAL_PREF || kind == LB_EDIT_MED || kind == LB_EDIT_ORIGIN)
		op = (struct lb_edit_op *)last_op(r, kind);
	if (!op) {
		if (r->nops >= POLICY_EDIT_MAX)
			return LB_RT_FULL;
		op = &r->ops[r->nops++];
	}
	memset(op, 0, sizeof *op);
	op->kind = (uint8_t)kind;
	op->v[0] = a;
	op->v[1] = b;
	op->v[2] = c;
	return LB_RT_OK;
}

int lb_rt_set_next_hop(struct lb_route_view *r, const char *ip)
{
	if (!r->valid)
		return LB_RT_STALE;
	struct lb_edit_op op;
	memset(&op, 0, sizeof op);
	op.kind = LB_EDIT_NEXT_HOP;
	if (!strcmp(ip, "self"))
		op.len = 0;
	else if (inet_pton(AF_INET, ip, op.v) == 1)
		op.len = 4;
	else if (inet_pton(AF_INET6, ip, op.v) == 1)
		op.len = 16;
	else
		return LB_RT_BADARG;
	struct lb_edit_op *slot = (struct lb_edit_op *)last_op(r, LB_EDIT_NEXT_HOP);
	if (!slot) {
		if (r->nops >= POLICY_EDIT_MAX)
			return LB_RT_FULL;
		slot = &r->ops[r->nops++];
	}
	*slot = op;
	return LB_RT_OK;
}

/* ----- applying edit records --------------------------------------------- */

/* cur -> next with attribute code set to value (NULL: removed), then swap. */
static void set_attr(struct buf **cur, struct buf **next, uint8_t code, const uint8_t *value, size_t vlen)
{
	int fl = attrs_known_flags(code);
	buf_reset(*next);
	attrs_set(*next, (*cur)->data, (*cur)->len, (uint8_t)(fl < 0 ? 0xC0 : fl), code, value, (uint16_t)vlen);
	struct buf *t = *cur;
	*cur = *next;
	*next = t;
}

/* Add or remove one item of a list attribute (communities: 4 bytes, large:
 * 12, extended: 8).  Added items go at the end; present ones stay put. */
static void list_edit(struct buf **cur, struct buf **next, struct buf *tmp, uint8_t code, const uint8_t *item,
                      size_t size, bool add)
{
	struct attr_entry e;
	bool have = attrs_find((*cur)->data, (*cur)->len, code, &e);
	if (add && have && list_has(&e, item, size))
		return;
	if (!add && (!have || !list_has(&e, item, size)))
		return;
	buf_reset(tmp);
	if (have) {
		for (size_t off = 0; off + size <= e.len; off += size)
			if (add || memcmp(e.value + off, item, size))
				buf_put(tmp, e.value + off, size);
	}
	if (add)
		buf_put(tmp, item, size);
	if (tmp->len + 4 > 65535)
		return;   /* would not fit an attribute: the edit is dropped */
	set_attr(cur, next, code, tmp->len ? tmp->data : NULL, tmp->len);
}

/* RFC 4271 section 5.1.2: prepending adds to the leftmost AS_SEQUENCE, or
 * a new one when the path starts with an AS_SET or the segment is full. */
static void prepend(struct buf **cur, struct buf **next, struct buf *tmp, uint32_t asn, unsigned n)
{
	struct attr_entry e;
	bool have = attrs_find((*cur)->data, (*cur)->len, ATTR_AS_PATH, &e);
	buf_reset(tmp);
	if (have && e.len >= 2 && e.value[0] == 2 && e.value[1] + n <= 255) {
		buf_put_u8(tmp, 2);
		buf_put_u8(tmp, (uint8_t)(e.value[1] + n));
		for (unsigned k = 0; k < n; k++)
			buf_put_u32(tmp, asn);
		buf_put(tmp, e.value + 2, e.len - 2u);
	} else {
		buf_put_u8(tmp, 2);
		buf_put_u8(tmp, (uint8_t)n);
		for (unsigned k = 0; k < n; k++)
			buf_put_u32(tmp, asn);
		if (have)
			buf_put(tmp, e.value, e.len);
	}
	if (tmp->len + 4 <= 65535)
		set_attr(cur, next, ATTR_AS_PATH, tmp->data, tmp->len);
}

void policy_view_blob(const struct lb_route_view *v, struct buf *out)
{
	static struct buf a, b, tmp;
	struct buf *cur = &a, *next = &b;
	buf_reset(cur);
	if (v->bloblen)
		buf_put(cur, v->blob, v->bloblen);
	for (int i = 0; i < v->nops; i++) {
		const struct lb_edit_op *op = &v->ops[i];
		uint8_t be[12];
		switch (op->kind) {
		case LB_EDIT_LOCAL_PREF:
		case LB_EDIT_MED:
			put_be32(be, op->v[0]);
			set_attr(&cur, &next, op->kind == LB_EDIT_MED ? ATTR_MED : ATTR_LOCAL_PREF, be, 4);
			break;
		case LB_EDIT_ORIGIN:
			be[0] = (uint8_t)op->v[0];
			set_attr(&cur, &next, ATTR_ORIGIN, be, 1);
			break;
		case LB_EDIT_NEXT_HOP: {
			/* an empty value is "self" (wire/attrs.h): keep the entry */
			int fl = attrs_known_flags(ATTR_NEXT_HOP);
			buf_reset(next);
			attrs_set(next, cur->data, cur->len, (uint8_t)fl, ATTR_NEXT_HOP,
			          (const uint8_t *)op->v, op->len);
			struct buf *t = cur;
			cur = next;
			next = t;
			break;
		}
		case LB_EDIT_COMMUNITY_ADD:
		case LB_EDIT_COMMUNITY_DEL:
			put_be32(be, op->v[0]);
			list_edit(&cur, &next, &tmp, ATTR_COMMUNITIES, be, 4, op->kind == LB_EDIT_COMMUNITY_ADD);
			break;
		case LB_EDIT_LARGE_ADD:
			put_be32(be, op->v[0]);
			put_be32(be + 4, op->v[1]);
			put_be32(be + 8, op->v[2]);
			list_edit(&cur, &next, &tmp, ATTR_LARGE_COMMUNITIES, be, 12, true);
			break;
		case LB_EDIT_EXT_ADD:
			put_be32(be, op->v[0]);
			put_be32(be + 4, op->v[1]);
			list_edit(&cur, &next, &tmp, ATTR_EXT_COMMUNITIES, be, 8, true);
			break;
		case LB_EDIT_PREPEND:
			if (op->v[1])
				prepend(&cur, &next, &tmp, op->v[0], op->v[1]);
			break;
		}
	}
	buf_put(out, cur->data, cur->len);
}

/* Routes of one UPDATE share their input set and, under a policy that
 * depends on attributes, mostly their edits: remember the last few
 * (input, edits) -> result so that one blob rewrite and one intern serve
 * them all. */
enum { MEMO = 4 };

static bool same_edits(const struct lb_route_view *a, const struct lb_route_view *b)
{
	return a->blob == b->blob && a->nops == b->nops &&
	       !memcmp(a->ops, b->ops, (size_t)a->nops * sizeof a->ops[0]);
}

void policy_batch_apply(struct lb_route_view *views, struct policy_route *routes, size_t n)
{
	struct { const struct lb_route_view *v; struct attrset *out; } memo[MEMO];
	int nmemo = 0, next = 0;
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		struct lb_route_view *v = &views[i];
		struct policy_route *r = &routes[i];
		r->accept = v->verdict != LB_VERDICT_REJECT;
		r->out = NULL;
		if (!r->accept)
			continue;
		if (!v->nops) {
			r->out = r->in ? attrset_ref(r->in) : NULL;
			continue;
		}
		int k;
		for (k = 0; k < nmemo; k++)
			if (same_edits(memo[k].v, v))
				break;
		if (k < nmemo) {
			r->out = attrset_ref(memo[k].out);
			continue;
		}
		buf_reset(&out);
		policy_view_blob(v, &out);
		r->out = attrset_intern(out.data, out.len);
		memo[next].v = v;
		memo[next].out = r->out;
		next = (next + 1) % MEMO;
		if (nmemo < MEMO)
			nmemo++;
	}
	buf_free(&out);
}

void policy_batch_default(struct policy_route *routes, size_t n, bool accept)
{
	for (size_t i = 0; i < n; i++) {
		routes[i].accept = accept;
		routes[i].out = accept && routes[i].in ? attrset_ref(routes[i].in) : NULL;
	}
}
