/* Extended communities ExaBGP names (json_attrs.c): the FlowSpec
 * interface-set community, the only one whose JSON also says whether it is
 * transitive. */
#include <string.h>

#include "../unit.h"
#include "base/buf.h"
#include "base/hex.h"
#include "event/json_int.h"

static const char *members(const char *blob_hex)
{
	static struct buf out;
	struct buf b = BUF_INIT;
	CHECK(hex_decode(&b, blob_hex) == 0);
	out.len = 0;
	json_attributes_members(&out, b.data, b.len, NULL, 0);
	buf_free(&b);
	return buf_cstr(&out);
}

int main(void)
{
	/* AS 65000, direction input (1), group 5; transitive type 0x07 */
	CHECK_EQ_STR(members("C0100008" "07020000FDE84005"),
	             "\"extended-community\": [ { \"value\": 504966112478773253, \"string\": "
	             "\"interface-set:input:65000:5\", \"transitive\": true } ]");
	/* non-transitive 0x47, direction input-output (3), group 16383 */
	CHECK_EQ_STR(members("C0100008" "47020000FDE8FFFF"),
	             "\"extended-community\": [ { \"value\": 5116652130906210303, \"string\": "
	             "\"interface-set:input-output:65000:16383\", \"transitive\": false } ]");
	/* direction 0 has no name: the number */
	CHECK_EQ_STR(members("C0100008" "0702000000010007"),
	             "\"extended-community\": [ { \"value\": 504966108218982407, \"string\": "
	             "\"interface-set:0:1:7\", \"transitive\": true } ]");
	/* other communities keep ExaBGP's two members */
	CHECK_EQ_STR(members("C0100008" "0002FDE800000064"),
	             "\"extended-community\": [ { \"value\": 842122827661412, \"string\": \"target:65000:100\" } ]");
	return unit_done();
}
