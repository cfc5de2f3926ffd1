/* The control lua_State (control.h).  Why a second state: hooks and JIT
 * settings are global to a lua_State family (../shared/LUA.md 5), and the
 * policy state wants the JIT on while scripts and REPL chunks must be
 * interruptible, so they live here with the JIT off and a count hook that
 * enforces a time budget per resume.  The scheduler itself is Lua
 * (lua/lunabgp/control); C arms the loop watchers it asks for and calls it
 * back.  C enters this state only from loop callbacks, never from inside a
 * Lua call: session hooks that may fire during a command (peer state
 * changes, a client dropped while written to) are queued and delivered on
 * the next loop iteration. */
#include "embed/control.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <luajit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/log.h"
#include "embed/control_int.h"
#include "embed/vm.h"
#include "session/control.h"
#include "session/loop.h"

struct daemon *ctl_daemon;
static lua_State *CL;                /* main thread of the control state */
static int module_ref = LUA_NOREF;
static size_t mem_used, mem_max;
static double deadline, budget_now;  /* CLOCK_MONOTONIC seconds; 0: no budget */
static double budget_default = 1.0;
static char **startup_files;
static struct loop_timer *startup_timer;
static char *config_scripts;
static size_t config_scripts_len;
static bool started;

lua_State *ctl_main_state(void) { return CL; }

/* ----- memory cap ------------------------------------------------------------- */

/* The cap turns a runaway allocation into LUA_ERRMEM for the script that
 * made it; after a collection the state carries on (LUA.md 5). */
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	if (nsize == 0) {
		free(ptr);
		mem_used -= ptr ? osize : 0;
		return NULL;
	}
	size_t old = ptr ? osize : 0;
	/* Scripts and commands (a resume under a budget) get mem_max; the
	 * scheduler on the main thread a little more, so it can always report
	 * the failure and collect. */
	size_t limit = deadline > 0 ? mem_max : mem_max + mem_max / 8;
	if (nsize > old && mem_used + (nsize - old) > limit)
		return NULL;
	void *p = realloc(ptr, nsize);
	if (p)
		mem_used = mem_used - old + nsize;
	return p;
}

/* ----- time budget ------------------------------------------------------------ */

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool hook_sticky;

static void budget_hook(lua_State *L, lua_Debug *ar);

void ctl_budget_set(double seconds)
{
	budget_now = seconds;
	deadline = seconds > 0 ? mono() + seconds : 0;
	if (hook_sticky && CL) {
		hook_sticky = false;
		lua_sethook(CL, budget_hook, LUA_MASKCOUNT, 1000);
	}
}

/* Every 1000 instructions (the JIT is off, so it really runs).  Past the
 * deadline every coroutine raises again at its next check: a script's own
 * pcall cannot swallow the stop (the "sticky" hook).  The scheduler runs on
 * the main thread and is never stopped; it clears the deadline when the
 * resume returns. */
static void budget_hook(lua_State *L, lua_Debug *ar)
{
	if (deadline > 0 && L != CL && (hook_sticky || mono() > deadline)) {
		/* From now on the hook runs at every instruction, so the first one
		 * outside the pcall that caught this error raises again. */
		if (!hook_sticky) {
			hook_sticky = true;
			lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
		}
		luaL_error(L, "time budget exceeded (%.1f s without yielding)", budget_now);
	}
}

/* ----- clients ------------------------------------------------------------------ */

static struct {
	lua_Integer id;
	struct control_client *c;
} *clients;
static int nclients, capclients;

struct control_client *ctl_client(lua_Integer id)
{
	for (int i = 0; i < nclients; i++)
		if (clients[i].id == id)
			return clients[i].c;
	return NULL;
}

static lua_Integer client_id(struct control_client *c)
{
	for (int i = 0; i < nclients; i++)
		if (clients[i].c == c)
			return clients[i].id;
	if (nclients == capclients) {
		capclients = capclients ? capclients * 2 : 8;
		clients = xrealloc(clients, (size_t)capclients * sizeof *clients);
	}
	clients[nclients].id = control_id(c);
	clients[nclients].c = c;
	return clients[nclients++].id;
}

/* ----- calls into Lua ------------------------------------------------------------ */

static int traceback(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	luaL_traceback(L, L, msg ? msg : "(error object)", 1);
	return 1;
}

bool ctl_call(const char *fname, int nargs)
{
	if (!CL)
		return false;
	bool ok = true;
	int base = lua_gettop(CL) - nargs;
	lua_pushcfunction(CL, traceback);
	lua_rawgeti(CL, LUA_REGISTRYINDEX, module_ref);
	lua_getfield(CL, -1, fname);
	lua_remove(CL, -2);
	lua_insert(CL, base + 1);
	lua_insert(CL, base + 1);
	if (lua_pcall(CL, nargs, 0, base + 1) != 0) {
		log_err("control: %s: %s", fname, lua_tostring(CL, -1));
		ok = false;
	}
	ctl_budget_set(0);
	lua_settop(CL, base);
	/* A script that hit the cap left garbage behind: collect it now rather
	 * than let the next command fail too. */
	if (mem_used > mem_max / 2)
		lua_gc(CL, LUA_GCCOLLECT, 0);
	return ok;
}

/* ----- deferred events (see the top of the file) --------------------------------- */

struct pending {
	struct pending *next;
	char kind;                 /* 'g' client gone, 's' peer state, 'u' UPDATE */
	size_t len;                /* 'u': bytes of b */
	lua_Integer id;
	char *a, *b, *c;
};
static struct pending *pend_head, **pend_tail = &pend_head;
static struct loop_timer *pend_timer;
/* UPDATEs queued for on("update") and not yet handed to Lua: bounded, so a
 * burst cannot grow the queue without limit (the rest is dropped, counted). */
enum { PEND_UPDATE_MAX = 32 << 20 };
static size_t pend_bytes;
static unsigned long pend_dropped;

static void pending_cb(void *arg)
{
	loop_timer_free(pend_timer);
	pend_timer = NULL;
	while (pend_head) {
		struct pending *p = pend_head;
		pend_head = p->next;
		if (!pend_head)
			pend_tail = &pend_head;
		if (p->kind == 'g') {
			lua_pushinteger(CL, p->id);
			ctl_call("client_gone", 1);
		} else if (p->kind == 'u') {
			pend_bytes -= p->len;
			lua_pushstring(CL, p->a);
			lua_pushlstring(CL, p->b, p->len);
			ctl_call("event_update", 2);
		} else {
			lua_pushstring(CL, p->a);
			lua_pushstring(CL, p->b);
			if (p->c)
				lua_pushstring(CL, p->c);
			else
				lua_pushnil(CL);
			ctl_call("event_state", 3);
		}
		free(p->a);
		free(p->b);
		free(p->c);
		free(p);
	}
}

static void pending_add(struct pending *p)
{
	*pend_tail = p;
	pend_tail = &p->next;
	if (!pend_timer)
		pend_timer = loop_timer_start(0, pending_cb, NULL);
}

void ctl_client_gone(struct control_client *c)
{
	for (int i = 0; i < nclients; i++)
		if (clients[i].c == c) {
			struct pending *p = xcalloc(1, sizeof *p);
			p->kind = 'g';
			p->id = clients[i].id;
			clients[i] = clients[--nclients];
			if (CL)
				pending_add(p);
			else
				free(p);
			return;
		}
}

void ctl_event_state(const char *peer, const char *state, const char *reason)
{
	if (!CL)
		return;
	struct pending *p = xcalloc(1, sizeof *p);
	p->kind = 's';
	p->a = xstrdup(peer);
	p->b = xstrdup(state);
	p->c = reason ? xstrdup(reason) : NULL;
	pending_add(p);
}

void ctl_event_update(const char *peer, const char *text, size_t len)
{
	if (!CL || !ctl_updates_wanted)
		return;
	if (pend_bytes + len > PEND_UPDATE_MAX) {
		if (pend_dropped++ % 10000 == 0)
			log_warn("control: on(\"update\") queue full (%zu bytes), %lu UPDATE(s) dropped so far",
			         pend_bytes, pend_dropped);
		return;
	}
	struct pending *p = xcalloc(1, sizeof *p);
	p->kind = 'u';
	p->a = xstrdup(peer);
	p->b = xmalloc(len + 1);
	memcpy(p->b, text, len);
	p->b[len] = 0;
	p->len = len;
	pend_bytes += len;
	pending_add(p);
}

void ctl_request(struct control_client *c, char type, const char *data, size_t len)
{
	if (!CL) {
		control_send(c, 'F', "no control state", 16);
		return;
	}
	lua_pushinteger(CL, client_id(c));
	lua_pushlstring(CL, &type, 1);
	lua_pushlstring(CL, data, len);
	lua_pushboolean(CL, control_readonly(c));
	if (!ctl_call("request", 4)) {
		/* The request could not even be handled (out of memory): answer. */
		control_send(c, 'F', "internal error (see the daemon's log)", 37);
		control_set_busy(c, false);
	}
}

/* ----- setup ------------------------------------------------------------------------ */

const char *ctl_default_socket(void)
{
	return control_default_path();
}

static int ctl_state_new(const struct ctl_options *o)
{
	mem_max = o->mem_max ? o->mem_max : (size_t)64 << 20;
	if (o->budget > 0)
		budget_default = o->budget;
	lua_State *L = lua_newstate(capped_alloc, NULL);
	if (!L) {
		log_err("control: cannot create the Lua state");
		return -1;
	}
	CL = L;
	luaL_openlibs(L);
	luaJIT_setmode(L, 0, LUAJIT_MODE_ENGINE | LUAJIT_MODE_OFF);
	lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1000);
	const char *dir = vm_lua_dir();
	lua_getglobal(L, "package");
	lua_pushfstring(L, "%s/?.lua;%s/?/init.lua;", dir, dir);
	lua_getfield(L, -2, "path");
	lua_concat(L, 2);
	lua_setfield(L, -2, "path");
	lua_pop(L, 1);
	lua_pushcfunction(L, traceback);
	lua_getglobal(L, "require");
	lua_pushstring(L, "lunabgp.control");
	if (lua_pcall(L, 1, 1, 1) != 0) {
		log_err("control: cannot load lunabgp.control: %s", lua_tostring(L, -1));
		lua_close(L);
		CL = NULL;
		return -1;
	}
	lua_pushvalue(L, -1);
	module_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_settop(L, 0);
	lua_newtable(L);
	ctl_core_register(L);
	lua_pushnumber(L, budget_default);
	lua_setfield(L, -2, "budget_default");
	lua_pushstring(L, LUNABGP_VERSION);
	lua_setfield(L, -2, "version");
	ctl_call("init", 1);
	return 0;
}


static void startup_cb(void *arg)
{
	loop_timer_free(startup_timer);
	startup_timer = NULL;
	started = true;
	if (startup_files && startup_files[0]) {
		lua_newtable(CL);
		for (int i = 0; startup_files[i]; i++) {
			lua_pushstring(CL, startup_files[i]);
			lua_rawseti(CL, -2, i + 1);
		}
		ctl_call("script_files", 1);
	}
	if (config_scripts) {
		lua_pushlstring(CL, config_scripts, config_scripts_len);
		ctl_call("scripts", 1);
	}
}

int ctl_start(struct daemon *d, const struct ctl_options *o)
{
	ctl_daemon = d;
	if (ctl_state_new(o) < 0)
		return -1;
	/* Scripts start on the first loop iteration: the peers exist by then. */
	startup_files = o->script_files;
	startup_timer = loop_timer_start(0, startup_cb, NULL);
	if (o->socket && control_listen(o->socket, false) < 0)
		return -1;
	if (o->socket_ro && control_listen(o->socket_ro, true) < 0)
		return -1;
	return 0;
}

void ctl_scripts_set(const char *serialised, size_t len)
{
	free(config_scripts);
	config_scripts = NULL;
	config_scripts_len = 0;
	if (serialised) {
		config_scripts = xmalloc(len + 1);
		memcpy(config_scripts, serialised, len);
		config_scripts[len] = 0;
		config_scripts_len = len;
	}
	if (!CL || !started)
		return;   /* delivered by startup_cb */
	lua_pushlstring(CL, config_scripts ? config_scripts : "", config_scripts_len);
	ctl_call("scripts", 1);
}

static struct buf captured;
static bool have_captured;

void ctl_scripts_capture(lua_State *L)
{
	int top = lua_gettop(L);
	lua_getglobal(L, "require");
	lua_pushstring(L, "lunabgp.control.model");
	if (lua_pcall(L, 1, 1, 0) != 0) {
		log_err("control: cannot load lunabgp.control.model: %s", lua_tostring(L, -1));
		lua_settop(L, top);
		return;
	}
	lua_getfield(L, -1, "serialise");
	lua_pushvalue(L, top);
	if (lua_pcall(L, 1, 1, 0) != 0) {
		log_err("control: scripts: %s", lua_tostring(L, -1));
	} else {
		size_t len;
		const char *s = lua_tolstring(L, -1, &len);
		buf_reset(&captured);
		buf_put(&captured, s, len);
		have_captured = true;
	}
	lua_settop(L, top);
}

const char *ctl_scripts_captured(size_t *len)
{
	*len = captured.len;
	return have_captured ? buf_cstr(&captured) : NULL;
}

void ctl_stop(void)
{
	control_close();
	if (!CL)
		return;
	ctl_call("stop", 0);
	ctl_core_close();
	loop_timer_free(pend_timer);
	pend_timer = NULL;
	loop_timer_free(startup_timer);
	startup_timer = NULL;
	free(config_scripts);
	config_scripts = NULL;
	started = false;
	while (pend_head) {
		struct pending *p = pend_head;
		pend_head = p->next;
		free(p->a);
		free(p->b);
		free(p->c);
		free(p);
	}
	pend_tail = &pend_head;
	lua_close(CL);
	CL = NULL;
	free(clients);
	clients = NULL;
	nclients = capclients = 0;
}
