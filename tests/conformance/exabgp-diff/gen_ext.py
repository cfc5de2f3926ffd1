import struct, random
R = random.Random(5)
def attr(flags, code, v): return struct.pack('!BBB', flags, code, len(v)) + v
BASE = attr(0x40, 1, b'\0') + attr(0x40, 2, b'') + attr(0x40, 3, bytes.fromhex('0a000001'))
for t in range(256):
    for st in list(range(0, 0x16)) + [0x80, 0xff]:
        for v in (bytes(6), bytes([R.randrange(256) for _ in range(6)]), bytes.fromhex('0000000a0001')):
            a = BASE + attr(0xc0, 16, bytes([t, st]) + v)
            print(0, 'extcomm', (struct.pack('!HH', 0, len(a)) + a + bytes([24, 10, 1, 2])).hex())
