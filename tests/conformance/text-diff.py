#!/usr/bin/env python3
"""text-diff: lunabgp's text events against ExaBGP's own text encoder.

    PYENV_VERSION=3.12.1 python3.12 tests/conformance/text-diff.py EXABGP_SRC LUNABGP [VECTORS] [-v]

EXABGP_SRC is an ExaBGP checkout (its src/ is imported; Python >= 3.12),
LUNABGP the binary, VECTORS ../shared/conformance/exabgp.  The inputs: every
raw UPDATE, OPEN, NOTIFICATION and ROUTE-REFRESH of the vectors' .ci files
and decoding/ samples, plus generated UPDATEs for each attribute and OPENs
for each capability.  For each, ExaBGP's V4Text string (followed by the
newline its writer adds) must equal `lunabgp decode --text`.  Prints the
differences (-v: all of them) and "N inputs: I identical, D different, E
refused by ExaBGP".  Not run by CTest: it needs ExaBGP.
"""
import glob
import os
import re
import struct
import subprocess
import sys

args = [a for a in sys.argv[1:] if a != '-v']
verbose = '-v' in sys.argv
if len(args) < 2:
    sys.exit(__doc__)
EXA, LUNA = args[0], args[1]
VEC = args[2] if len(args) > 2 else os.path.join(os.path.dirname(__file__), '../../../shared/conformance/exabgp')
sys.path.insert(0, os.path.join(EXA, 'src'))

from exabgp.environment import getenv  # noqa: E402
from exabgp.logger import log  # noqa: E402
from exabgp.configuration.setup import create_minimal_configuration  # noqa: E402
import exabgp.configuration.check as check  # noqa: E402
from exabgp.reactor.api.response.v4.text import V4Text  # noqa: E402
from exabgp.bgp.message.open.capability.negotiated import Negotiated, RequirePath  # noqa: E402
from exabgp.bgp.message.update import Update  # noqa: E402
from exabgp.bgp.message.open import Open  # noqa: E402
from exabgp.bgp.message.notification import Notification  # noqa: E402
from exabgp.bgp.message.refresh import RouteRefresh  # noqa: E402

env = getenv()
env.bgp.passive = True
env.tcp.bind = []
log.silence()
log.init(env)

ADDPATH = [False]
_receive = RequirePath.receive
RequirePath.receive = lambda self, afi, safi: True if ADDPATH[0] else _receive(self, afi, safi)
neighbors = {}


def neighbor(family):
    if family not in neighbors:
        conf = create_minimal_configuration(families=family or 'all')
        conf.reload()
        neighbors[family] = list(conf.neighbors.values())[0]
    return neighbors[family]


text = V4Text('4.0.1')


def exabgp_event(kind, family, addpath, raw):
    """ExaBGP's bytes on the helper's pipe, or None when it refuses the message."""
    n = neighbor(family)
    neg, _ = check._negotiated(n)
    ADDPATH[0] = addpath
    body = raw[19:] if raw[:16] == b'\xff' * 16 else raw
    u = Negotiated.UNSET
    try:
        if kind == 2:
            m = Update.unpack_message(body, neg)
            s = text.update(n, 'receive', m if m.IS_EOR else m.data, b'', b'', u)
        elif kind == 1:
            s = text.open(n, 'receive', Open.unpack_message(body, neg), b'', b'', u)
        elif kind == 3:
            s = text.notification(n, 'receive', Notification.unpack_message(body, neg), b'', b'', u)
        elif kind == 4:
            s = text.keepalive(n, 'receive', b'', b'', u)
        else:
            s = text.refresh(n, 'receive', RouteRefresh.unpack_message(body, neg), b'', b'', u)
    except Exception:
        return None
    return s + '\n'


def lunabgp_event(kind, family, addpath, raw):
    cmd = [LUNA, 'decode', '--text'] + (['-i'] if addpath else []) + (['-f', family] if family else [])
    cmd += ['--open'] if kind != 2 else []
    r = subprocess.run(cmd + [raw.hex()], capture_output=True, timeout=10)
    return r.stdout.decode('utf-8', 'surrogateescape')


def mp_family(body):
    """AFI/SAFI of the first MP_REACH/MP_UNREACH, for FlowSpec (ExaBGP refuses it
    with extended next hop on, which its decode context sets for all families)."""
    wl = struct.unpack('!H', body[:2])[0]
    a = body[4 + wl:4 + wl + struct.unpack('!H', body[2 + wl:4 + wl])[0]]
    while len(a) >= 3:
        ext = a[0] & 0x10
        ln = struct.unpack('!H', a[2:4])[0] if ext else a[2]
        v, code = a[3 + (ext >> 4):3 + (ext >> 4) + ln], a[1]
        a = a[3 + (ext >> 4) + ln:]
        if code in (14, 15) and len(v) >= 3 and v[2] in (133, 134) and v[1] in (1, 2):
            return ('ipv4 ' if v[1] == 1 else 'ipv6 ') + ('flow' if v[2] == 133 else 'flow-vpn')
    return ''


def vector_inputs():
    seen = set()
    for f in sorted(glob.glob(VEC + '/encoding/*.ci') + glob.glob(VEC + '/api/*.ci')):
        pending = []
        for line in open(f, errors='replace'):
            line = line.strip()
            m = re.match(r'^\d+:raw:([0-9A-Fa-f:]+)$', line)
            if m:
                parts = m.group(1).split(':')
                if len(parts) >= 3 and parts[2] in ('01', '02', '03', '04', '05'):
                    pending.append([bytes.fromhex(''.join(parts)), False])
            elif re.match(r'^\d+:(json|jsv4|jsv6):', line) and pending and '"path-information"' in line:
                pending[-1][1] = True   # the vector's session had ADD-PATH
        for raw, ap in pending:
            if (raw, ap) not in seen:
                seen.add((raw, ap))
                fam = ''
                if raw[18] == 2:
                    try:
                        fam = mp_family(raw[19:])
                    except Exception:
                        pass
                yield raw[18], fam, ap, raw
    for d in sorted(glob.glob(VEC + '/decoding/*')):
        lines = open(d).read().splitlines()
        if lines[0].startswith('update '):
            yield 2, ' '.join(lines[0].split()[1:3]), False, bytes.fromhex(re.sub('[: ]', '', lines[1]))


def attr(flags, code, v):
    return struct.pack('!BBB', flags, code, len(v)) + v


def update(*attrs):
    a = b''.join(attrs)
    return struct.pack('!HH', 0, len(a)) + a + b'\x18\x0a\x00\x00'


def seg(t, asns):
    return bytes([t, len(asns)]) + b''.join(struct.pack('!I', x) for x in asns)


def generated_inputs():
    o, nh = attr(0x40, 1, b'\x00'), attr(0x40, 3, bytes([1, 2, 3, 4]))
    values = [
        (0x40, 2, seg(2, [1, 2]) + seg(1, [3, 4])), (0x40, 2, seg(3, [7]) + seg(4, [8]) + seg(2, [1])),
        (0x40, 2, b''), (0x80, 4, struct.pack('!I', 7)), (0x40, 5, struct.pack('!I', 100)), (0x40, 6, b''),
        (0xc0, 7, struct.pack('!I', 65001) + bytes([10, 0, 0, 1])),
        (0xc0, 8, bytes.fromhex('ffff029affffff04ffffff01ffffff02ffffff0300010002')),
        (0x80, 9, bytes([10, 1, 1, 1])), (0x80, 10, bytes([10, 2, 2, 2, 10, 1, 1, 1])),
        (0xc0, 16, bytes.fromhex('0102c0a80001000a0002fde800000064800600004e2042c80000')),
        (0xc0, 25, bytes.fromhex('000c20010db80000000000000000000000010001000220010db8000000000000000000000001000a')),
        (0xc0, 22, bytes.fromhex('00000003e80a000001')), (0xc0, 22, bytes.fromhex('0600006400' + '0a000001')),
        (0xc0, 32, struct.pack('!IIIIII', 5, 6, 7, 1, 2, 3)), (0xc0, 35, struct.pack('!I', 65001)),
        (0xe0, 200, b'\xab'), (0xc0, 40, bytes.fromhex('0100070000000000012C03000E00000C35000010000F4240001388')),
        (0xc0, 40, bytes.fromhex('0500220001001E0020010DB800010001000000000000000000004800010006401810000000')),
        (0xc0, 40, bytes.fromhex('0600050001020000' + '0700020102')),
    ]
    for flags, code, v in values:
        yield 2, '', False, update(o, nh, attr(flags, code, v))

    def cap(code, v=b''):
        return bytes([code, len(v)]) + v

    caps = [cap(2), cap(128), cap(6), cap(70), cap(185), cap(9, b'\x01'), cap(67), cap(99), cap(200, b'\x01'),
            cap(68), cap(131), cap(77, struct.pack('!HB', 2, 1)), cap(76, struct.pack('!HBH', 1, 1, 10)),
            cap(65, struct.pack('!I', 4200000000)), cap(73, b'\x04Host\x07Example'), cap(75, b'\x06FRR/10'),
            cap(5, struct.pack('!HHH', 1, 1, 2)), cap(64, struct.pack('!HHBB', 0x8078, 1, 1, 0x80)),
            cap(69, struct.pack('!HBB', 1, 1, 3) + struct.pack('!HBB', 2, 1, 1))]
    for c in caps:
        opt = bytes([2, len(c)]) + c
        body = bytes([4]) + struct.pack('!HH', 65001, 180) + bytes([1, 2, 3, 4, len(opt)]) + opt
        yield 1, '', False, b'\xff' * 16 + struct.pack('!HB', 19 + len(body), 1) + body
    for n in [bytes([6, 2, 5]) + b'hello', bytes([6, 4, 2]) + b'a\n', bytes([6, 2, 3]) + b'\xff\xfe\xfd', bytes([6, 2, 0]),
              bytes([6, 2, 9]) + b'hi', bytes([3, 1, 0xab])]:
        yield 3, '', False, b'\xff' * 16 + struct.pack('!HB', 19 + len(n), 3) + n
    for rr in [struct.pack('!HBB', 1, 0, 1), struct.pack('!HBB', 2, 1, 1), struct.pack('!HBB', 3, 2, 1)]:
        yield 5, '', False, b'\xff' * 16 + struct.pack('!HB', 23, 5) + rr


counts = {'identical': 0, 'different': 0, 'refused': 0}
shown = 0
for kind, fam, ap, raw in list(vector_inputs()) + list(generated_inputs()):
    want = exabgp_event(kind, fam, ap, raw)
    if want is None:
        counts['refused'] += 1
        continue
    got = lunabgp_event(kind, fam, ap, raw)
    if got == want:
        counts['identical'] += 1
        continue
    counts['different'] += 1
    if verbose or shown < 10:
        shown += 1
        print('INPUT   %s%s%s' % ('-i ' if ap else '', '-f "%s" ' % fam if fam else '', raw.hex()))
        for w, g in zip(want.split('\n'), got.split('\n') + [''] * 99):
            if w != g:
                print('ExaBGP  ' + w)
                print('lunabgp ' + g)
                break
total = sum(counts.values())
print('%d inputs: %d identical, %d different, %d refused by ExaBGP' % (total, counts['identical'], counts['different'], counts['refused']))
sys.exit(1 if counts['different'] else 0)
