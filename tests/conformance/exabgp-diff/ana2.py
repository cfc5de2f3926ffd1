# Re-classifies DIFF entries of a run.py .diff file: which deliberate difference explains them.
import json, sys, collections, re
blocks = open(sys.argv[1], errors='replace').read().split('\n\n')
def msgs(s):
    r = []
    for x in s.split(' ||| '):
        x = x.replace('INVALID ', '')
        if x.startswith('{'):
            try: r.append(json.loads(x)['neighbor']['message'])
            except Exception: r.append('BAD')
    return r
def strip(ms, keys, gen=()):
    out = []
    for m in ms:
        m = json.loads(json.dumps(m))
        a = m.get('update', {}).get('attribute', {}) if isinstance(m, dict) else {}
        for k in list(a):
            if k in keys or any(k.startswith(g) for g in gen): del a[k]
        out.append(m)
    return out
stats = collections.defaultdict(collections.Counter); left = []
for b in blocks:
    if not b.startswith('DIFF'): continue
    L = b.split('\n'); fam = L[0].split()[2].split('/')[0]
    e = msgs(L[2][5:]); l = msgs(L[3][5:])
    why = []
    for name, keys, gen in (('aigp', {'aigp'}, ()), ('as4', {'aggregator'}, ('attribute-0x11-', 'attribute-0x12-')),
                            ('generic-vs-dropped', set(), ('attribute-0x',)),
                            ('partial-bit/flags', {'origin', 'next-hop', 'local-preference', 'med', 'as-path', 'atomic-aggregate', 'community', 'originator-id', 'cluster-list'}, ())):
        e2, l2 = strip(e, keys, gen), strip(l, keys, gen)
        why.append(name)
        if e2 == l2: break
        e, l = e2, l2
    else:
        why = ['unexplained']; left.append(b)
    stats[fam]['/'.join(why[-1:])] += 1
for f in sorted(stats): print('%-14s %s' % (f, dict(stats[f])))
open(sys.argv[1] + '.left', 'w').write('\n\n'.join(left))
print('unexplained', len(left))
