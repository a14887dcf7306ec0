"""spynn: PyNN scripts, run the SpiNNaker way.

``import spynn as sim`` gives the PyNN 0.13 API.  The network is mapped onto
(virtual) SpiNNaker cores, synapses are packed into 32-bit rows, and C kernels
run it on the bundled host emulator."""

from pyNN import errors, random, space  # noqa: F401
from pyNN.connectors import *  # noqa: F403,F401
from pyNN.network import Network  # noqa: F401
from pyNN.parameters import ArrayParameter, ParameterSpace, Sequence  # noqa: F401
from pyNN.random import GSLRNG, NumpyRNG, RandomDistribution  # noqa: F401
from pyNN.recording import *  # noqa: F403,F401
from pyNN.space import Cuboid, Grid2D, Grid3D, Line, RandomStructure, Space, Sphere, distance  # noqa: F401
from pyNN.standardmodels import StandardCellType

from .pynn.control import (  # noqa: F401
    end,
    get_current_time,
    get_machine,
    get_max_delay,
    get_min_delay,
    get_provenance,
    get_time_step,
    get_timings,
    initialize,
    name,
    num_processes,
    rank,
    reset,
    run,
    run_for,
    run_until,
    set_allow_delay_extensions,
    set_number_of_neurons_per_core,
    set_number_of_synapse_cores,
    setup,
)
from .pynn.electrodes import ACSource, DCSource, NoisyCurrentSource, StepCurrentSource  # noqa: F401
from .pynn.index_connectors import (  # noqa: F401  (sPyNNaker's; they replace pyNN.connectors' names)
    IndexBasedProbabilityConnector,
    SmallWorldConnector,
)
from .pynn.kernel_connector import KernelConnector  # noqa: F401  (sPyNNaker's)
from .pynn.native_rng import NativeRNG  # noqa: F401
from .pynn.populations import Assembly, Population, PopulationView  # noqa: F401
from .pynn.procedural_api import connect, create, record, record_gsyn, record_v, set  # noqa: F401,A004
from .pynn.projections import Projection  # noqa: F401
from .pynn.plasticity import (  # noqa: F401
    AdditiveWeightDependence,
    MultiplicativeWeightDependence,
    AdditivePotentiationMultiplicativeDepression,
    SpikePairRule,
    STDPMechanism,
    Vogels2011Rule,
)
from .pynn.transmission import (  # noqa: F401
    MultiQuantalSynapse,
    SimpleStochasticSynapse,
    StochasticTsodyksMarkramSynapse,
    TsodyksMarkramSynapse,
)
from .pynn.structural import (  # noqa: F401  (sPyNNaker's structural plasticity)
    DistanceDependentFormation,
    LastNeuronSelection,
    RandomByWeightElimination,
    RandomSelection,
    StructuralMechanismSTDP,
    StructuralMechanismStatic,
)
from .pynn.standardmodels import (  # noqa: F401
    EIF_cond_alpha_isfa_ista,
    EIF_cond_exp_isfa_ista,
    HH_cond_exp,
    IF_cond_alpha,
    IF_cond_exp,
    IF_curr_alpha,
    IF_curr_delta,
    IF_curr_exp,
    Izhikevich,
    SpikeSourceArray,
    SpikeSourceGamma,
    SpikeSourcePoisson,
    SpikeSourcePoissonRefractory,
    StaticSynapse,
)
from . import external_devices, extra_models  # noqa: F401  (sPyNNaker's namespaces)
from .pynn.unsupported import PLACEHOLDERS, placeholder
from .synapses.stdp_closed_form import (  # noqa: F401  (sPyNNaker's helpers)
    calculate_spike_nearest_pair_stdp_weight,
    calculate_spike_pair_additive_potentiation_multiplicative_depression_weight,
    calculate_spike_pair_additive_stdp_weight,
    calculate_spike_pair_multiplicative_stdp_weight,
    calculate_triplet_stdp_weight,
    calculate_vogels_2011_weight,
)

globals().update(PLACEHOLDERS)  # PyNN names spynn does not run: creating one says so
for _name in ("ConvolutionConnector", "PoolDenseConnector"):  # sPyNNaker's, likewise
    globals()[_name] = placeholder(_name, "sPyNNaker's convolutional connectors are not ported")


def list_standard_models():
    """The StandardCellType classes spynn runs."""
    return [
        obj.__name__
        for obj in globals().values()
        if isinstance(obj, type) and issubclass(obj, StandardCellType) and hasattr(obj, "spynn_kind")
    ]
