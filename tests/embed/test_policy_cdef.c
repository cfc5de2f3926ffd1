/* The FFI declarations Lua uses (LB_POLICY_CDEF, generated from
 * c/embed/policy_ffi.h) parse under LuaJIT and describe the C layout:
 * sizes and offsets of struct lb_policy_batch compared field by field,
 * and struct lb_route_view stays incomplete on the Lua side. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stddef.h>

#include "embed/policy_ffi.h"
#include "unit.h"

static long long eval_num(lua_State *L, const char *expr)
{
	char code[512];
	snprintf(code, sizeof code, "local ffi = require 'ffi'; return tonumber(%s)", expr);
	if (luaL_dostring(L, code) != 0) {
		fprintf(stderr, "%s: %s\n", expr, lua_tostring(L, -1));
		lua_pop(L, 1);
		return -999;
	}
	long long v = lua_isnumber(L, -1) ? (long long)lua_tonumber(L, -1) : -998;
	lua_pop(L, 1);
	return v;
}

int main(void)
{
	lua_State *L = luaL_newstate();
	luaL_openlibs(L);
	lua_getglobal(L, "require");
	lua_pushstring(L, "ffi");
	lua_call(L, 1, 1);
	lua_getfield(L, -1, "cdef");
	lua_pushstring(L, LB_POLICY_CDEF);
	int rc = lua_pcall(L, 1, 0, 0);
	if (rc)
		fprintf(stderr, "cdef: %s\n", lua_tostring(L, -1));
	CHECK_EQ_INT(rc, 0);
	lua_settop(L, 0);

	CHECK_EQ_INT(eval_num(L, "ffi.sizeof('struct lb_policy_batch')"), sizeof(struct lb_policy_batch));
#define OFF(f) CHECK_EQ_INT(eval_num(L, "ffi.offsetof('struct lb_policy_batch', '" #f "')"), \
                            offsetof(struct lb_policy_batch, f))
	OFF(routes);
	OFF(n);
	OFF(pos);
	OFF(ticks);
	OFF(over);
	/* opaque to policy code: no size, no fields */
	CHECK_EQ_INT(eval_num(L, "ffi.sizeof('struct lb_route_view')"), -998);
	CHECK_EQ_INT(eval_num(L, "ffi.sizeof('struct lb_route_view *')"), sizeof(void *));
	/* the prototypes need no check: C compiles the very text Lua declares
	 * (LB_POLICY_DECLS); a metatype on the opaque struct is accepted */
	CHECK_EQ_INT(eval_num(L, "ffi.metatype('struct lb_route_view', { __index = {} }) and 1"), 1);
	/* the edit kinds policy/init.lua passes as numbers */
	CHECK_EQ_INT(LB_EDIT_LOCAL_PREF, 1);
	CHECK_EQ_INT(LB_EDIT_MED, 2);
	CHECK_EQ_INT(LB_EDIT_ORIGIN, 3);
	CHECK_EQ_INT(LB_EDIT_COMMUNITY_ADD, 5);
	CHECK_EQ_INT(LB_EDIT_COMMUNITY_DEL, 6);
	CHECK_EQ_INT(LB_EDIT_LARGE_ADD, 7);
	CHECK_EQ_INT(LB_EDIT_EXT_ADD, 8);
	CHECK_EQ_INT(LB_EDIT_PREPEND, 9);
	CHECK_EQ_INT(LB_VERDICT_ACCEPT, 1);
	CHECK_EQ_INT(LB_VERDICT_REJECT, 2);
	lua_close(L);
	return unit_done();
}
