/* Inside the control state (c/embed/control*.c). */
#ifndef LB_EMBED_CONTROL_INT_H
#define LB_EMBED_CONTROL_INT_H

#include <lua.h>
#include <stdbool.h>

struct daemon;
struct control_client;

extern struct daemon *ctl_daemon;
lua_State *ctl_main_state(void);

/* Call require("lunabgp.control")[fname] on the main thread with the nargs
 * values on top of the stack; errors are logged.  Only from loop callbacks
 * (never from inside Lua). */
bool ctl_call(const char *fname, int nargs);
/* The live client with this id, or NULL. */
struct control_client *ctl_client(lua_Integer id);
/* Register the core functions (control_core.c) in the table on top. */
void ctl_core_register(lua_State *L);
/* Cancel every pending wait (shutdown). */
void ctl_core_close(void);
/* Time budget of the current resume (0: none), set from Lua. */
void ctl_budget_set(double seconds);

#endif
