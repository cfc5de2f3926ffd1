-- The configuration parser's route sink inside the daemon: every static
-- route goes straight to C (c/embed/config_sink.c) through the FFI, so a
-- million configured routes never become a million Lua tables.
local ffi = require "ffi"

ffi.cdef [[
int lb_cfg_routes_new(void);
int lb_cfg_route_add(int handle, const char *family, const char *nlri, uint32_t path_id,
                     const char *blob, size_t bloblen, const char *watchdog, int withdraw);
const char *lb_cfg_error(void);
]]

local C = ffi.C

local sink = {}
sink.__index = sink

function sink.new()
  return setmetatable({}, sink)
end

function sink:routes_new()
  return C.lb_cfg_routes_new()
end

function sink:route(handle, family, nlri, path_id, blob, watchdog, withdraw)
  if C.lb_cfg_route_add(handle, family, nlri, path_id or 0, blob, #blob, watchdog,
                        withdraw and 1 or 0) ~= 0 then
    error(ffi.string(C.lb_cfg_error()), 0)
  end
end

return sink
