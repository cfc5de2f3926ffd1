import struct, random
R = random.Random(6)
def attr(flags, code, v): return struct.pack('!BBB', flags, code, len(v)) + v
BASE = attr(0x40, 1, b'\0') + attr(0x40, 2, b'') + attr(0x40, 3, bytes.fromhex('0a000001'))
for t in range(0, 256, 1):
    for st in (0, 2, 3, 0x0b, 0x0c, 0x10, 0x13):
        v = bytes.fromhex('20010db8000000000000000000000001') + bytes([0, R.randrange(4)])
        a = BASE + attr(0xc0, 25, bytes([t, st]) + v)
        print(0, 'extcomm6', (struct.pack('!HH', 0, len(a)) + a + bytes([24, 10, 1, 2])).hex())
