-- Announce a service route while a TCP probe succeeds, withdraw it when the
-- probe fails (etc/healthcheck.conf).  Runs in the control state: the top
-- level only registers the handler (the same block is also loaded by the
-- policy state, where on() does nothing).
local SERVICE = { host = "127.0.0.1", port = 8080 }
local ROUTE = { prefix = "192.0.2.80/32", next_hop = "self", community = { "65000:80" } }
local INTERVAL = 1      -- seconds between probes
local RISE, FALL = 1, 2 -- consecutive results needed to change state

allow("restart")        -- a failure restarts the script (1, 2, 4 ... 60 s)

on("startup", function()
	local up, ok_n, fail_n = false, 0, 0
	while true do
		local ok, why = tcp_check(SERVICE.host, SERVICE.port, 1)
		if ok then ok_n, fail_n = ok_n + 1, 0 else ok_n, fail_n = 0, fail_n + 1 end
		if not up and ok_n >= RISE then
			announce(ROUTE)
			log("service up: announcing " .. ROUTE.prefix)
			up = true
		elseif up and fail_n >= FALL then
			withdraw(ROUTE)
			log("service down (" .. tostring(why) .. "): withdrawing " .. ROUTE.prefix)
			up = false
		end
		sleep(INTERVAL)
	end
end)
