#include "embed/vm.h"

#include <lauxlib.h>
#include <limits.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"

static bool has_modules(const char *dir)
{
	char path[PATH_MAX + 32];
	struct stat st;
	snprintf(path, sizeof path, "%s/lunabgp/config/init.lua", dir);
	return stat(path, &st) == 0;
}

/* $LUNABGP_LUA_DIR, else the source tree (a build directory's binary), else
 * the install prefix, else ../share/lunabgp/lua next to the executable. */
const char *vm_lua_dir(void)
{
	static char dir[PATH_MAX];
	if (dir[0])
		return dir;
	const char *env = getenv("LUNABGP_LUA_DIR");
	if (env && has_modules(env)) {
		snprintf(dir, sizeof dir, "%s", env);
		return dir;
	}
	if (has_modules(LUNABGP_LUA_SRC_DIR)) {
		snprintf(dir, sizeof dir, "%s", LUNABGP_LUA_SRC_DIR);
		return dir;
	}
	if (has_modules(LUNABGP_LUA_INSTALL_DIR)) {
		snprintf(dir, sizeof dir, "%s", LUNABGP_LUA_INSTALL_DIR);
		return dir;
	}
	char exe[PATH_MAX - 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			snprintf(dir, sizeof dir, "%s/../share/lunabgp/lua", exe);
			if (has_modules(dir))
				return dir;
		}
	}
	snprintf(dir, sizeof dir, "%s", LUNABGP_LUA_SRC_DIR);
	return dir;
}

lua_State *vm_new(void)
{
	lua_State *L = luaL_newstate();
	if (!L) {
		log_err("cannot create the Lua state");
		return NULL;
	}
	luaL_openlibs(L);
	const char *dir = vm_lua_dir();
	lua_getglobal(L, "package");
	lua_pushfstring(L, "%s/?.lua;%s/?/init.lua;", dir, dir);
	lua_getfield(L, -2, "path");
	lua_concat(L, 2);
	lua_setfield(L, -2, "path");
	lua_pop(L, 1);
	return L;
}

void vm_free(lua_State *L)
{
	if (L)
		lua_close(L);
}
