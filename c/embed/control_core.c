/* The control state's `core` table: what Lua asks of C.  Waits (a timer, fd
 * readiness or a child's exit, each with a timeout) are armed here and
 * answered by calling the scheduler's wake(token, ...) from the loop.  No
 * function here blocks: connect() is non-blocking, names are not resolved
 * (getaddrinfo would block), commands run in a child process. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <lua.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/log.h"
#include "embed/control_int.h"
#include "embed/policy.h"
#include "embed/policy_ffi.h"
#include "session/api_exec.h"
#include "session/control.h"
#include "session/daemon.h"
#include "session/loop.h"

/* ----- waits ---------------------------------------------------------------------- */

struct wait {
	struct wait *next, **pprev;
	lua_Integer token;
	struct loop_timer *timer;
	struct loop_io *io;
	struct loop_child *child;
	pid_t pid;                 /* child not reaped yet */
};
static struct wait *waits;

static void wait_free(struct wait *w)
{
	loop_timer_free(w->timer);
	loop_io_free(w->io);
	if (w->child) {
		/* Still running (timeout, or the task was cancelled): kill its
		 * process group and reap it in the background. */
		loop_child_free(w->child);
		kill(-w->pid, SIGKILL);
		kill(w->pid, SIGKILL);
		loop_child_reap(w->pid);
	}
	if (w->next)
		w->next->pprev = w->pprev;
	*w->pprev = w->next;
	free(w);
}

/* Deliver: free the watchers first (the wake may start a new wait). */
static void wait_fire(struct wait *w, const char *what, int status)
{
	lua_Integer token = w->token;
	wait_free(w);
	lua_State *L = ctl_main_state();
	lua_pushinteger(L, token);
	lua_pushstring(L, what);
	lua_pushinteger(L, status);
	ctl_call("wake", 3);
}

static void wait_timer_cb(void *arg)
{
	struct wait *w = arg;
	/* A command over its time is killed (wait_free); the task sees "timeout". */
	wait_fire(w, "timeout", 0);
}

static void wait_io_cb(void *arg, int events) { wait_fire(arg, "ready", events); }

static void wait_child_cb(void *arg, int status)
{
	struct wait *w = arg;
	loop_child_free(w->child);
	w->child = NULL;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	wait_fire(w, "exit", code);
}

/* A reload asked by a task (reload() in the REPL): run from the loop, as
 * SIGUSR1 does, never from inside Lua (daemon_reload hands the new scripts
 * to this state).  The wait is gone before the reload: the reload may stop
 * the asking task (a script), whose cancel then finds nothing. */
static void wait_reload_cb(void *arg)
{
	struct wait *w = arg;
	lua_Integer token = w->token;
	wait_free(w);
	struct daemon *d = ctl_daemon;
	const struct conf *before = d ? d->conf : NULL;
	if (d) {
		log_notice("control: reloading the configuration");
		daemon_reload(d);
	}
	lua_State *L = ctl_main_state();
	lua_pushinteger(L, token);
	lua_pushstring(L, d && d->conf != before ? "done" : "failed");
	lua_pushinteger(L, 0);
	ctl_call("wake", 3);
}

static struct wait *wait_find(lua_Integer token)
{
	for (struct wait *w = waits; w; w = w->next)
		if (w->token == token)
			return w;
	return NULL;
}

/* core.wait(token, kind, timeout [, fd|pid [, "r"|"w"]]) */
static int core_wait(lua_State *L)
{
	lua_Integer token = luaL_checkinteger(L, 1);
	const char *kind = luaL_checkstring(L, 2);
	double timeout = luaL_optnumber(L, 3, -1);
	struct wait *w = xcalloc(1, sizeof *w);
	w->token = token;
	w->next = waits;
	if (waits)
		waits->pprev = &w->next;
	w->pprev = &waits;
	waits = w;
	if (!strcmp(kind, "io")) {
		int fd = (int)luaL_checkinteger(L, 4);
		const char *ev = luaL_optstring(L, 5, "r");
		w->io = loop_io_start(fd, strchr(ev, 'w') ? LOOP_WRITE : LOOP_READ, wait_io_cb, w);
	} else if (!strcmp(kind, "child")) {
		w->pid = (pid_t)luaL_checkinteger(L, 4);
		w->child = loop_child_start(w->pid, wait_child_cb, w);
	} else if (!strcmp(kind, "reload")) {
		w->timer = loop_timer_start(0, wait_reload_cb, w);
		return 0;
	}
	if (timeout >= 0)
		w->timer = loop_timer_start(timeout, wait_timer_cb, w);
	return 0;
}

static int core_cancel(lua_State *L)
{
	struct wait *w = wait_find(luaL_checkinteger(L, 1));
	if (w)
		wait_free(w);
	return 0;
}

void ctl_core_close(void)
{
	while (waits)
		wait_free(waits);
}

/* ----- probes ---------------------------------------------------------------------- */

/* core.tcp_connect(address, port) -> fd, connected | nil, error.  Numeric
 * addresses only. */
static int core_tcp_connect(lua_State *L)
{
	const char *host = luaL_checkstring(L, 1);
	int port = (int)luaL_checkinteger(L, 2);
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	socklen_t len;
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		ss.ss_family = AF_INET;
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
		len = sizeof(struct sockaddr_in);
	} else if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		ss.ss_family = AF_INET6;
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
		len = sizeof(struct sockaddr_in6);
	} else {
		lua_pushnil(L);
		lua_pushfstring(L, "'%s' is not an IP address", host);
		return 2;
	}
	if (port < 1 || port > 65535)
		return luaL_error(L, "port %d out of range", port);
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		lua_pushnil(L);
		lua_pushstring(L, strerror(errno));
		return 2;
	}
	int rc = connect(fd, (struct sockaddr *)&ss, len);
	if (rc < 0 && errno != EINPROGRESS) {
		int e = errno;
		close(fd);
		lua_pushnil(L);
		lua_pushstring(L, strerror(e));
		return 2;
	}
	lua_pushinteger(L, fd);
	lua_pushboolean(L, rc == 0);
	return 2;
}

static int core_sock_error(lua_State *L)
{
	int fd = (int)luaL_checkinteger(L, 1);
	int err = 0;
	socklen_t len = sizeof err;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (!err)
		return 0;
	lua_pushstring(L, strerror(err));
	return 1;
}

static int core_close(lua_State *L)
{
	close((int)luaL_checkinteger(L, 1));
	return 0;
}

/* core.spawn(command) -> pid | nil, error: /bin/sh -c command in its own
 * process group, stdio on /dev/null. */
static int core_spawn(lua_State *L)
{
	const char *cmd = luaL_checkstring(L, 1);
	pid_t pid = fork();
	if (pid < 0) {
		lua_pushnil(L);
		lua_pushstring(L, strerror(errno));
		return 2;
	}
	if (pid == 0) {
		setpgid(0, 0);
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
		sigset_t all;
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGCHLD, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	lua_pushinteger(L, pid);
	return 1;
}

/* ----- clients, log, time ---------------------------------------------------------------- */

static int core_send(lua_State *L)
{
	struct control_client *c = ctl_client(luaL_checkinteger(L, 1));
	size_t len;
	const char *type = luaL_checkstring(L, 2);
	const char *text = luaL_optlstring(L, 3, "", &len);
	if (!c) {
		lua_pushboolean(L, 0);
		return 1;
	}
	control_send(c, type[0], text, len);
	lua_pushboolean(L, 1);
	return 1;
}

static int core_busy(lua_State *L)
{
	struct control_client *c = ctl_client(luaL_checkinteger(L, 1));
	if (c)
		control_set_busy(c, lua_toboolean(L, 2));
	return 0;
}

static int core_budget(lua_State *L)
{
	ctl_budget_set(luaL_optnumber(L, 1, 0));
	return 0;
}

static int core_now(lua_State *L)
{
	lua_pushnumber(L, loop_time());
	return 1;
}

static int core_log(lua_State *L)
{
	const char *level = luaL_checkstring(L, 1);
	const char *msg = luaL_checkstring(L, 2);
	switch (level[0]) {
	case 'e': log_err("%s", msg); break;
	case 'w': log_warn("%s", msg); break;
	case 'i': log_info("%s", msg); break;
	case 'd': log_debug("%s", msg); break;
	default: log_notice("%s", msg); break;
	}
	return 0;
}

static int core_mem(lua_State *L)
{
	lua_pushinteger(L, lua_gc(L, LUA_GCCOUNT, 0) * 1024 + lua_gc(L, LUA_GCCOUNTB, 0));
	return 1;
}

/* ----- the daemon ------------------------------------------------------------------------------ */

static int core_neighbors(lua_State *L)
{
	struct daemon *d = ctl_daemon;
	lua_newtable(L);
	int n = 0;
	for (int i = 0; d && i < d->npeers; i++) {
		struct peer *p = d->peers[i];
		if (!p || p->removed)
			continue;
		const struct neighbor_conf *nc = p->conf;
		lua_newtable(L);
		lua_pushstring(L, nc->name);
		lua_setfield(L, -2, "address");
		lua_pushstring(L, fsm_state_name(p->state));
		lua_setfield(L, -2, "state");
		lua_pushnumber(L, nc->local_as);
		lua_setfield(L, -2, "local_as");
		lua_pushnumber(L, nc->peer_as);
		lua_setfield(L, -2, "peer_as");
		char rid[INET_ADDRSTRLEN];
		uint32_t r = htonl(nc->router_id);
		inet_ntop(AF_INET, &r, rid, sizeof rid);
		lua_pushstring(L, rid);
		lua_setfield(L, -2, "router_id");
		lua_pushnumber(L, (lua_Number)p->updates_in);
		lua_setfield(L, -2, "updates_in");
		lua_pushnumber(L, (lua_Number)p->updates_out);
		lua_setfield(L, -2, "updates_out");
		if (nc->description) {
			lua_pushstring(L, nc->description);
			lua_setfield(L, -2, "description");
		}
		lua_rawseti(L, -2, ++n);
	}
	return 1;
}

/* core.policies() -> { [neighbor] = { import = "f1 f2", import_default =
 * "reject", export = ..., export_default = ... } } (no chain: no field). */
static void push_chain(lua_State *L, const struct policy_chain *ch, const char *dir)
{
	bool dflt = false;
	const char *names = policy_chain_names(ch, &dflt);
	if (!names)
		return;
	char key[32];
	lua_pushstring(L, names);
	lua_setfield(L, -2, dir);
	snprintf(key, sizeof key, "%s_default", dir);
	lua_pushstring(L, dflt ? "accept" : "reject");
	lua_setfield(L, -2, key);
}

static int core_policies(lua_State *L)
{
	struct daemon *d = ctl_daemon;
	lua_newtable(L);
	for (int i = 0; d && i < d->npeers; i++) {
		struct peer *p = d->peers[i];
		if (!p || p->removed)
			continue;
		lua_newtable(L);
		push_chain(L, p->conf->import, "import");
		push_chain(L, p->conf->export, "export");
		lua_setfield(L, -2, p->conf->name);
	}
	return 1;
}

/* core.policy_stats() -> { [neighbor] = { import = { chain = "f1 f2", default =
 * "reject", disabled = false, failure_limit = 0, consecutive_failures = 0,
 * batches, routes, accepted, rejected, failures, defaulted, skipped,
 * last_error, functions = { { name, seen, accepted, rejected, modified,
 * errors, overruns, time_ms }, ... } }, export = ... } } (docs/lua.md). */
static void set_num(lua_State *L, const char *k, double v)
{
	lua_pushnumber(L, v);
	lua_setfield(L, -2, k);
}

static void push_chain_stats(lua_State *L, const struct policy_chain *ch, const char *dir)
{
	struct policy_chain_info in;
	if (!policy_chain_info(ch, &in))
		return;
	lua_newtable(L);
	lua_pushstring(L, in.names);
	lua_setfield(L, -2, "chain");
	lua_pushstring(L, in.dflt_accept ? "accept" : "reject");
	lua_setfield(L, -2, "default");
	lua_pushboolean(L, in.disabled);
	lua_setfield(L, -2, "disabled");
	set_num(L, "failure_limit", in.fail_limit);
	set_num(L, "consecutive_failures", in.consecutive);
	set_num(L, "batches", (double)in.st.batches);
	set_num(L, "routes", (double)in.st.routes);
	set_num(L, "accepted", (double)in.st.accepted);
	set_num(L, "rejected", (double)in.st.rejected);
	set_num(L, "failures", (double)in.st.failures);
	set_num(L, "defaulted", (double)in.st.defaulted);
	set_num(L, "skipped", (double)in.st.skipped);
	if (in.last_error) {
		lua_pushstring(L, in.last_error);
		lua_setfield(L, -2, "last_error");
	}
	lua_newtable(L);
	for (int k = 0; k < in.nfn; k++) {
		const struct policy_fn_stats *f = &in.fn[k];
		lua_newtable(L);
		lua_pushstring(L, f->name);
		lua_setfield(L, -2, "name");
		set_num(L, "seen", (double)f->seen);
		set_num(L, "accepted", (double)f->accepted);
		set_num(L, "rejected", (double)f->rejected);
		set_num(L, "modified", (double)f->modified);
		set_num(L, "errors", (double)f->errors);
		set_num(L, "overruns", (double)f->overruns);
		set_num(L, "time_ms", f->time_s * 1000.0);
		lua_rawseti(L, -2, k + 1);
	}
	lua_setfield(L, -2, "functions");
	lua_setfield(L, -2, dir);
}

static int core_policy_stats(lua_State *L)
{
	struct daemon *d = ctl_daemon;
	lua_newtable(L);
	for (int i = 0; d && i < d->npeers; i++) {
		struct peer *p = d->peers[i];
		if (!p || p->removed || (!p->conf->import && !p->conf->export))
			continue;
		lua_newtable(L);
		push_chain_stats(L, p->conf->import, "import");
		push_chain_stats(L, p->conf->export, "export");
		lua_setfield(L, -2, p->conf->name);
	}
	return 1;
}

/* core.policy_enable(neighbor or nil, "import"|"export"|nil) -> number of
 * chains enabled again (those disabled by policy-failure-limit).  Import:
 * a ROUTE-REFRESH, as a reload with a changed import policy does. */
static int core_policy_enable(lua_State *L)
{
	struct daemon *d = ctl_daemon;
	const char *name = luaL_optstring(L, 1, NULL);
	const char *dir = luaL_optstring(L, 2, NULL);
	int n = 0;
	for (int i = 0; d && i < d->npeers; i++) {
		struct peer *p = d->peers[i];
		if (!p || p->removed || (name && strcmp(name, p->conf->name) != 0))
			continue;
		if ((!dir || !strcmp(dir, "import")) && policy_chain_enable(p->conf->import)) {
			/* routes defaulted while it was off: the peer sends them again
			 * (RFC 2918), through the chain this time */
			peer_request_refresh(p, "import policy enabled again");
			n++;
		}
		if ((!dir || !strcmp(dir, "export")) && policy_chain_enable(p->conf->export))
			n++;
	}
	lua_pushinteger(L, n);
	return 1;
}

/* Prefix sets in the control state (scripts' lunabgp.prefix_set, built by
 * control/lib.lua): the policy engine's C sets (prefix_set.c) in a userdata. */
#define PSET_MT "lunabgp.pset"

static struct lb_pset **pset_check(lua_State *L)
{
	struct lb_pset **u = luaL_checkudata(L, 1, PSET_MT);
	if (!*u)
		luaL_error(L, "prefix set freed");
	return u;
}

static int pset_gc(lua_State *L)
{
	struct lb_pset **u = luaL_checkudata(L, 1, PSET_MT);
	lb_pset_free(*u);
	*u = NULL;
	return 0;
}

static int core_pset_new(lua_State *L)
{
	struct lb_pset **u = lua_newuserdata(L, sizeof *u);
	*u = NULL;
	luaL_getmetatable(L, PSET_MT);
	lua_setmetatable(L, -2);
	*u = lb_pset_new();
	if (!*u)
		return luaL_error(L, "prefix_set: out of memory");
	return 1;
}

/* (set, text) -> true | nil, error */
static int core_pset_add(lua_State *L)
{
	struct lb_pset **u = pset_check(L);
	if (lb_pset_add(*u, luaL_checkstring(L, 2)) != 0) {
		lua_pushnil(L);
		lua_pushstring(L, lb_pset_error());
		return 2;
	}
	lua_pushboolean(L, 1);
	return 1;
}

/* (set, text) -> bool | nil, error */
static int core_pset_contains(lua_State *L)
{
	struct lb_pset **u = pset_check(L);
	int v = lb_pset_contains(*u, luaL_checkstring(L, 2));
	if (v < 0) {
		lua_pushnil(L);
		lua_pushstring(L, lb_pset_error());
		return 2;
	}
	lua_pushboolean(L, v);
	return 1;
}

static int core_pset_size(lua_State *L)
{
	lua_pushinteger(L, lb_pset_size(*pset_check(L)));
	return 1;
}

/* API commands from the control state: what the verbs write (show ...)
 * is captured and handed back to Lua by core.api_take(). */
static struct buf capture;
static bool capturing;

static void capture_line(void *arg, const char *line)
{
	buf_puts(&capture, line);
	buf_put_u8(&capture, '\n');
}

static int core_api_begin(lua_State *L)
{
	api_exec_set_daemon(ctl_daemon);
	buf_reset(&capture);
	capturing = true;
	api_exec_set_output(capture_line, NULL);
	return 0;
}

static int core_api_take(lua_State *L)
{
	api_exec_set_output(NULL, NULL);
	capturing = false;
	lua_pushlstring(L, capture.len ? (const char *)capture.data : "", capture.len);
	buf_reset(&capture);
	return 1;
}

/* stamp(path, n): '<CLOCK_MONOTONIC seconds> <n>' written atomically (tmp +
 * rename), the benchmark kit's stamp files, without opening io to scripts. */
static int core_stamp(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	if (lb_policy_stamp(path, luaL_optnumber(L, 2, 0)) < 0) {
		lua_pushnil(L);
		lua_pushfstring(L, "stamp %s: %s", path, strerror(errno));
		return 2;
	}
	lua_pushboolean(L, 1);
	return 1;
}

/* want_updates(bool): some running script has an on("update") handler. */
static int core_want_updates(lua_State *L)
{
	ctl_updates_wanted = lua_toboolean(L, 1);
	return 0;
}

void ctl_core_register(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{ "wait", core_wait },       { "cancel", core_cancel },
		{ "tcp_connect", core_tcp_connect }, { "sock_error", core_sock_error },
		{ "close", core_close },     { "spawn", core_spawn },
		{ "send", core_send },       { "busy", core_busy },
		{ "budget", core_budget },   { "now", core_now },
		{ "log", core_log },         { "mem", core_mem },
		{ "neighbors", core_neighbors }, { "policies", core_policies },
		{ "policy_stats", core_policy_stats }, { "policy_enable", core_policy_enable },
		{ "pset_new", core_pset_new }, { "pset_add", core_pset_add },
		{ "pset_contains", core_pset_contains }, { "pset_size", core_pset_size },
		{ "api_begin", core_api_begin }, { "api_take", core_api_take },
		{ "stamp", core_stamp },     { "want_updates", core_want_updates },
		{ NULL, NULL },
	};
	for (const luaL_Reg *f = fns; f->name; f++) {
		lua_pushcfunction(L, f->func);
		lua_setfield(L, -2, f->name);
	}
	if (luaL_newmetatable(L, PSET_MT)) {
		lua_pushcfunction(L, pset_gc);
		lua_setfield(L, -2, "__gc");
		lua_pushliteral(L, "prefix set");
		lua_setfield(L, -2, "__metatable");
	}
	lua_pop(L, 1);
}
