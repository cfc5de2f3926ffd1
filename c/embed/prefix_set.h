/* Prefix sets of policies (docs/lua.md "Prefix sets"): built once at load
 * from entry text, read-only while routes flow.  The FFI-visible functions
 * (lb_pset_new, _add, _match, _contains, ...) are declared in policy_ffi.h;
 * this header adds what C tests use.  No Lua here. */
#ifndef LB_EMBED_PREFIX_SET_H
#define LB_EMBED_PREFIX_SET_H

#include <stdint.h>

#include "embed/policy_ffi.h"

/* addr: the prefix's bytes (at least (plen + 7) / 8 of them). */
int lb_pset_match_raw(const struct lb_pset *s, int v6, const uint8_t *addr, int plen);

/* The longest probe sequence of any stored key (tests: the hash spreads
 * masked prefixes). */
unsigned lb_pset_max_probe(const struct lb_pset *s);

#endif
