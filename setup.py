"""Builds the host kernel library spynn/_emulator (plain C, loaded with ctypes)."""

from setuptools import Extension, setup

KERNEL_SOURCES = [
    "c_kernels/platform/host/emulator.c",
    "c_kernels/synapse/synapses.c",
    "c_kernels/synapse/stdp.c",
    "c_kernels/synapse/structural.c",
    "c_kernels/neuron/builds/lif_curr_exp.c",
    "c_kernels/neuron/builds/lif_cond_exp.c",
    "c_kernels/neuron/builds/lif_curr_alpha.c",
    "c_kernels/neuron/builds/lif_curr_delta.c",
    "c_kernels/neuron/builds/izhikevich.c",
    "c_kernels/neuron/builds/lif_curr_exp_ca2.c",
    "c_kernels/neuron/builds/lif_curr_dual_exp.c",
    "c_kernels/neuron/builds/lif_cond_exp_stoc.c",
    "c_kernels/neuron/builds/izhikevich_cond.c",
    "c_kernels/neuron/builds/izhikevich_curr_exp.c",
    "c_kernels/neuron/builds/izhikevich_cond_dual.c",
    "c_kernels/neuron/builds/lif_curr_delta_fixed_prob.c",
    "c_kernels/neuron/builds/if_trunc_delta.c",
    "c_kernels/neuron/builds/stoc.c",
    "c_kernels/neuron/builds/lif_curr_semd.c",
    "c_kernels/neuron/builds/lif_cond_alpha.c",
    "c_kernels/neuron/builds/aeif_cond_exp.c",
    "c_kernels/neuron/builds/aeif_cond_alpha.c",
    "c_kernels/neuron/builds/hh_cond_exp.c",
    "c_kernels/neuron/builds/lif_curr_delta_ca2.c",
    "c_kernels/source/spike_source_array.c",
    "c_kernels/source/spike_source_poisson.c",
    "c_kernels/host/pack_rows.c",
    "c_kernels/host/decode.c",
    "c_kernels/host/generate.c",
    "c_kernels/host/procedural_expand.c",
]
INCLUDE_DIRS = [
    "c_kernels/include",
    "c_kernels/common",
    "c_kernels/synapse",
    "c_kernels/neuron",
    "c_kernels/platform/host",
]

setup(
    ext_modules=[
        Extension(
            "spynn._emulator",
            sources=KERNEL_SOURCES,
            include_dirs=INCLUDE_DIRS,
            extra_compile_args=["-O2", "-fvect-cost-model=cheap", "-std=c11", "-Wall", "-Wextra", "-fwrapv", "-funsigned-char"],
            libraries=["pthread", "m"],
        )
    ]
)
