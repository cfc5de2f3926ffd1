/* `lunabgp decode [-f "AFI SAFI"] [-i] [--open|--update|--nlri] HEX...`: the
 * argv and stdin wrapper around decode_to_json (c/event/decode.c). */
#include "cli/decode.h"
#include "event/decode.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: lunabgp decode [-f \"AFI SAFI\"] [-i] [--open|--update|--nlri] HEX...\n"
	           "       (without HEX, one message per line is read from standard input;\n"
	           "        -i, --path-information: ADD-PATH was negotiated for every family)\n");
}

static int decode_one(const char *type, const char *family, const struct decode_opts *o, const char *hex)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	int rc = decode_to_json_opts(type, family, hex, o, &out, &err);
	if (out.len)
		fwrite(out.data, 1, out.len, stdout);
	if (err.len)
		fwrite(err.data, 1, err.len, stderr);
	buf_free(&out);
	buf_free(&err);
	return rc;
}

int cli_decode(int argc, char **argv)
{
	const char *type = "update", *family = NULL;
	struct decode_opts opts = { 0 };
	int i = 1, rc = 0;
	/* argv[0] is "decode" (or the program name). */
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-f") == 0 || strcmp(a, "--family") == 0) {
			if (++i >= argc) {
				usage(stderr);
				return 2;
			}
			family = argv[i];
		} else if (strncmp(a, "--family=", 9) == 0) {
			family = a + 9;
		} else if (strcmp(a, "--path-information") == 0 || strcmp(a, "-i") == 0) {
			opts.path_information = true;
		} else if (strcmp(a, "--text") == 0) {
			/* lunabgp's own: the text encoder's lines, for comparing with
			 * ExaBGP's encoder text (not an option of ExaBGP's decode). */
			opts.text = true;
		} else if (strcmp(a, "--open") == 0 || strcmp(a, "-o") == 0) {
			type = "open";
		} else if (strcmp(a, "--update") == 0 || strcmp(a, "-u") == 0) {
			type = "update";
		} else if (strcmp(a, "--nlri") == 0 || strcmp(a, "-n") == 0) {
			type = "nlri";
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "decode: unknown option %s\n", a);
			usage(stderr);
			return 2;
		} else {
			break;
		}
	}
	if (i < argc) {
		/* Several arguments are one message split by spaces, as ExaBGP. */
		struct buf hex = BUF_INIT;
		for (; i < argc; i++) {
			buf_puts(&hex, argv[i]);
			buf_puts(&hex, " ");
		}
		rc = decode_one(type, family, &opts, buf_cstr(&hex)) < 0 ? 1 : 0;
		buf_free(&hex);
		return rc;
	}
	char line[1 << 17];
	unsigned n = 0;
	while (fgets(line, sizeof line, stdin) && n < 1000000) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0])
			continue;
		n++;
		if (decode_one(type, family, &opts, line) < 0)
			rc = 1;
	}
	return rc;
}
