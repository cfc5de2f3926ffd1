/* Route views and edit records of the policy engine (no Lua here, so the
 * edit/intern path is unit-tested on its own: tests/embed/test_policy_edit.c).
 *
 * A view is what a policy sees of one route during one batch: the NLRI,
 * the interned input attributes, a verdict and an edit record.  Getters
 * read the input blob *through* the edits already recorded (a chain's
 * second function sees the local-pref the first one set).  After the batch
 * policy_view_apply() rewrites the blob once per route with attrs_set and
 * interns the result; policy_batch_apply() shares the result between routes
 * with the same input and the same edits (an UPDATE's routes usually are). */
#ifndef LB_EMBED_POLICY_EDIT_H
#define LB_EMBED_POLICY_EDIT_H

#include <stdbool.h>

#include "embed/policy_ffi.h"
#include "rib/attrset.h"
#include "wire/nlri.h"

enum { POLICY_EDIT_MAX = 16, POLICY_BATCH_MAX = 256 };

struct lb_edit_op {
	uint8_t kind;             /* enum lb_edit_kind */
	uint8_t len;              /* next hop: 0 (self), 4 or 16 bytes in v */
	uint8_t pad[2];
	uint32_t v[4];
};

struct lb_route_view {
	struct nlri_ref n;
	const uint8_t *blob;      /* input attributes (interned, not owned) */
	uint32_t bloblen;
	uint8_t valid;            /* 0 outside its batch: every helper refuses */
	uint8_t verdict;          /* LB_VERDICT_* */
	uint8_t nops;
	struct lb_edit_op ops[POLICY_EDIT_MAX];
};

/* One route handed to the engine (c/session fills in, the engine answers). */
struct policy_route {
	struct nlri_ref n;
	struct attrset *in;       /* not owned */
	struct attrset *out;      /* result when accepted: a reference the caller owns */
	bool accept;
};

void policy_view_init(struct lb_route_view *v, const struct policy_route *r);
/* The result blob of v's edits applied to its input, in out. */
void policy_view_blob(const struct lb_route_view *v, struct buf *out);
/* Fill routes[i].accept/out from views[i]: rejected routes get no result,
 * others (accepted, or the chain ended without a verdict) the edited set. */
void policy_batch_apply(struct lb_route_view *views, struct policy_route *routes, size_t n);
/* Give every route the default action, ignoring verdicts and edits. */
void policy_batch_default(struct policy_route *routes, size_t n, bool accept);

#endif
