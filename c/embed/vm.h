/* The daemon's LuaJIT state: created once, with package.path pointing at
 * lunabgp's Lua modules.  Only c/embed includes the Lua headers. */
#ifndef LB_EMBED_VM_H
#define LB_EMBED_VM_H

#include "daemon/conf.h"

struct lua_State;

struct lua_State *vm_new(void);
void vm_free(struct lua_State *L);
/* Directory holding lunabgp/config/init.lua etc. */
const char *vm_lua_dir(void);

/* Parse configuration files into a struct conf.  On error returns NULL and
 * appends "file:line:col: message" lines to errors. */
struct conf *config_load(struct lua_State *L, char **files, int nfiles, struct buf *errors);

#endif
