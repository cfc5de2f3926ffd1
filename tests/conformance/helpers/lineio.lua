-- Line I/O for the Lua conformance helpers: write a command, read the
-- speaker's lines with a deadline (poll(2) through LuaJIT's FFI), sleep.
local ffi = require "ffi"
ffi.cdef [[
struct lb_pollfd { int fd; short events; short revents; };
int poll(struct lb_pollfd *fds, unsigned long nfds, int timeout);
long read(int fd, void *buf, size_t n);
int usleep(unsigned int usec);
int getppid(void);
int kill(int pid, int sig);
]]
local C = ffi.C
local M = {}
local pending = ""
local eof = false
local buf = ffi.new("char[4096]")
local pfd = ffi.new("struct lb_pollfd[1]")

local function now()
	return os.clock() -- replaced below by a wall clock
end
ffi.cdef "struct lb_timespec { long tv_sec; long tv_nsec; }; int clock_gettime(int, struct lb_timespec *);"
local ts = ffi.new("struct lb_timespec")
now = function() C.clock_gettime(1, ts); return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9 end
M.now = now

function M.send(line)
	io.stdout:write(line, "\n")
	io.stdout:flush()
end

function M.sleep(s) C.usleep(math.floor(s * 1e6)) end

-- One line within `timeout` seconds: the line, or nil, "timeout" | "eof".
function M.readline(timeout)
	local deadline = now() + timeout
	while true do
		local nl = pending:find("\n", 1, true)
		if nl then
			local line = pending:sub(1, nl - 1)
			pending = pending:sub(nl + 1)
			return line
		end
		if eof then return nil, "eof" end
		local left = deadline - now()
		if left <= 0 then return nil, "timeout" end
		pfd[0].fd, pfd[0].events, pfd[0].revents = 0, 1, 0
		if C.poll(pfd, 1, math.ceil(left * 1000)) > 0 then
			local n = tonumber(C.read(0, buf, 4096))
			if n <= 0 then eof = true else pending = pending .. ffi.string(buf, n) end
		end
	end
end

-- Wait for a line containing `word` (default "done") within timeout.
function M.wait_for(word, timeout)
	local deadline = now() + timeout
	while true do
		local line = M.readline(math.max(0, deadline - now()))
		if not line then return false end
		if line:find(word or "done", 1, true) then return true, line end
	end
end

function M.parent_alive() return C.kill(C.getppid(), 0) == 0 end

return M
