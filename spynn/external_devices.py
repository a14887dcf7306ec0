"""sPyNNaker's external_devices namespace.  Live input and output (UDP spike
injection and streaming, robots, retinas) needs a SpiNNaker board and its
Ethernet link; on the emulator every call says so, naming itself."""

from __future__ import annotations

from .errors import UNSUPPORTED, NotSupportedError

_LIVE = (
    "activate_live_output_for",
    "activate_live_output_to",
    "SpikeInjector",
    "SpynnakerLiveSpikesConnection",
    "SpynnakerPoissonControlConnection",
    "add_poisson_live_rate_control",
    "run_forever",
    "request_stop",
    "add_database_socket_address",
    "register_database_notification_request",
    "EthernetControlPopulation",
    "EthernetSensorPopulation",
    "SpikeInjectorVertex",
    "PushBotEthernetConnection",
    "ExternalFPGARetinaDevice",
    "MunichRetinaDevice",
    "MunichMotorDevice",
    "ArbitraryFPGADevice",
)


def _live(name: str):
    feature = f"external_devices.{name}"
    UNSUPPORTED[feature] = "live input/output needs a SpiNNaker board's Ethernet link; the emulator has none"

    def unavailable(*args, **kwargs):
        raise NotSupportedError(feature)

    unavailable.__name__ = name
    unavailable.__doc__ = f"Not available on the emulator: {UNSUPPORTED[feature]}."
    return unavailable


for _name in _LIVE:
    globals()[_name] = _live(_name)
