#!/usr/bin/python3
"""Writes the .npy/.npz files under test/Unit/Support/data.

The GoogleTest suite (test/Unit/Support/NpyTest.cpp) hard-codes the values
written here, so the tests themselves do not need Python. Rerun after a change
and commit the files:

    /usr/bin/python3 scripts/make_npy_testdata.py

Well-formed files come from NumPy itself (np.save, format.write_array,
np.savez, np.savez_compressed); malformed ones are produced by cutting or
hand-assembling bytes, since NumPy never writes them.
"""

import os
import struct
import zlib

import numpy as np
from numpy.lib import format as npformat

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                   "test", "Unit", "Support", "data")


def path(name):
    return os.path.join(OUT, name)


def save(name, arr, version=None):
    with open(path(name), "wb") as f:
        npformat.write_array(f, arr, version=version, allow_pickle=True)


def npy_bytes(arr, version=(1, 0)):
    import io
    buf = io.BytesIO()
    npformat.write_array(buf, arr, version=version)
    return buf.getvalue()


def raw_npy(header, data=b"", version=(1, 0)):
    """A .npy file with a verbatim header dict (padded like NumPy does)."""
    header = header.encode("latin1")
    lenbytes = 2 if version == (1, 0) else 4
    pre = 6 + 2 + lenbytes
    total = pre + len(header) + 1
    pad = (64 - total % 64) % 64
    header += b" " * pad + b"\n"
    fmt = "<H" if lenbytes == 2 else "<I"
    return (b"\x93NUMPY" + bytes(version) + struct.pack(fmt, len(header)) +
            header + data)


def deflate_raw(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def write_zip(name, members, zip64=False):
    """Hand-assembled zip archive.

    members: list of dicts with keys name, method (0 or 8), payload (the bytes
    stored in the archive), usize (uncompressed size), crc.
    zip64: put the sizes and offsets into zip64 extra fields and add a zip64
    end-of-central-directory record, as writers do for archives > 4 GiB.
    """
    out = bytearray()
    central = bytearray()
    for m in members:
        fname = m["name"].encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45 if zip64 else 20, 0,
                           m["method"], 0, 0x21, m["crc"], len(m["payload"]),
                           m["usize"], len(fname), 0)
        out += fname + m["payload"]
        if zip64:
            extra = struct.pack("<HHQQQ", 1, 24, m["usize"], len(m["payload"]),
                                offset)
            csize, usize, off = 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF
        else:
            extra = b""
            csize, usize, off = len(m["payload"]), m["usize"], offset
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314,
                               45 if zip64 else 20, 0, m["method"], 0, 0x21,
                               m["crc"], csize, usize, len(fname), len(extra),
                               0, 0, 0, 0x81800000, off)
        central += fname + extra
    cd_offset = len(out)
    out += central
    n = len(members)
    if zip64:
        eocd64 = len(out)
        out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n,
                           len(central), cd_offset)
        out += struct.pack("<IIQI", 0x07064B50, 0, eocd64, 1)
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF,
                           0xFFFFFFFF, 0xFFFFFFFF, 0)
    else:
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(central),
                           cd_offset, 0)
    with open(path(name), "wb") as f:
        f.write(out)


def stored(name, data, usize=None, crc=None):
    return dict(name=name, method=0, payload=data,
                usize=len(data) if usize is None else usize,
                crc=zlib.crc32(data) if crc is None else crc)


def deflated(name, data, payload=None, usize=None):
    return dict(name=name, method=8,
                payload=deflate_raw(data) if payload is None else payload,
                usize=len(data) if usize is None else usize,
                crc=zlib.crc32(data))


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith((".npy", ".npz")):
            os.remove(path(f))

    # Format versions: the same 4x3 float32 array.
    f32 = (np.arange(12, dtype=np.float32) * 0.5 - 2.0).reshape(4, 3)
    save("v1_f32.npy", f32, (1, 0))
    save("v2_f32.npy", f32, (2, 0))
    save("v3_f32.npy", f32, (3, 0))

    # One 2x3 file per supported dtype, extremes included.
    save("dtype_bool.npy", np.array([[1, 0, 1], [0, 0, 1]], dtype="|b1"))
    save("dtype_int8.npy", np.array([[-128, -1, 0], [1, 2, 127]], dtype="|i1"))
    save("dtype_uint8.npy", np.array([[0, 1, 2], [128, 254, 255]],
                                     dtype="|u1"))
    save("dtype_int16.npy", np.array([[-32768, -1, 0], [1, 1000, 32767]],
                                     dtype="<i2"))
    save("dtype_uint16.npy", np.array([[0, 1, 2], [1000, 40000, 65535]],
                                      dtype="<u2"))
    save("dtype_int32.npy",
         np.array([[-2147483648, -1, 0], [1, 16777217, 2147483647]],
                  dtype="<i4"))
    save("dtype_uint32.npy", np.array([[0, 1, 2], [3, 4000000000, 4294967295]],
                                      dtype="<u4"))
    save("dtype_int64.npy",
         np.array([[-9223372036854775808, -1, 0],
                   [1, 2**40, 9223372036854775807]], dtype="<i8"))
    save("dtype_uint64.npy",
         np.array([[0, 1, 2], [3, 2**40, 18446744073709551615]], dtype="<u8"))
    save("dtype_float16.npy",
         np.array([[-2.5, -0.0, 2.0**-24], [1.0, 65504.0, 2.0**-14]],
                  dtype="<f2"))
    save("dtype_float32.npy",
         np.array([[-1.5, 0.25, 3.0], [100.0, -7.0, 1e30]], dtype="<f4"))
    save("dtype_float64.npy",
         np.array([[0.1, -2.0, 3.0], [1e300, 127.0, -128.0]], dtype="<f8"))
    # Integral floating-point values convert to integers.
    save("integral_float32.npy",
         np.array([[-128.0, 0.0, 127.0], [1.0, 2.0, 3.0]], dtype="<f4"))
    save("integral_float64.npy",
         np.array([[-128.0, 0.0, 127.0], [128.0, 2.0**40, -1.0]],
                  dtype="<f8"))
    # 3-d rows and a 1-d array.
    save("rows_3d.npy", np.arange(24, dtype="<i4").reshape(4, 3, 2))
    save("vector_int64.npy", np.array([5, -6, 7], dtype="<i8"))
    save("empty_rows.npy", np.zeros((0, 3), dtype="<f4"))

    # Unsupported layouts and dtypes.
    save("fortran.npy", np.asfortranarray(f32[:2]))
    save("bigendian.npy", f32.astype(">f4"))
    save("complex64.npy", np.array([1 + 2j, 3 - 4j], dtype="<c8"))
    save("object.npy", np.array([1, "a"], dtype=object))
    save("structured.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))
    save("scalar.npy", np.array(3.5, dtype="<f4"))

    # Headers NumPy would not write but Python's literal syntax allows:
    # double quotes, odd spacing, trailing commas, Python 2 'L' suffixes.
    data = np.arange(6, dtype="<i4").tobytes()
    with open(path("odd_header.npy"), "wb") as f:
        f.write(raw_npy('{ "shape" : ( 2 , 3, ) ,"fortran_order":False ,'
                        "  'descr':'<i4', }", data))
    with open(path("long_suffix.npy"), "wb") as f:
        f.write(raw_npy("{'descr': '<i4', 'fortran_order': False, "
                        "'shape': (2L, 3L), }", data))
    with open(path("missing_key.npy"), "wb") as f:
        f.write(raw_npy("{'descr': '<i4', 'shape': (2, 3), }", data))
    with open(path("bad_syntax.npy"), "wb") as f:
        f.write(raw_npy("{'descr': '<i4', 'fortran_order': False, "
                        "'shape': (2, 3}", data))
    with open(path("negative_dim.npy"), "wb") as f:
        f.write(raw_npy("{'descr': '<i4', 'fortran_order': False, "
                        "'shape': (-2, 3), }", data))
    with open(path("version4.npy"), "wb") as f:
        f.write(b"\x93NUMPY\x04\x00" + raw_npy("{}")[8:])
    with open(path("bad_magic.npy"), "wb") as f:
        f.write(b"PK\x03\x04 this is not an npy file")

    # Truncations: inside the data, inside the header, and extra bytes.
    v1 = open(path("v1_f32.npy"), "rb").read()
    big = npy_bytes(np.arange(512 * 28 * 28, dtype="<f4").reshape(512, 28, 28,
                                                                  1))
    with open(path("truncated_data.npy"), "wb") as f:
        f.write(big[:128 + 1000])
    with open(path("truncated_header.npy"), "wb") as f:
        f.write(v1[:40])
    with open(path("trailing_bytes.npy"), "wb") as f:
        f.write(v1 + b"\0" * 8)

    # .npz written by NumPy: stored (savez) and deflated (savez_compressed).
    x = np.arange(20, dtype="<f4").reshape(5, 4) / 4
    y = np.array([3, 1, 4, 1, 5], dtype="<i8")
    mask = np.array([[True, False], [False, True], [True, True], [False, False],
                     [True, False]])
    np.savez(path("stored.npz"), x=x, y=y, mask=mask)
    np.savez_compressed(path("deflated.npz"), x=x, y=y, mask=mask)
    np.savez(path("positional.npz"), x, y)

    # Malformed archives, assembled by hand.
    xb = npy_bytes(x)
    yb = npy_bytes(y)
    write_zip("zip64.npz", [stored("x.npy", xb), deflated("y.npy", yb)],
              zip64=True)
    # Stored member whose .npy data is cut: the sizes agree with each other,
    # the header does not.
    write_zip("truncated_stored.npz",
              [stored("y.npy", yb), stored("x.npy", xb[:len(xb) - 10])])
    # Deflated member whose .npy data is cut (detected from the sizes).
    write_zip("truncated_deflated_size.npz",
              [deflated("x.npy", xb[:len(xb) - 10])])
    # Deflated stream cut (past the .npy header) while the directory claims
    # the full size: only detectable while inflating.
    full = deflate_raw(xb)
    write_zip("truncated_deflated_stream.npz",
              [deflated("x.npy", xb, payload=full[:len(full) - 8])])
    # Corrupt deflate data after the first 150 bytes: a block of the reserved
    # type 3 (byte 0x07: final block, type 3).
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    bad = c.compress(xb[:150]) + c.flush(zlib.Z_FULL_FLUSH) + b"\x07" * 8
    write_zip("corrupt_deflated.npz", [deflated("x.npy", xb, payload=bad)])
    # A wrong CRC.
    write_zip("bad_crc.npz", [stored("x.npy", xb, crc=zlib.crc32(xb) ^ 1)])
    # Unsupported compression method (12 = bzip2).
    m = stored("x.npy", xb)
    m["method"] = 12
    write_zip("bzip2.npz", [m])
    # The archive cut in the middle: no end-of-central-directory record.
    st = open(path("stored.npz"), "rb").read()
    with open(path("cut_archive.npz"), "wb") as f:
        f.write(st[:len(st) // 2])
    # A member that is not an array and a member with an unsupported dtype.
    write_zip("mixed.npz", [stored("readme.txt", b"hello"),
                            stored("c.npy", npy_bytes(np.ones(2, "<c8"))),
                            stored("ok.npy", yb)])

    total = sum(os.path.getsize(path(f)) for f in os.listdir(OUT))
    print("wrote %d files, %d bytes to %s" % (len(os.listdir(OUT)), total,
                                              os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
