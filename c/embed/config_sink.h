#ifndef LB_EMBED_CONFIG_SINK_H
#define LB_EMBED_CONFIG_SINK_H

#include "daemon/conf.h"   /* struct watch_route */
#include "rib/ribout.h"

struct route_list {
	struct rib_out *routes;
	size_t count;
	struct watch_route *watch;
	int nwatch, capwatch;
};

/* Take ownership of a list (NULL if unknown or already taken). */
struct route_list *config_sink_take(int handle);
/* A copy of a list's routes (when two neighbors share one static block). */
struct rib_out *config_sink_copy(int handle);
void route_list_free(struct route_list *l);
/* Forget every list not taken (after a parse). */
void config_sink_reset(void);

#endif
