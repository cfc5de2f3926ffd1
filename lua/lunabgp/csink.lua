-- The configuration parser's route sink inside the daemon: every static
-- route goes straight to C (c/embed/config_sink.c) through the FFI, so a
-- million configured routes never become a million Lua tables.
local ffi = require "ffi"

ffi.cdef [[
int lb_cfg_routes_new(void);
int lb_cfg_route_add(int handle, const char *family, const char *nlri, uint32_t path_id,
                     const char *blob, size_t bloblen, const char *watchdog, int withdraw);
int lb_cfg_routes_reserve(int handle, size_t n);
int lb_cfg_routes_add(int handle, const char *family, const char *src, size_t srclen,
                      const int32_t *starts, int n, uint32_t path_id, const char *blob, size_t bloblen);
int lb_cfg_route_add_raw(int handle, const char *family, const uint8_t *nlri, size_t len, uint32_t path_id,
                         const char *blob, size_t bloblen, const char *watchdog, int withdraw);
const char *lb_cfg_error(void);
]]

local C = ffi.C

local sink = {}
sink.__index = sink

-- Prefix offsets of a batch (grown on demand; the parser batches 512).
local cap = 0
local starts

function sink.new()
  return setmetatable({}, sink)
end

-- lb_cfg_routes_add parses every prefix strictly: the parser need not.
sink.checks_prefixes = true

function sink:routes_new()
  return C.lb_cfg_routes_new()
end

function sink:route(handle, family, nlri, path_id, blob, watchdog, withdraw)
  if C.lb_cfg_route_add(handle, family, nlri, path_id or 0, blob, #blob, watchdog,
                        withdraw and 1 or 0) ~= 0 then
    error(ffi.string(C.lb_cfg_error()), 0)
  end
end

-- A route of any family whose NLRI the family's grammar built in wire form
-- (a Lua string of bytes, path identifier apart).
function sink:route_raw(handle, family, nlri, path_id, blob, watchdog, withdraw)
  if C.lb_cfg_route_add_raw(handle, family, nlri, #nlri, path_id or 0, blob, #blob, watchdog,
                            withdraw and 1 or 0) ~= 0 then
    error(ffi.string(C.lb_cfg_error()), 0)
  end
end

-- n plain routes sharing blob: pos = { start1, start2, ... }, 1-based
-- positions in src where each prefix starts; a prefix ends at the first
-- blank.  Returns how many were taken (from the first) and, when fewer
-- than n, why the next one was not.
function sink:routes(handle, family, src, pos, n, path_id, blob)
  if n > cap then
    cap = math.max(n, 512)
    starts = ffi.new("int32_t[?]", cap)
  end
  for i = 0, n - 1 do
    starts[i] = pos[i + 1] - 1
  end
  local took = C.lb_cfg_routes_add(handle, family, src, #src, starts, n, path_id or 0, blob, #blob)
  if took < 0 then error(ffi.string(C.lb_cfg_error()), 0) end
  if took < n then return took, ffi.string(C.lb_cfg_error()) end
  return took
end

-- A hint: about n more routes are coming for handle.
function sink:reserve(handle, n)
  C.lb_cfg_routes_reserve(handle, n)
end

return sink
