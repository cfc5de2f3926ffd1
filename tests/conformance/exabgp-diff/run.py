# Runs lunabgp decode and exabgp decode over gen.py's output and counts, per
# generator tag, identical / different / rejected by one side; every
# non-identical case goes to IN.diff.  usage: run.py IN LUNABGP
# EXABGP_SRC: an ExaBGP checkout (its src/ is put on PYTHONPATH); EXABGP_PYTHON: python >= 3.12
import sys, json, subprocess, os, collections
IN, LUNA = sys.argv[1], sys.argv[2]; SHOW = int(sys.argv[3]) if len(sys.argv) > 3 else 5
rows = [l.split() for l in open(IN) if l.strip()]
import struct
AFI = {1: 'ipv4', 2: 'ipv6', 25: 'l2vpn'}
SAFI = {1: 'unicast', 2: 'multicast', 4: 'nlri-mpls', 5: 'mcast-vpn', 65: 'vpls', 70: 'evpn', 73: 'sr-policy', 85: 'mup', 128: 'mpls-vpn', 132: 'rtc', 133: 'flow', 134: 'flow-vpn'}
def family(hx):
    try:
        b = bytes.fromhex(hx); wl = struct.unpack('!H', b[:2])[0]; al = struct.unpack('!H', b[2 + wl:4 + wl])[0]; a = b[4 + wl:4 + wl + al]; i = 0
        while i + 3 <= len(a):
            fl, code = a[i], a[i + 1]
            if fl & 0x10: ln = struct.unpack('!H', a[i + 2:i + 4])[0]; hl = 4
            else: ln = a[i + 2]; hl = 3
            v = a[i + hl:i + hl + ln]
            if code in (14, 15) and len(v) >= 3:
                af, sf = struct.unpack('!HB', v[:3])
                if af in AFI and sf in (133, 134, 65, 70, 73): return 'ipv4 unicast %s %s' % (AFI[af], SAFI[sf])
            i += hl + ln
    except Exception: pass
    return 'all'
for r in rows: r.append(family(r[2]))
ENV = {'exabgp', 'time', 'host', 'pid', 'ppid', 'counter', 'version'}
def exa(ap, fam, hexes):
    env = dict(os.environ, PYTHONPATH=os.path.join(os.environ['EXABGP_SRC'], 'src'), ADDPATH=str(ap), FAM=fam)
    p = subprocess.run([os.environ.get('EXABGP_PYTHON', 'python3.12'), os.path.join(os.path.dirname(os.path.abspath(__file__)), 'exa_dec.py')], input='\n'.join(hexes) + '\n', capture_output=True, text=True, env=env, timeout=900)
    out = p.stdout.splitlines()
    assert len(out) == len(hexes), (len(out), len(hexes), p.stderr[-2000:])
    return out
def luna(ap, fam, hx):
    try:
        p = subprocess.run([LUNA, 'decode'] + (['-i'] if ap == 1 else []) + (['-f', fam] if fam != 'all' else []) + [hx], capture_output=True, text=True, timeout=10, errors='surrogateescape')
    except subprocess.TimeoutExpired: return 'TIMEOUT', '', -1
    return ' ||| '.join(p.stdout.splitlines()), p.stderr.strip(), p.returncode
def jsons(s):
    js = []; other = []
    for part in s.split(' ||| '):
        part = part.strip()
        if part.startswith('INVALID '): part = part[8:]
        if part.startswith('{'):
            try:
                j = json.loads(part)
                for k in ENV: j.pop(k, None)
                js.append(j); continue
            except Exception: other.append('BADJSON ' + part)
        elif part: other.append(part)
    return js, other
E = {}
for key in sorted({(r[0], r[3]) for r in rows}):
    idx = [i for i, r in enumerate(rows) if (r[0], r[3]) == key]
    for i, o in zip(idx, exa(key[0], key[1], [rows[i][2] for i in idx])): E[i] = o
stats = collections.defaultdict(collections.Counter); shown = collections.Counter()
dump = open(IN + '.diff', 'w', errors='surrogateescape')
for i, (ap, tag, hx, famarg) in enumerate(rows):
    fam = tag.split('/')[0]
    lo, le, rc = luna(int(ap), famarg, hx); eo = E[i]
    ej, eother = jsons(eo); lj, lother = jsons(lo)
    badutf = any(0xdc80 <= ord(ch) <= 0xdcff for ch in lo)
    if rc < 0 or rc > 1 or 'AddressSanitizer' in le or 'runtime error' in le: cls = 'LUNA-CRASH'
    elif badutf: cls = 'LUNA-BADUTF8'
    elif eo.startswith('EXC'): cls = 'exa-exception'
    elif any(x.startswith('BADJSON') for x in eother): cls = 'exa-badjson'
    elif any(x.startswith('BADJSON') for x in lother): cls = 'LUNA-BADJSON'
    elif ej == lj: cls = 'identical'
    elif 'warning:' in le: cls = 'luna-warns-rfc7606'   # treat-as-withdraw / discard, said on stderr
    elif 'could not be decoded' in le: cls = 'luna-resets' + ('' if ej else '-exa-rejects')
    elif ej and lj and all(x.get('neighbor', {}).get('message') == {'update': {}} for x in ej) and all('eor' in x.get('neighbor', {}).get('message', {}) for x in lj): cls = 'eor-in-decode'
    elif not ej and lj: cls = 'exa-rejects-luna-decodes'
    elif ej and not lj: cls = 'luna-rejects-exa-decodes'
    else: cls = 'DIFF'
    stats[fam][cls] += 1
    if cls != 'identical':
        dump.write('%s %s %s %s [%s]\nHEX  %s\nEXA  %s\nLUNA %s\nLERR %s\n\n' % (cls, ap, tag, i, famarg, hx, eo, lo, le[:300]))
tot = collections.Counter()
for fam in sorted(stats):
    print('%-22s %s' % (fam, dict(stats[fam]))); tot.update(stats[fam])
print('TOTAL', sum(tot.values()), dict(tot))
