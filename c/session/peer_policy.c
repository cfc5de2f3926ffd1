/* Policy glue of c/session (peer_policy.h): batches of at most
 * POLICY_BATCH_MAX routes, one policy_chain_run (one lua_pcall) each. */
#include "session/peer_policy.h"

#include <stdlib.h>
#include <string.h>

#include "embed/policy.h"

static struct policy_route batch[POLICY_BATCH_MAX];

static void import_flush(struct peer *p, size_t n)
{
	policy_chain_run(p->conf->import, peer_name(p), batch, n);
	for (size_t i = 0; i < n; i++) {
		if (p->adj_in)
			rib_table_update(p->adj_in, &batch[i].n, batch[i].accept ? batch[i].out : NULL);
		if (batch[i].out)
			attrset_unref(batch[i].out);
	}
}

void peer_policy_import(struct peer *p, const struct wire_nlri_field *f, struct attrset *a)
{
	struct nlri_iter it;
	size_t n = 0;
	nlri_iter_init(&it, f->fam, f->addpath, f->data, f->len);
	while (nlri_iter_next(&it, &batch[n].n)) {
		batch[n].in = a;
		if (++n == POLICY_BATCH_MAX) {
			import_flush(p, n);
			n = 0;
		}
	}
	if (n)
		import_flush(p, n);
}

struct collect {
	struct nlri_ref *v;         /* .data: offset into bytes until the walk ends */
	struct buf bytes;           /* the NLRI, back to back (FlowSpec: up to 4097 each) */
	struct attrset **attrs;
	size_t n, cap;
};

static void collect_cb(const struct rib_route *r, void *arg)
{
	struct collect *c = arg;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
		c->attrs = xrealloc(c->attrs, c->cap * sizeof *c->attrs);
	}
	c->v[c->n] = rib_route_nlri(r);
	c->v[c->n].data = (const uint8_t *)(uintptr_t)c->bytes.len;
	buf_put(&c->bytes, r->nlri, r->len);
	c->attrs[c->n] = attrset_ref(r->attrs);
	c->n++;
}

static void export_apply(struct peer *p, struct rib_out *o, size_t n)
{
	policy_chain_run(p->conf->export, peer_name(p), batch, n);
	for (size_t i = 0; i < n; i++) {
		if (batch[i].accept && batch[i].out) {
			rib_out_announce(o, &batch[i].n, batch[i].out);
			attrset_unref(batch[i].out);
		} else {
			rib_out_withdraw(o, &batch[i].n);
		}
	}
}

void peer_policy_export_rib(struct peer *p, struct rib_out *o)
{
	if (!p->conf->export)
		return;
	struct collect c = { 0 };
	rib_out_walk(o, collect_cb, &c);
	size_t n = 0;
	for (size_t i = 0; i < c.n; i++) {
		c.v[i].data = c.bytes.data + (uintptr_t)c.v[i].data;
		batch[n].n = c.v[i];
		batch[n].in = c.attrs[i];
		if (++n == POLICY_BATCH_MAX) {
			export_apply(p, o, n);
			n = 0;
		}
	}
	if (n)
		export_apply(p, o, n);
	for (size_t i = 0; i < c.n; i++)
		attrset_unref(c.attrs[i]);
	free(c.v);
	buf_free(&c.bytes);
	free(c.attrs);
}

void peer_policy_announce(struct peer *p, const struct nlri_ref *n, struct attrset *a)
{
	if (!p->conf->export) {
		rib_out_announce(p->adj_out, n, a);
		return;
	}
	batch[0].n = *n;
	batch[0].in = a;
	export_apply(p, p->adj_out, 1);
}
