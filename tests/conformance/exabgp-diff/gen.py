# Generator of UPDATE bodies for the lunabgp-vs-ExaBGP differential test.
# Output lines: "ADDPATH TAG HEX" (HEX = UPDATE body without header).
# usage: gen.py COUNT SEED  (the vectors' own UPDATEs first, then COUNT generated ones)
import sys, struct, random, glob, os
R = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
h = bytes.fromhex
C = os.environ.get('CONFORMANCE', os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/conformance/exabgp'))

def attr(flags, code, v):
    if len(v) > 255 or flags & 0x10: return struct.pack('!BBH', flags | 0x10, code, len(v)) + v
    return struct.pack('!BBB', flags, code, len(v)) + v
def upd(attrs, nlri=b'', wd=b''):
    return struct.pack('!H', len(wd)) + wd + struct.pack('!H', len(attrs)) + attrs + nlri
def pfx4(p, l):
    b = (l + 7) // 8; return bytes([l]) + p[:b]
BASE = attr(0x40, 1, b'\0') + attr(0x40, 2, b'') + attr(0x40, 3, h('0a000001')) + attr(0x40, 5, h('00000064'))
NL4 = pfx4(h('0a010200'), 24)
def mp_reach(afi, safi, nh, nlri): return attr(0x90, 14, struct.pack('!HBB', afi, safi, len(nh)) + nh + b'\0' + nlri)
def mp_unreach(afi, safi, nlri): return attr(0x90, 15, struct.pack('!HB', afi, safi) + nlri)

# ---- seeds: raw UPDATEs of the conformance vectors
def seeds():
    out = []
    for f in sorted(glob.glob(C + '/encoding/*.ci') + glob.glob(C + '/api/*.ci')):
        conf = f[:-3] + '.conf'
        ap = 1 if os.path.exists(conf) and ('add-path' in open(conf).read()) else 0
        for line in open(f):
            if ':raw:' not in line: continue
            hx = line.split(':raw:', 1)[1].strip().replace(':', '')
            b = h(hx)
            if len(b) < 19 or b[18] != 2: continue
            out.append((ap, b[19:]))
    for f in sorted(glob.glob(C + '/decoding/*')):
        if 'bgp-ls' in f: continue
        l = open(f).read().splitlines()
        if not l[0].startswith('update'): continue
        b = h(l[1].replace(' ', '').replace(':', ''))
        if b[:16] == b'\xff' * 16: b = b[19:]
        out.append((0, b))
    return out

def split_attrs(body):
    wl = struct.unpack('!H', body[:2])[0]; wd = body[2:2 + wl]
    al = struct.unpack('!H', body[2 + wl:4 + wl])[0]; a = body[4 + wl:4 + wl + al]; nl = body[4 + wl + al:]
    L = []; i = 0
    while i < len(a):
        fl, code = a[i], a[i + 1]
        if fl & 0x10: ln = struct.unpack('!H', a[i + 2:i + 4])[0]; hl = 4
        else: ln = a[i + 2]; hl = 3
        L.append((fl, code, a[i + hl:i + hl + ln])); i += hl + ln
    return wd, L, nl
def join(wd, L, nl): return upd(b''.join(attr(f & ~0x10 if len(v) <= 255 else f, c, v) for f, c, v in L), nl, wd)

# ---- synthesized attributes
EXT_TYPES = [0x00, 0x01, 0x02, 0x03, 0x04, 0x06, 0x08, 0x09, 0x0c, 0x40, 0x41, 0x42, 0x43, 0x44, 0x46, 0x47, 0x48, 0x80, 0x81, 0x82, 0x88]
def ext_comm():
    t = R.choice(EXT_TYPES); st = R.choice(list(range(0, 0x16)) + [R.randrange(256)])
    v = bytes(R.randrange(256) for _ in range(6))
    if R.random() < 0.3: v = bytes([0] * 4) + bytes([R.randrange(4), R.randrange(256)])
    return bytes([t, st]) + v
def ext6():
    return bytes([R.choice([0x00, 0x40, 0x0b, 0x0c, 0x2b]), R.choice([2, 3, 0x0b, 0x0c, 0x10, 0x13, 0x15, 1])]) + h('20010db8') + bytes(R.randrange(256) for _ in range(14))
def tlv8(t, v): return bytes([t]) + struct.pack('!H', len(v)) + v
def prefix_sid():
    p = b''
    for _ in range(R.randint(1, 3)):
        k = R.choice([1, 3, 5, 6, 2, 4, 7])
        if k == 1: p += tlv8(1, b'\0' + h('0000') + struct.pack('!I', R.randrange(1 << 20)))
        elif k == 3: p += tlv8(3, h('0000') + b''.join(struct.pack('!I', R.randrange(1 << 20))[1:] + struct.pack('!I', R.randrange(1 << 16))[1:] for _ in range(R.randint(1, 3))))
        elif k in (5, 6):
            sst = tlv8(1, bytes([R.randint(0, 6)] * 0) + bytes([1, 2, 3, 4, R.randint(0, 12), R.randint(0, 12)]))
            ssub = tlv8(1, bytes([R.choice([0, 1])]) + h('20010db8000000000000000000000001') + b'\0' + struct.pack('!H', R.choice([0, 17, 18, 19, 48, 0xffff])) + b'\0' + (sst if R.random() < 0.7 else b''))
            p += tlv8(k, b'\0' + ssub)
        else: p += tlv8(k, bytes(R.randrange(256) for _ in range(R.randint(0, 8))))
    return p
def tunnel_encap():
    out = b''
    for _ in range(R.randint(1, 2)):
        subs = b''
        for _ in range(R.randint(0, 3)):
            st = R.choice([1, 3, 4, 6, 7, 8, 9, 12, 13, 128, 129, 130])
            v = bytes(R.randrange(256) for _ in range(R.choice([0, 1, 2, 4, 6, 8, 16])))
            if st == 4: v = h('0000') + bytes(R.randrange(256) for _ in range(4))
            if st < 128: subs += bytes([st, len(v)]) + v
            else: subs += bytes([st]) + struct.pack('!H', len(v)) + v
        out += struct.pack('!HH', R.choice([1, 2, 7, 8, 13, 15, 19]), len(subs)) + subs
    return out
def as_path(four=True):
    p = b''
    for _ in range(R.randint(1, 3)):
        t = R.choice([1, 2, 3, 4]); n = R.randint(0, 4)
        p += bytes([t, n]) + b''.join(struct.pack('!I' if four else '!H', R.choice([1, 65000, 65533, 4200000000 if four else 23456])) for _ in range(n))
    return p
def rand_attr():
    k = R.randrange(24)
    if k == 0: return attr(0x40, 1, bytes([R.randint(0, 3)]))
    if k == 1: return attr(0x40, 2, as_path())
    if k == 2: return attr(0x80, 4, struct.pack('!I', R.randrange(1 << 32)))
    if k == 3: return attr(0x40, 6, b'')
    if k == 4: return attr(0xc0, 7, struct.pack('!I', R.choice([1, 65000, 4200000000])) + h('0a000002'))
    if k == 5: return attr(0xc0, 7, struct.pack('!H', R.choice([1, 65000])) + h('0a000002'))
    if k == 6:
        wk = [0xFFFFFF01, 0xFFFFFF02, 0xFFFFFF03, 0xFFFFFF04, 0xFFFF0000, 0xFFFF0001, 0xFFFF0002, 0xFFFF0003, 0xFFFF0004, 0xFFFF0005, 0xFFFF0006, 0xFFFF0007, 0xFFFF0008, 0xFFFF029A, 0xFFFF0010]
        return attr(0xc0, 8, b''.join(struct.pack('!I', R.choice(wk) if R.random() < 0.5 else R.randrange(1 << 32)) for _ in range(R.randint(1, 4))))
    if k == 7: return attr(0x80, 9, h('0a000003'))
    if k == 8: return attr(0x80, 10, b''.join(struct.pack('!I', R.randrange(1 << 32)) for _ in range(R.randint(1, 3))))
    if k in (9, 10, 11): return attr(0xc0, 16, b''.join(ext_comm() for _ in range(R.randint(1, 3))))
    if k == 12: return attr(0xc0, 25, ext6())
    if k == 13: return attr(0xc0, 32, b''.join(struct.pack('!III', R.randrange(1 << 32), R.randrange(1 << 32), R.randrange(1 << 32)) for _ in range(R.randint(1, 2))))
    if k == 14: return attr(0x80, 26, h('01000b') + struct.pack('!Q', R.randrange(1 << 40)))
    if k == 15: return attr(0xc0, 22, bytes([R.randint(0, 1), R.randint(0, 7)]) + struct.pack('!I', R.randrange(1 << 24) << 4)[1:] + h('0a000009'))
    if k == 16: return attr(0xc0, 40, prefix_sid())
    if k == 17: return attr(0xc0, 23, tunnel_encap())
    if k == 18: return attr(0xc0, R.choice([17]), as_path())
    if k == 19: return attr(0xc0, 18, struct.pack('!I', R.randrange(1 << 32)) + h('0a000002'))
    if k == 20: return attr(R.choice([0xc0, 0xe0, 0x80, 0x40]), R.choice([30, 31, 33, 34, 99, 128, 200, 255, 21, 24, 27, 28, 35]), bytes(R.randrange(256) for _ in range(R.randint(0, 10))))
    if k == 21: return attr(0xc0, 16, b''.join(ext_comm() for _ in range(R.randint(1, 5))))
    if k == 22: return attr(0x40, 2, as_path())
    return attr(0xc0, 8, struct.pack('!I', R.randrange(1 << 32)))

# ---- synthesized NLRI
def rd(): return struct.pack('!H', R.choice([0, 1, 2])) + bytes(R.randrange(256) for _ in range(6))
def label(bos=True): return struct.pack('!I', (R.randrange(1 << 20) << 4) | (1 if bos else 0))[1:]
def flow_comp(v6):
    t = R.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] if v6 else [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    if t in (1, 2):
        if v6:
            l = R.randint(0, 128); off = R.randint(0, l) if R.random() < 0.3 else 0
            return bytes([t, l, off]) + bytes(R.randrange(256) for _ in range((l - off + 7) // 8 if l > off else 0)) if False else bytes([t, l, off]) + bytes(R.randrange(256) for _ in range((l + 7) // 8 - off // 8))
        l = R.randint(0, 32); return bytes([t, l]) + bytes(R.randrange(256) for _ in range((l + 7) // 8))
    out = bytes([t]); n = R.randint(1, 3)
    for i in range(n):
        ln = R.choice([0, 1, 2] if t != 13 else [0, 1, 2])
        if t in (9,):  # bitmask ops
            op = R.choice([0x00, 0x01, 0x02, 0x40, 0x41, 0x42, 0x03, 0x43])
        else:
            op = R.randint(0, 7)
        if i > 0 and R.random() < 0.5: op |= 0x40
        if i == n - 1: op |= 0x80
        op |= ln << 4
        out += bytes([op]) + bytes(R.randrange(256) for _ in range(1 << ln))
    return out
def flow_nlri(v6, vpn=False):
    comps = sorted({flow_comp(v6) for _ in range(R.randint(1, 4))}, key=lambda c: c[0])
    seen = set(); cc = b''
    for c in comps:
        if c[0] in seen: continue
        seen.add(c[0]); cc += c
    if vpn: cc = rd() + cc
    return (bytes([len(cc)]) if len(cc) < 240 else struct.pack('!H', 0xf000 | len(cc))) + cc
FLOW_ACT = [h('8006000000000000'), h('800600004e6e6b28'), h('8007000000000001'), h('8007000000000003'), h('80080000fde80001'), h('8009000000000021'),
            h('800b000000000000'), h('080b000000000001'), h('8108000a00000001'), h('8208fde800000001'), h('010c0a0000010000'), h('000c0a0000010000'), h('090c000000000001')]
def evpn():
    t = R.randint(1, 5); esi = bytes(R.choice([0, R.randrange(256)]) for _ in range(10)); et = struct.pack('!I', R.randrange(1 << 32))
    mac = bytes(R.randrange(256) for _ in range(6))
    ipv = R.choice([b'', h('0a000001'), h('20010db8000000000000000000000001')])
    if t == 1: b = rd() + esi + et + label()
    elif t == 2: b = rd() + esi + et + bytes([48]) + mac + bytes([len(ipv) * 8]) + ipv + label() + (label() if R.random() < 0.4 else b'')
    elif t == 3: ip = R.choice([h('0a000001'), h('20010db8000000000000000000000001')]); b = rd() + et + bytes([len(ip) * 8]) + ip
    elif t == 4: ip = R.choice([h('0a000001'), h('20010db8000000000000000000000001')]); b = rd() + esi + bytes([len(ip) * 8]) + ip
    else:
        if R.random() < 0.5: b = rd() + esi + et + bytes([R.randint(0, 32)]) + h('0a000000') + h('0a0000fe') + label()
        else: b = rd() + esi + et + bytes([R.randint(0, 128)]) + h('20010db8000000000000000000000000') + h('20010db80000000000000000000000fe') + label()
    return bytes([t, len(b)]) + b
def mvpn():
    t = R.choice([1, 2, 3, 4, 5, 6, 7])
    v4 = R.random() < 0.6; ip = h('0a000001') if v4 else h('20010db8000000000000000000000001')
    if t == 1: b = rd() + ip
    elif t == 2: b = rd() + struct.pack('!I', 65000)
    elif t == 3: b = rd() + bytes([len(ip) * 8]) + ip + bytes([len(ip) * 8]) + ip + ip
    elif t == 4: b = rd() + bytes([len(ip) * 8]) + ip + bytes([len(ip) * 8]) + ip + ip
    elif t == 5: b = rd() + bytes([len(ip) * 8]) + ip + bytes([len(ip) * 8]) + ip
    else: b = rd() + struct.pack('!I', 65000) + bytes([len(ip) * 8]) + ip + bytes([len(ip) * 8]) + ip
    return bytes([t, len(b)]) + b, (1 if v4 else 2)
def rtc():
    l = R.choice([0, 32, 96, 64, 48]); v = struct.pack('!I', 65000) + h('0002fde800000001')
    return bytes([l]) + v[:(l + 7) // 8]
def vpls():
    b = rd() + struct.pack('!HHH', R.randrange(65536), R.randrange(65536), R.randrange(65536)) + label()
    return struct.pack('!H', len(b)) + b

def synth():
    k = R.randrange(14)
    attrs = BASE + b''.join(rand_attr() for _ in range(R.randint(1, 4)))
    if k <= 3:  # v4 unicast with attrs
        return 'attr', upd(attrs, NL4 + pfx4(h('c0000201'), R.randint(0, 32)))
    if k == 4:  # ipv4/6 unicast/multicast MP
        afi = R.choice([1, 2]); safi = R.choice([1, 2])
        nh = h('0a000001') if afi == 1 else R.choice([h('20010db8000000000000000000000001'), h('20010db8000000000000000000000001fe800000000000000000000000000001')])
        n = pfx4(h('0a0102030000000000000000000000ff') if afi == 1 else h('20010db8000100020003000400050006'), R.randint(0, 32 if afi == 1 else 128))
        if R.random() < 0.2: return 'mp-unreach', upd(mp_unreach(afi, safi, n))
        return 'ipv%d-%s' % (4 if afi == 1 else 6, 'uni' if safi == 1 else 'multi'), upd(attrs + mp_reach(afi, safi, nh, n))
    if k == 5:  # labeled / vpn
        afi = R.choice([1, 2]); safi = R.choice([4, 128])
        p = h('0a010203') if afi == 1 else h('20010db8000100020003000400050006')
        nl = R.randint(1, 3); labs = b''.join(label(i == nl - 1) for i in range(nl))
        if R.random() < 0.1: labs = h('800000')
        body = labs + (rd() if safi == 128 else b'') + p
        pl = R.randint(0, min(len(p) * 8, 255 - len(labs) * 8 - (64 if safi == 128 else 0))); n = bytes([len(labs) * 8 + (64 if safi == 128 else 0) + pl]) + body[:len(labs) + (8 if safi == 128 else 0) + (pl + 7) // 8]
        nh = (bytes(8) if safi == 128 else b'') + (h('0a000001') if afi == 1 else h('20010db8000000000000000000000001'))
        fam = 'ipv%d-%s' % (4 if afi == 1 else 6, 'labeled' if safi == 4 else 'vpn')
        if R.random() < 0.2: return fam, upd(attrs + mp_unreach(afi, safi, n))
        return fam, upd(attrs + mp_reach(afi, safi, nh, n))
    if k == 6: return 'rtc', upd(attrs + mp_reach(1, 132, h('0a000001'), rtc()))
    if k in (7, 8):
        v6 = R.random() < 0.4; vpn = R.random() < 0.3
        acts = attr(0xc0, 16, b''.join(R.choice(FLOW_ACT) for _ in range(R.randint(1, 3))))
        if v6 and R.random() < 0.3: acts += attr(0xc0, 25, h('000c') + h('20010db8000000000000000000000001') + h('0000'))
        n = flow_nlri(v6, vpn)
        return 'flow%s%s' % ('6' if v6 else '4', '-vpn' if vpn else ''), upd(BASE + acts + mp_reach(2 if v6 else 1, 134 if vpn else 133, b'', n))
    if k == 9: return 'evpn', upd(attrs + mp_reach(25, 70, h('0a000001'), b''.join(evpn() for _ in range(R.randint(1, 2)))))
    if k == 10: return 'vpls', upd(attrs + mp_reach(25, 65, h('0a000001'), vpls()))
    if k == 11:
        n, afi = mvpn(); return 'mvpn', upd(attrs + mp_reach(afi, 5, h('0a000001') if afi == 1 else h('20010db8000000000000000000000001'), n))
    if k == 12:  # SR policy
        afi = R.choice([1, 2]); ep = h('0a000001') if afi == 1 else h('20010db8000000000000000000000001')
        n = bytes([96 if afi == 1 else 192]) + struct.pack('!II', R.randrange(100), R.randrange(100)) + ep
        sub = b''
        for _ in range(R.randint(1, 4)):
            st = R.choice([12, 13, 128, 129, 15, 130])
            if st == 12: sub += bytes([12, 6, 0, 0]) + struct.pack('!I', R.randrange(1000))
            elif st == 13: sub += bytes([13, 2, 0, 0])
            elif st == 128:
                segs = b''.join(R.choice([bytes([1, 6, 0, 0]) + label(True) + b'\0', bytes([2, 18, 0, 0]) + h('20010db8000000000000000000000001')]) for _ in range(R.randint(1, 2)))
                sub += bytes([128]) + struct.pack('!H', 6 + len(segs)) + bytes([9, 4]) + struct.pack('!I', R.randrange(10)) + segs
            elif st == 129: sub += bytes([129, 0, 3, 0, 1, 0x61])
            else: sub += bytes([st, 2, R.randrange(256), R.randrange(256)])
        te = struct.pack('!HH', 15, len(sub)) + sub
        return 'sr-policy', upd(attrs + attr(0xc0, 23, te) + mp_reach(afi, 73, h('0a000001'), n))
    # MUP
    afi = R.choice([1, 2]); at = R.randint(1, 4)
    if at == 1: p = h('0a010200') if afi == 1 else h('20010db8000100000000000000000000'); b = rd() + bytes([R.randint(0, len(p) * 8)]) + p
    elif at == 2: ip = h('0a000001') if afi == 1 else h('20010db8000000000000000000000001'); b = rd() + bytes([len(ip) * 8 + 32]) + ip + struct.pack('!I', R.randrange(1 << 32))
    elif at == 3: p = h('0a010200') if afi == 1 else h('20010db8000100000000000000000000'); b = rd() + bytes([R.randint(0, len(p) * 8)]) + p[:len(p)] + struct.pack('!I', 7) + bytes([len(p) * 8]) + p
    else: p = h('0a010200') if afi == 1 else h('20010db8000100000000000000000000'); b = rd() + bytes([R.randint(0, len(p) * 8)]) + p + struct.pack('!I', 7) + bytes([len(p) * 8]) + p
    n = bytes([1]) + struct.pack('!H', at) + bytes([len(b)]) + b
    return 'mup', upd(attrs + attr(0xc0, 16, h('0c00000000000001')) + mp_reach(afi, 85, h('0a000001') if afi == 1 else h('20010db8000000000000000000000001'), n))

def mutate(b):
    k = R.randrange(8)
    b = bytearray(b)
    if k == 0 and len(b) > 4: return 'trunc', bytes(b[:R.randrange(4, len(b))])
    if k <= 3:
        for _ in range(R.randint(1, 3)): i = R.randrange(len(b)); b[i] = R.randrange(256)
        return 'flip', bytes(b)
    # structure-aware: change one attribute's value, keep lengths consistent
    try: wd, L, nl = split_attrs(bytes(b))
    except Exception: return 'flip', bytes(b)
    if not L: return 'flip', bytes(b)
    j = R.randrange(len(L)); f, c, v = L[j]; v = bytearray(v)
    if k == 4 and v: i = R.randrange(len(v)); v[i] = R.randrange(256)
    elif k == 5 and v: v = v[:R.randrange(len(v))]
    elif k == 6: v += bytes(R.randrange(256) for _ in range(R.randint(1, 4)))
    else: f ^= R.choice([0x80, 0x40, 0x20])
    L[j] = (f, c, bytes(v))
    return 'field', join(wd, L, nl)

def main():
    S = seeds()
    for ap, b in S: print(ap, 'seed', b.hex())
    for _ in range(N):
        r = R.random()
        if r < 0.35:
            ap, b = R.choice(S); tag, m = mutate(b); print(ap, 'seed-' + tag, m.hex())
        else:
            fam, b = synth()
            if R.random() < 0.35: tag, b = mutate(b); fam += '/' + tag
            ap = 0
            if R.random() < 0.25 and fam.startswith('attr'):
                ap = 1  # add-path: prefix each top-level NLRI with a path id where simple (v4 unicast body)
                try:
                    wd, L, nl = split_attrs(b)
                    if nl: b = join(wd, L, struct.pack('!I', R.randrange(5)) + nl)
                except Exception: pass
            print(ap, fam, b.hex())
main()
