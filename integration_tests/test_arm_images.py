"""The ARM968 build (make kernels-arm, make test-arm): every image of c_kernels/builds.txt
links into ITCM/DTCM, an overflow is a link error, and the recorded networks replay
byte-identically on the host and under qemu-arm.  Skipped without the ARM toolchain."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLATFORM = ROOT / "c_kernels" / "platform" / "spinnaker"

pytestmark = pytest.mark.skipif(
    not (shutil.which("arm-none-eabi-gcc") and shutil.which("qemu-arm") and shutil.which("make")),
    reason="needs arm-none-eabi-gcc and qemu-arm (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-user)",
)


def make(*targets: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "-s", *targets, f"PYTHON={sys.executable}"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_every_image_of_builds_txt_links_and_fits():
    r = make("kernels-arm")
    assert r.returncode == 0, r.stderr
    images = [
        line.split()[0] for line in (ROOT / "c_kernels/builds.txt").read_text().splitlines() if line[:1].isalpha()
    ]
    lines = r.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("image"))
    table = {line.split()[0]: line for line in lines[header + 1 :] if line.strip()}
    assert sorted(table) == sorted(images)
    for name in images:
        itcm = int(table[name].split()[1])
        assert 0 < itcm <= 32768, name
        assert (ROOT / "c_kernels/build/arm" / f"{name}.elf").exists()


@pytest.mark.parametrize(
    "source, message",
    [
        ("unsigned big[17000]; int c_main(void) { return (int)big[3]; }", "DTCM"),
        (
            "#define F(n) int f##n(int x) { return x * n + (x >> 3) * (n + 1) - (x << 2); }\n"
            + "".join(f"F({i})\n" for i in range(1000))
            + "int c_main(void) { return 0; }",
            "ITCM",
        ),
    ],
)
def test_an_image_that_does_not_fit_is_a_link_error(tmp_path, source, message):
    (tmp_path / "big.c").write_text(source + "\nvoid fiq_isr(void) {}\n")
    r = subprocess.run(
        [
            "arm-none-eabi-gcc",
            "-mcpu=arm968e-s",
            "-marm",
            "-O0",
            "-nostdlib",
            "-T",
            str(PLATFORM / "spinnaker.ld"),
            str(PLATFORM / "start.S"),
            str(tmp_path / "big.c"),
            "-o",
            str(tmp_path / "big.elf"),
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode != 0
    assert message in r.stderr and "overflow" in r.stderr


def test_kernels_are_bit_identical_on_host_and_arm968():
    r = make("test-arm")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "C kernel tests passed" in r.stdout
    rows = [line.split() for line in r.stdout.splitlines() if line.endswith(("identical", "DIFFERENT"))]
    assert len(rows) >= 18
    assert all(row[-1] == "identical" for row in rows), r.stdout
    assert all(int(row[2]) > 0 for row in rows)  # every network spiked
