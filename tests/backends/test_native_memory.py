"""spynn.native.zeros_huge: the chips' SDRAM on transparent huge pages."""

import mmap
import sys

import numpy as np
import pytest

from spynn.native import HUGE_PAGE_BYTES, touch_pages, zeros_huge


@pytest.mark.parametrize("n", [1, 1000, HUGE_PAGE_BYTES // 4 - 1, HUGE_PAGE_BYTES // 4 + 7, 3 * HUGE_PAGE_BYTES // 4])
def test_it_is_np_zeros(n):
    a = zeros_huge(n)
    assert a.dtype == np.uint32 and a.shape == (n,) and not a.any()
    a[:] = np.arange(n, dtype=np.uint32)  # writable, all of it
    assert a[-1] == n - 1


@pytest.mark.skipif(not sys.platform.startswith("linux") or not hasattr(mmap, "MADV_HUGEPAGE"), reason="Linux THP")
def test_large_arrays_start_on_a_huge_page_and_are_advised():
    a = zeros_huge(3 * HUGE_PAGE_BYTES // 4 + 5)
    assert a.ctypes.data % HUGE_PAGE_BYTES == 0
    start = a.ctypes.data
    with open("/proc/self/smaps") as f:
        blocks = f.read().split("\n")
    flags = None
    inside = False
    for line in blocks:
        head = line.split(" ", 1)[0]
        if "-" in head and all(c in "0123456789abcdef-" for c in head):
            lo, hi = (int(x, 16) for x in head.split("-"))
            inside = lo <= start < hi
        elif inside and line.startswith("VmFlags:"):
            flags = line.split()[1:]
            break
    assert flags is not None and "hg" in flags  # MADV_HUGEPAGE on the array's mapping


@pytest.mark.parametrize("n_threads", [1, 2, 3])
def test_touch_pages_writes_a_zero_in_every_page_and_nothing_else(n_threads):
    n = 10 * 1024 + 17  # 10 pages of uint32 and a bit, split unevenly
    a = np.ones(n, dtype=np.uint32)
    touch_pages(a, n_threads)
    assert not a[::1024].any()
    assert a.sum() == n - len(range(0, n, 1024))


def test_zeros_huge_with_threads_is_np_zeros():
    n = HUGE_PAGE_BYTES // 2 + 123
    a = zeros_huge(n, n_threads=2)
    assert a.shape == (n,) and not a.any()


def test_huge_arena_gives_zeroed_arrays_apart_on_64_byte_lines(monkeypatch):
    """native.HugeArena: each array zeroed and writable, none overlapping another, each on a
    64-byte line of its area (areas of AREA_BYTES are on huge pages); one larger than an area
    gets an area of its own; an area goes when none of its arrays is held (its mmap closes
    with the last view)."""
    import gc
    import weakref

    from spynn.native import HugeArena

    monkeypatch.setattr(HugeArena, "AREA_BYTES", 1 << 16)
    arena = HugeArena()
    sizes = [1, 15, 16, 17, 1000, 5000, 20000, 3]
    arrays = [arena.zeros(n) for n in sizes]
    for a, n in zip(arrays, sizes):
        assert a.dtype == np.uint32 and a.shape == (n,) and not a.any()
        assert (a.ctypes.data - a.base.ctypes.data) % 64 == 0  # from its area's start
        a[:] = n
    for a, n in zip(arrays, sizes):
        assert (a == n).all()  # nothing written through another array
    spans = sorted((a.ctypes.data, a.ctypes.data + 4 * a.size) for a in arrays)
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:]))
    first_area = weakref.ref(arrays[0].base)
    del arrays, a
    arena.zeros(30000)  # a new area: the first one is no longer the arena's
    gc.collect()
    assert first_area() is None
