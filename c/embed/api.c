/* api_command (c/session/api.h): one command line of a helper goes to the
 * LPeg grammar, require("lunabgp.api").execute(line, process), which runs
 * the verbs of c/session/api_exec.c through the FFI.  A Lua error becomes an
 * `error` answer with the reason, and a log line naming the helper and the
 * command; the grammar checks everything before acting, so a failed command
 * changed nothing.
 *
 * `create neighbor` is finished here rather than in an FFI verb: it runs the
 * configuration parser (Lua) on the generated text, and the FFI must not
 * re-enter the Lua state it was called from. */
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "embed/vm.h"
#include "session/api.h"
#include "session/api_exec.h"
#include "session/daemon.h"

static int execute_ref = LUA_NOREF;
static lua_State *execute_L;

static bool load_execute(lua_State *L)
{
	if (execute_L == L && execute_ref != LUA_NOREF)
		return true;
	lua_getglobal(L, "require");
	lua_pushstring(L, "lunabgp.api");
	if (lua_pcall(L, 1, 1, 0) != 0) {
		log_err("api: cannot load lunabgp.api: %s", lua_tostring(L, -1));
		lua_pop(L, 1);
		return false;
	}
	lua_pushstring(L, LUNABGP_VERSION);
	lua_setfield(L, -2, "version");
	lua_getfield(L, -1, "execute");
	execute_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pop(L, 1);
	execute_L = L;
	return true;
}

/* The configuration text of `create neighbor`, with a stand-in block for
 * every running process so that `api { processes [...] }` resolves. */
static int neighbor_create(struct daemon *d, lua_State *L, const char *text, char *why, size_t whylen)
{
	char path[] = "/tmp/lunabgp-api-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		snprintf(why, whylen, "cannot create a temporary file");
		return -1;
	}
	FILE *f = fdopen(fd, "w");
	for (int i = 0; d->conf && i < d->conf->nprocesses; i++)
		fprintf(f, "process %s { run /bin/true; }\n", d->conf->processes[i]->name);
	fputs(text, f);
	fclose(f);
	struct buf errors = BUF_INIT;
	char *files[1] = { path };
	struct conf *c = config_load(L, files, 1, &errors);
	unlink(path);
	if (!c || c->nneighbors != 1) {
		const char *e = buf_cstr(&errors);
		const char *colon = strstr(e, ": ");   /* drop the temporary file name */
		snprintf(why, whylen, "create neighbor: %.*s", (int)strcspn(colon ? colon + 2 : e, "\n"),
		         colon ? colon + 2 : e);
		buf_free(&errors);
		conf_free(c);
		return -1;
	}
	buf_free(&errors);
	struct neighbor_conf *nc = c->neighbors[0];
	free(nc->file);
	nc->file = xstrdup("api");
	c->neighbors[0] = NULL;
	c->nneighbors = 0;
	conf_free(c);
	if (api_exec_neighbor_add(nc) < 0) {
		snprintf(why, whylen, "%s", lb_api_error());
		neighbor_conf_free(nc);
		return -1;
	}
	return 0;
}

void api_command(struct daemon *d, struct process *from, const char *line, size_t len)
{
	lua_State *L = d->lua;
	api_exec_set_daemon(d);
	if (!L || !load_execute(L)) {
		process_answer(from, false, "the command interpreter is not available");
		return;
	}
	int top = lua_gettop(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, execute_ref);
	lua_pushlstring(L, line, len);
	lua_pushlightuserdata(L, from);
	if (lua_pcall(L, 2, 2, 0) != 0) {
		const char *why = lua_tostring(L, -1);
		log_warn("api: %s: command failed: %.*s: %s", process_name(from), (int)len, line, why ? why : "?");
		process_answer(from, false, why);
		lua_settop(L, top);
		return;
	}
	if (lua_type(L, -2) == LUA_TSTRING && !strcmp(lua_tostring(L, -2), "create")) {
		char why[400];
		size_t tl;
		const char *t = lua_tolstring(L, -1, &tl);
		char *text = t ? xstrdup(t) : xstrdup("");
		lua_settop(L, top);
		if (neighbor_create(d, L, text, why, sizeof why) < 0) {
			log_warn("api: %s: command failed: %.*s: %s", process_name(from), (int)len, line, why);
			process_answer(from, false, why);
		} else {
			process_answer(from, true, NULL);
		}
		free(text);
		return;
	}
	bool answer = lua_toboolean(L, -2);
	lua_settop(L, top);
	if (answer && !api_exec_sync_defer(from))
		process_answer(from, true, NULL);
}
