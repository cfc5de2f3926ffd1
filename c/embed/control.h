/* The control lua_State: event scripts and the control socket's REPL run
 * here as coroutines driven by the loop, apart from the configuration and
 * policy state.  JIT off (a count hook then stops `while true do end`), a
 * capping allocator, a time budget per resume.  See docs/lua.md. */
#ifndef LB_EMBED_CONTROL_H
#define LB_EMBED_CONTROL_H

#include <stdbool.h>
#include <stddef.h>

struct daemon;
struct lua_State;

struct ctl_options {
	const char *socket;          /* control socket path, NULL: none */
	const char *socket_ro;       /* read-only socket path, NULL: none */
	size_t mem_max;              /* bytes, 0: default 64 MiB */
	double budget;               /* seconds per resume, 0: default 1 */
	char **script_files;         /* `--script FILE` scripts, NULL terminated (or NULL) */
};

/* The default control socket path: /run/lunabgp.sock for root, else
 * $XDG_RUNTIME_DIR/lunabgp.sock, else /tmp/lunabgp-UID.sock. */
const char *ctl_default_socket(void);

/* Create the state, listen, and run the scripts' startup once the loop
 * runs.  Returns -1 (logged) if the state or a socket cannot be set up. */
int ctl_start(struct daemon *d, const struct ctl_options *o);
/* Configured scripts (after the initial load and each reload): a list of
 * tables {name=, file=, line=, source=, chunkname=, allow={...}, restart=}
 * serialised by the configuration; NULL/empty stops them all. */
void ctl_scripts_set(const char *serialised, size_t len);
void ctl_stop(void);

/* From config_load, with the configuration model on top of cfgL's stack:
 * remember its lua/script blocks (cfg.scripts) serialised; the caller that
 * keeps the configuration hands them to ctl_scripts_set(). */
void ctl_scripts_capture(struct lua_State *cfgL);
/* The blocks of the last configuration loaded (NULL if none). */
const char *ctl_scripts_captured(size_t *len);

#endif
