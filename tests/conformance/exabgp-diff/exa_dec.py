# Driver for ExaBGP's decoder, set up as `exabgp decode` does (API v4 form):
# one hex UPDATE per stdin line -> one output line per input (its output
# lines joined by ' ||| ').  FAM: families as for -f ('all' by default);
# ADDPATH=1 makes the ADD-PATH capability apply (exabgp decode -i does not).
import sys, io, argparse, os
os.environ['exabgp_api_version'] = '4'
sys.argv = ['exabgp']
from exabgp.application import decode as D
from exabgp.environment import getenv
from exabgp.logger import log
from exabgp.configuration.setup import create_minimal_configuration
from exabgp.reactor.loop import Reactor
addpath = os.environ.get('ADDPATH') == '1'
fam = os.environ.get('FAM') or 'all'
env = getenv(); env.bgp.passive = True; env.log.parser = True; env.tcp.bind = []
log.silence(); log.init(env)
conf = create_minimal_configuration(families=fam, add_path=addpath)
reactor = Reactor(conf)
import exabgp.configuration.check as CK
_orig = CK._negotiated
def _neg(n):
    if addpath: n.capability.add_path = 3
    return _orig(n)
CK._negotiated = _neg
real = sys.stdout
for line in sys.stdin:
    route = line.strip()
    buf = io.StringIO(); sys.stdout = buf
    try:
        ok = reactor.display(route, False)
        r = ('' if ok else 'INVALID ')
    except Exception as e:
        r = 'EXC %s %r ' % (type(e).__name__, e)
    sys.stdout = real
    out = buf.getvalue().strip().replace('\n', ' ||| ')
    real.write(r + out + '\n'); real.flush()
