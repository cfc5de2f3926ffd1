/* Import/export policies in Lua (docs/lua.md, design: ../shared/LUA.md
 * section 7).  One policy lua_State per configuration generation, apart
 * from the daemon's state: JIT on, its own memory cap (a wrapping
 * allocator) and a time budget per batch enforced by checks the loader
 * inserts into every loop body and function of policy code.
 *
 * Callers (c/session) hand routes in batches of up to POLICY_BATCH_MAX; one
 * lua_pcall runs the neighbor's chain over the whole batch.  No Lua types
 * here: c/session includes this header, only c/embed includes lua.h. */
#ifndef LB_EMBED_POLICY_H
#define LB_EMBED_POLICY_H

#include "daemon/conf.h"
#include "embed/policy_edit.h"

struct lua_State;
struct policy;           /* the engine: one per struct conf */
struct policy_chain;     /* a compiled `import`/`export` list of one neighbor */

/* Build the engine for conf from the configuration model at the top of cfgL's
 * stack (cfg.scripts, cfg.neighbors[i].import/export/..._default) and set
 * conf->neighbors[i]->import/export.  Errors: "file:line:col: message" lines
 * appended to errors; returns false. */
bool policy_conf_load(struct lua_State *cfgL, struct conf *conf, struct buf *errors);

/* Run the chain over n routes (n <= POLICY_BATCH_MAX): sets accept and out
 * (a reference owned by the caller when accepted).  A Lua error or a budget
 * overrun is logged with file:line and the chain's default action applies to
 * the whole batch.  peer: the neighbor's address text (r:peer()). */
void policy_chain_run(struct policy_chain *ch, const char *peer, struct policy_route *routes, size_t n);

/* Same chain across two configuration generations: the same function names
 * in the same order, the same default, and the same code in every block
 * (a hash of it).  NULL (no chain) equals only NULL.  daemon_reload asks
 * this to know whether a kept session's routes must be re-imported. */
bool policy_chain_same(const struct policy_chain *a, const struct policy_chain *b);
/* "f1 f2" as configured (NULL for no chain); *dflt_accept: the default. */
const char *policy_chain_names(const struct policy_chain *ch, bool *dflt_accept);

/* Counters of one chain (one neighbor and direction) since it was loaded
 * (docs/lua.md "Counters"); a reload makes new chains, so they start again. */
struct policy_chain_stats {
	unsigned long long batches, routes;     /* handed to the chain */
	unsigned long long accepted, rejected;  /* final outcome, defaults included */
	unsigned long long failures;            /* batches that failed (error, budget, memory) */
	unsigned long long defaulted;           /* routes given the default (failed or disabled) */
	unsigned long long skipped;             /* routes not shown to Lua: the chain was disabled */
};
struct policy_fn_stats {
	char *name;
	unsigned long long seen;                /* routes handed to the function */
	unsigned long long accepted, rejected;  /* verdicts the function gave */
	unsigned long long modified;            /* routes it edited */
	unsigned long long errors, overruns;    /* batches failed in it; of which time budget */
	double time_s;                          /* time in it (batches, not per route) */
};
struct policy_chain_info {
	const char *names;
	bool dflt_accept, disabled;
	unsigned fail_limit, consecutive;
	const char *last_error;                 /* NULL: never failed */
	struct policy_chain_stats st;
	int nfn;
	const struct policy_fn_stats *fn;       /* valid until the chain is freed */
};
/* false for no chain. */
bool policy_chain_info(const struct policy_chain *ch, struct policy_chain_info *out);
/* Re-enable a chain disabled by its failure limit: true if it was disabled. */
bool policy_chain_enable(struct policy_chain *ch);

/* Counters for tests and logs. */
struct policy_stats {
	unsigned long long batches, routes, errors;
};
void policy_stats_get(struct policy_stats *out);

#endif
