/* The policy edit/intern path without Lua: views read through their edit
 * record, edits applied to canonical blobs, results interned and shared. */
#include "embed/policy_edit.h"

#include "unit.h"
#include "wire/attrs.h"

static void put_attr(struct buf *b, uint8_t flags, uint8_t code, const void *v, uint16_t len)
{
	buf_put_u8(b, flags);
	buf_put_u8(b, code);
	buf_put_u16(b, len);
	buf_put(b, v, len);
}

/* ORIGIN IGP, AS_PATH [65001 65002], NEXT_HOP 192.0.2.1, MED 5, COMMUNITIES 65000:7 */
static struct attrset *base_attrs(void)
{
	struct buf b = BUF_INIT;
	uint8_t origin = 0;
	uint8_t path[] = { 2, 2, 0, 0, 0xFD, 0xE9, 0, 0, 0xFD, 0xEA };
	uint8_t nh[] = { 192, 0, 2, 1 };
	uint8_t med[] = { 0, 0, 0, 5 };
	uint8_t comm[] = { 0xFD, 0xE8, 0, 7 };
	put_attr(&b, 0x40, 1, &origin, 1);
	put_attr(&b, 0x40, 2, path, sizeof path);
	put_attr(&b, 0x40, 3, nh, 4);
	put_attr(&b, 0x80, 4, med, 4);
	put_attr(&b, 0xC0, 8, comm, 4);
	struct attrset *a = attrset_intern(b.data, b.len);
	buf_free(&b);
	return a;
}

int main(void)
{
	struct attrset *in = base_attrs();
	CHECK(attrs_valid(in->blob, in->len));
	uint8_t nlri[] = { 24, 10, 1, 2 };
	struct policy_route r = { { FAM_IPV4_UNICAST, 0, 4, nlri }, in, NULL, false };
	struct lb_route_view v;
	policy_view_init(&v, &r);

	/* getters on the input */
	CHECK_EQ_INT(lb_rt_plen(&v), 24);
	CHECK_EQ_STR(lb_rt_prefix(&v), "10.1.2.0/24");
	CHECK_EQ_INT(lb_rt_aspath_has(&v, 65002), 1);
	CHECK_EQ_INT(lb_rt_aspath_has(&v, 65003), 0);
	CHECK_EQ_INT(lb_rt_aspath_len(&v), 2);
	CHECK_EQ_INT(lb_rt_has_community(&v, 65000, 7), 1);
	CHECK_EQ_INT((int)lb_rt_med(&v), 5);
	CHECK_EQ_INT((int)lb_rt_local_pref(&v), -1);
	CHECK_EQ_INT(lb_rt_origin(&v), 0);
	CHECK_EQ_STR(lb_rt_next_hop(&v), "192.0.2.1");

	/* other families: their text form, and no prefix length (a FlowSpec
	 * rule of 301 bytes has 0xf1 where a prefix length would be) */
	static uint8_t flow[303] = { 0xf1, 0x2d, 4 };
	for (int i = 0; i < 100; i++) {
		flow[3 + 3 * i] = (uint8_t)(0x11 | (i == 99 ? 0x80 : 0));
		flow[4 + 3 * i] = 0;
		flow[5 + 3 * i] = (uint8_t)(i + 1);
	}
	struct policy_route fr = { { FAM_IPV4_FLOW, 0, sizeof flow, flow }, in, NULL, false };
	struct lb_route_view fv;
	policy_view_init(&fv, &fr);
	CHECK_EQ_INT(lb_rt_plen(&fv), -1);
	CHECK(strncmp(lb_rt_prefix(&fv), "flow port [ =1 =2 =3 ", 21) == 0);
	CHECK(strstr(lb_rt_prefix(&fv), " =100 ]") != NULL);
	CHECK_EQ_INT(lb_rt_family(&fv), FAM_IPV4_FLOW);
	uint8_t v6[] = { 32, 0x20, 0x01, 0x0d, 0xb8 };
	struct policy_route r6 = { { FAM_IPV6_UNICAST, 0, 5, v6 }, in, NULL, false };
	policy_view_init(&fv, &r6);
	CHECK_EQ_INT(lb_rt_plen(&fv), 32);
	CHECK_EQ_STR(lb_rt_prefix(&fv), "2001:db8::/32");

	/* edits, read back through the record */
	CHECK_EQ_INT(lb_rt_edit(&v, LB_EDIT_LOCAL_PREF, 150, 0, 0), LB_RT_OK);
	CHECK_EQ_INT(lb_rt_edit(&v, LB_EDIT_LOCAL_PREF, 200, 0, 0), LB_RT_OK);   /* one op, last value */
	CHECK_EQ_INT(v.nops, 1);
	CHECK_EQ_INT((int)lb_rt_local_pref(&v), 200);
	CHECK_EQ_INT(lb_rt_edit(&v, LB_EDIT_COMMUNITY_ADD, 65000, 1, 0), LB_RT_OK);
	CHECK_EQ_INT(lb_rt_edit(&v, LB_EDIT_COMMUNITY_DEL, 65000, 7, 0), LB_RT_OK);
	CHECK_EQ_INT(lb_rt_has_community(&v, 65000, 1), 1);
	CHECK_EQ_INT(lb_rt_has_community(&v, 65000, 7), 0);
	CHECK_EQ_INT(lb_rt_edit(&v, LB_EDIT_PREPEND, 65000, 2, 0), LB_RT_OK);
	CHECK_EQ_INT(lb_rt_aspath_len(&v), 4);
	CHECK_EQ_INT(lb_rt_aspath_has(&v, 65000), 1);
	CHECK_EQ_INT(lb_rt_set_next_hop(&v, "2001:db8::1"), LB_RT_OK);
	CHECK_EQ_STR(lb_rt_next_hop(&v), "2001:db8::1");
	CHECK_EQ_INT(lb_rt_set_next_hop(&v, "not-an-ip"), LB_RT_BADARG);
	CHECK_EQ_INT(lb_rt_edit(&v, LB_EDIT_LARGE_ADD, 65000, 1, 2), LB_RT_OK);
	CHECK_EQ_INT(lb_rt_edit(&v, LB_EDIT_EXT_ADD, 0x0002FDE8, 100, 0), LB_RT_OK);
	CHECK_EQ_INT(lb_rt_edit(&v, LB_EDIT_ORIGIN, 3, 0, 0), LB_RT_BADARG);
	CHECK_EQ_INT(lb_rt_edit(&v, LB_EDIT_COMMUNITY_ADD, 70000, 1, 0), LB_RT_BADARG);

	/* the applied blob */
	struct buf out = BUF_INIT;
	policy_view_blob(&v, &out);
	CHECK(attrs_valid(out.data, out.len));
	struct attr_entry e;
	CHECK(attrs_find(out.data, out.len, ATTR_LOCAL_PREF, &e) && e.len == 4 && get_be32(e.value) == 200);
	CHECK(attrs_find(out.data, out.len, ATTR_COMMUNITIES, &e) && e.len == 4 && get_be32(e.value) == 0xFDE80001u);
	CHECK(attrs_find(out.data, out.len, ATTR_AS_PATH, &e) && e.len == 18 && e.value[0] == 2 && e.value[1] == 4 &&
	      get_be32(e.value + 2) == 65000 && get_be32(e.value + 6) == 65000 && get_be32(e.value + 10) == 65001);
	CHECK(attrs_find(out.data, out.len, ATTR_NEXT_HOP, &e) && e.len == 16);
	CHECK(attrs_find(out.data, out.len, ATTR_LARGE_COMMUNITIES, &e) && e.len == 12 && get_be32(e.value + 8) == 2);
	CHECK(attrs_find(out.data, out.len, ATTR_EXT_COMMUNITIES, &e) && e.len == 8 && get_be32(e.value + 4) == 100);
	CHECK(attrs_find(out.data, out.len, ATTR_MED, &e) && get_be32(e.value) == 5);
	buf_free(&out);

	/* a batch: same input and same edits share one interned result;
	 * rejected routes get none; unedited ones keep the input set */
	struct lb_route_view views[4];
	struct policy_route routes[4];
	uint8_t nl[4][4] = { { 24, 10, 0, 0 }, { 24, 10, 0, 1 }, { 25, 10, 0, 2 }, { 24, 10, 0, 3 } };
	size_t before = attrset_count();
	for (int i = 0; i < 4; i++) {
		routes[i] = (struct policy_route){ { FAM_IPV4_UNICAST, 0, 4, nl[i] }, in, NULL, false };
		policy_view_init(&views[i], &routes[i]);
	}
	lb_rt_edit(&views[0], LB_EDIT_MED, 9, 0, 0);
	lb_rt_edit(&views[1], LB_EDIT_MED, 9, 0, 0);
	lb_rt_set_verdict(&views[2], LB_VERDICT_REJECT);
	policy_batch_apply(views, routes, 4);
	CHECK(routes[0].accept && routes[1].accept && !routes[2].accept && routes[3].accept);
	CHECK(routes[0].out && routes[0].out == routes[1].out && routes[0].out != in);
	CHECK(routes[2].out == NULL);
	CHECK(routes[3].out == in);
	CHECK_EQ_INT(attrset_count(), before + 1);
	CHECK_EQ_INT(routes[0].out->refcnt, 2);
	for (int i = 0; i < 4; i++)
		if (routes[i].out)
			attrset_unref(routes[i].out);
	CHECK_EQ_INT(attrset_count(), before);

	/* stale handles: every helper refuses, nothing is read */
	views[0].valid = 0;
	views[0].blob = NULL;
	CHECK_EQ_INT(lb_rt_edit(&views[0], LB_EDIT_MED, 1, 0, 0), LB_RT_STALE);
	CHECK_EQ_INT(lb_rt_set_verdict(&views[0], 2), LB_RT_STALE);
	CHECK(lb_rt_prefix(&views[0]) == NULL);
	CHECK_EQ_INT(lb_rt_plen(&views[0]), -1);

	/* the edit record is bounded */
	policy_view_init(&views[1], &routes[1]);
	int rc = 0;
	for (int i = 0; i <= POLICY_EDIT_MAX && rc == 0; i++)
		rc = lb_rt_edit(&views[1], LB_EDIT_COMMUNITY_ADD, 1, (uint32_t)i, 0);
	CHECK_EQ_INT(rc, LB_RT_FULL);

	/* default action */
	policy_batch_default(routes, 2, true);
	CHECK(routes[0].accept && routes[0].out == in);
	attrset_unref(routes[0].out);
	attrset_unref(routes[1].out);
	policy_batch_default(routes, 2, false);
	CHECK(!routes[0].accept && !routes[0].out);
	attrset_unref(in);
	return unit_done();
}
