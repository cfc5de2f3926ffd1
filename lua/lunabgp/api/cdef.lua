-- The C verbs of the process API (c/session/api_exec.h), as LuaJIT sees
-- them.  The executable exports them; outside the daemon (busted specs)
-- api.bind() swaps in a mock table with the same function names.
local ffi = require "ffi"

local M = {}

M.decl = [[
const char *lb_api_error(void);
int lb_api_begin(void *process);
void lb_api_set_sync(int on);
int lb_api_select(int reset, const char *addr, const char *local_ip, int64_t local_as, int64_t peer_as,
                  const char *router_id, const char *family);
int lb_api_selected(void);
int lb_api_attrs(const char *blob, size_t len);
void lb_api_attrs_release(int handle);
int lb_api_route(int announce, const char *prefix, uint32_t path_id, int attrs, int split, int family);
int lb_api_route_raw(int announce, const char *family, const uint8_t *nlri, size_t len, uint32_t path_id,
                     int attrs);
int lb_api_prefix_valid(const char *prefix, int family);
int lb_api_watchdog(int announce, const char *name);
int lb_api_eor(const char *afi, const char *safi);
int lb_api_refresh(const char *afi, const char *safi);
int lb_api_operational(const char *what, const char *afi, const char *safi, const char *router_id,
                       int64_t sequence, int64_t counter, const char *advisory, size_t advisory_len);
int lb_api_teardown(int subcode);
int lb_api_rib(int op, int in);
int lb_api_show_neighbor(int mode, int json);
int lb_api_show_rib(int in, int extensive, int json);
int lb_api_daemon(int op);
void lb_api_hold(int on);
void lb_api_write(const char *line);
void lb_api_answer(int ok, const char *reason);
void lb_api_set_ack(int mode);
int lb_api_api_version(int version);
const char *lb_api_process_name(void);
int lb_api_neighbor_delete(void);
int lb_api_peer_count(void);
]]

local ok = pcall(ffi.cdef, M.decl)
M.declared = ok

-- The real thing: the functions of the running executable.
function M.native()
	local C = ffi.C
	local t = {}
	for name in M.decl:gmatch("(lb_api_[%w_]+)%(") do
		t[name] = C[name]
	end
	-- strings coming back from C
	local err, pname = C.lb_api_error, C.lb_api_process_name
	t.error_text = function() return ffi.string(err()) end
	t.process_name_text = function() return ffi.string(pname()) end
	return t
end

return M
