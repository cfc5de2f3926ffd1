#include "daemon/conf.h"

#include <stdlib.h>

#include "rib/attrset.h"

static void free_strv(char **v, int n)
{
	if (!v)
		return;
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void free_argv(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

void neighbor_conf_free(struct neighbor_conf *n)
{
	if (!n)
		return;
	free(n->file);
	free(n->name);
	free(n->description);
	free(n->host_name);
	free(n->domain_name);
	for (int i = 0; i < n->napi; i++) {
		free_strv(n->api[i].processes, n->api[i].nprocesses);
		free_strv(n->api[i].processes_match, n->api[i].nprocesses_match);
	}
	free(n->api);
	if (n->routes)
		rib_out_free(n->routes);
	for (int i = 0; i < n->nwatch; i++) {
		attrset_unref(n->watch[i].attrs);
		free(n->watch[i].name);
		free(n->watch[i].nlri);
	}
	free(n->watch);
	for (int i = 0; i < n->noperational; i++)
		free(n->operational[i].advisory);
	free(n->operational);
	free(n);
}

void conf_free(struct conf *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->nneighbors; i++)
		neighbor_conf_free(c->neighbors[i]);
	free(c->neighbors);
	if (c->policy && c->policy_free)
		c->policy_free(c->policy);
	for (int i = 0; i < c->nprocesses; i++) {
		struct process_conf *p = c->processes[i];
		free(p->name);
		free_argv(p->argv);
		free(p->file);
		free(p);
	}
	free(c->processes);
	free_strv(c->files, c->nfiles);
	free(c);
}
