/* The C <-> Lua contract of import/export policies, written once.
 *
 * LB_POLICY_DECLS is both compiled here as C declarations and turned into
 * the string LB_POLICY_CDEF that lua/lunabgp/policy hands to ffi.cdef, so
 * the two can never disagree (Knot Resolver generates its cdefs from its
 * headers for the same reason).  tests/embed/test_policy_cdef.c also checks
 * sizes and offsets of struct lb_policy_batch through the FFI.
 *
 * Routes reach Lua as `struct lb_route_view *`: an incomplete type there, so
 * policy code cannot read or write fields, only call the methods that
 * lua/lunabgp/policy/init.lua attaches with ffi.metatype (each one of the
 * lb_rt_* helpers below).  Mutations append to the view's edit record; C
 * applies them after the batch (c/embed/policy_edit.c).
 *
 * lb_policy_step runs between the functions of a chain (per-function
 * counters, c/embed/policy.c); lb_pset_* are the prefix sets of
 * lunabgp.prefix_set (c/embed/prefix_set.c), an incomplete type in Lua too.
 *
 * Rules for the helpers: never call back into Lua, never raise a Lua error
 * (the FFI forbids it): they return a status the Lua wrapper turns into
 * error(). */
#ifndef LB_EMBED_POLICY_FFI_H
#define LB_EMBED_POLICY_FFI_H

#include <stdint.h>

#define LB_POLICY_DECLS \
struct lb_route_view; \
struct lb_policy_batch { \
	struct lb_route_view **routes; \
	int32_t n; \
	int32_t pos; \
	int32_t ticks; \
	int32_t over; \
}; \
struct lb_policy_batch *lb_policy_batch_get(void); \
int lb_policy_tick(void); \
int lb_policy_stamp(const char *path, double count); \
void lb_policy_print(const char *text); \
const char *lb_policy_family_name(int fam); \
int lb_rt_valid(const struct lb_route_view *r); \
int lb_rt_plen(const struct lb_route_view *r); \
int lb_rt_family(const struct lb_route_view *r); \
const char *lb_rt_prefix(const struct lb_route_view *r); \
int lb_rt_aspath_has(const struct lb_route_view *r, uint32_t asn); \
int lb_rt_aspath_len(const struct lb_route_view *r); \
int lb_rt_has_community(const struct lb_route_view *r, uint32_t a, uint32_t b); \
double lb_rt_med(const struct lb_route_view *r); \
double lb_rt_local_pref(const struct lb_route_view *r); \
int lb_rt_origin(const struct lb_route_view *r); \
const char *lb_rt_next_hop(const struct lb_route_view *r); \
int lb_rt_verdict(const struct lb_route_view *r); \
int lb_rt_set_verdict(struct lb_route_view *r, int verdict); \
int lb_rt_edit(struct lb_route_view *r, int kind, uint32_t a, uint32_t b, uint32_t c); \
int lb_rt_set_next_hop(struct lb_route_view *r, const char *ip); \
int lb_policy_step(int k); \
struct lb_pset; \
struct lb_pset *lb_pset_new(void); \
void lb_pset_free(struct lb_pset *s); \
int lb_pset_add(struct lb_pset *s, const char *text); \
const char *lb_pset_error(void); \
int lb_pset_size(const struct lb_pset *s); \
int lb_pset_match(const struct lb_pset *s, const struct lb_route_view *r); \
int lb_pset_contains(const struct lb_pset *s, const char *prefix);

LB_POLICY_DECLS

#define LB_POLICY_STR_(...) #__VA_ARGS__
#define LB_POLICY_STR(x) LB_POLICY_STR_(x)
#define LB_POLICY_CDEF LB_POLICY_STR(LB_POLICY_DECLS)

/* Verdicts and edit kinds, mirrored by name in lua/lunabgp/policy/init.lua
 * (numbers passed to lb_rt_set_verdict / lb_rt_edit). */
enum { LB_VERDICT_NONE = 0, LB_VERDICT_ACCEPT = 1, LB_VERDICT_REJECT = 2 };
enum lb_edit_kind {
	LB_EDIT_LOCAL_PREF = 1, LB_EDIT_MED = 2, LB_EDIT_ORIGIN = 3, LB_EDIT_NEXT_HOP = 4,
	LB_EDIT_COMMUNITY_ADD = 5, LB_EDIT_COMMUNITY_DEL = 6, LB_EDIT_LARGE_ADD = 7,
	LB_EDIT_EXT_ADD = 8, LB_EDIT_PREPEND = 9,
};
/* lb_rt_* status codes */
enum { LB_RT_OK = 0, LB_RT_STALE = -1, LB_RT_FULL = -2, LB_RT_BADARG = -3 };

#endif
