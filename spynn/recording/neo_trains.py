"""Fast materialisation of the SpikeTrainList PyNN builds from spike-time arrays.

PyNN's common Recorder (pyNN/recording/__init__.py, ``_get_current_segment``) hands the
spikes to neo as ``SpikeTrainList.from_spike_time_array`` (all times in one array, with a
parallel array of channel ids).  neo turns that into SpikeTrain objects the first time the
list is indexed or iterated, in ``SpikeTrainList._spiketrains_from_array``: for every channel
it compares the whole channel-id array (O(neurons x spikes)) and calls ``SpikeTrain(...)``,
whose unit checks parse unit strings three times per train.  For 51,200 neurons and 340k
spikes that is about 6 s.

``fill_spiketrains`` builds the very same SpikeTrain objects (same class, values, dtype,
units, t_start / t_stop copies, sampling_rate, annotations in the same order with the same
value types, array annotations, segment) in O(spikes + neurons): one stable sort of the
spikes by channel, one private copy of the times split into per-channel slices, and the
attributes set the way ``SpikeTrain.__new__`` / ``__init__`` and ``annotate`` set them.  The
list keeps its array form as well, exactly as after neo's own materialisation.

Whenever the list holds something the fast path does not reproduce exactly (times outside
[t_start, t_stop], which neo rejects with an error, unit or dtype mismatches, unusual
annotations), the list is left alone and neo materialises it itself when it is first used.
"""

from __future__ import annotations

import gc
import inspect

import numpy as np
import quantities as pq
from neo.core.baseneo import ALLOWED_ANNOTATION_TYPES
from neo.core.dataobject import ArrayDict
from neo.core.spiketrain import SpikeTrain
from neo.core.spiketrainlist import SpikeTrainList

#: The object SpikeTrain.__new__ stores as ``sampling_rate`` when none is given (every
#: SpikeTrain neo builds from a spike-time array shares it).
_DEFAULT_SAMPLING_RATE = inspect.signature(SpikeTrain.__new__).parameters["sampling_rate"].default


def _same_time_quantity(q, dtype, dim) -> bool:
    """Would SpikeTrain.__new__ keep ``q.copy()`` as t_start / t_stop (rather than convert)?"""
    return isinstance(q, pq.Quantity) and q.ndim == 0 and q.dtype == dtype and q.dimensionality.items() == dim.items()


def _annotation_columns(annotations: dict, n: int):
    """(name, value, per_channel) as neo's _spiketrains_from_array reads them, or None when
    a value is not one the fast path copies exactly (neo then checks it itself)."""
    out = []
    for name, value in annotations.items():
        per_channel = not isinstance(value, str) and hasattr(value, "__len__") and len(value) == n
        if per_channel:
            if not isinstance(value, np.ndarray) or value.ndim != 1 or value.dtype.kind not in "iufbU":
                return None
        elif not isinstance(value, ALLOWED_ANNOTATION_TYPES) or isinstance(value, np.ndarray):
            return None
        out.append((name, value, per_channel))
    return out


class _Bare(np.ndarray):
    """A view class with no __array_finalize__ of its own: a view of it, then made a
    SpikeTrain or a Quantity (__class__), gets its attributes in one go, at a third of the
    cost of the neo and quantities classes' own finalizers."""


def _quantity_copy(raw: np.ndarray, dim) -> pq.Quantity:
    """What q.copy() gives for the 0-d Quantity q of magnitude raw and units dim."""
    out = np.ndarray.view(raw.copy(), _Bare)
    out.__class__ = pq.Quantity
    out._dimensionality = dim.copy()
    return out


class _Deferred(SpikeTrainList):
    """A SpikeTrainList still in neo's array form whose SpikeTrain objects are made when it is
    first used as a list (fill_spiketrains, else neo's own materialisation), then handed to the
    list's `_spynn_then`; from then on it is a plain SpikeTrainList again.  Its arrays
    (``.multiplexed``), ``len`` and ``all_channel_ids`` need no SpikeTrain: a caller that reads
    only them never pays for the objects (about 3.3 kB each).  Copies and pickles are made of
    the materialised, plain list, so a pickle never needs spynn to load."""

    def _spiketrains_from_array(self):
        then = self.__dict__.pop("_spynn_then", None)
        self.__class__ = SpikeTrainList
        if not fill_spiketrains(self):
            SpikeTrainList._spiketrains_from_array(self)
        if then is not None:
            then(self._items)

    def __reduce_ex__(self, protocol):
        return _materialised(self).__reduce_ex__(protocol)


def _materialised(trains: SpikeTrainList) -> SpikeTrainList:
    """trains with its SpikeTrain objects made (a plain SpikeTrainList)."""
    if type(trains) is _Deferred:
        if trains._items is None:
            trains._spiketrains_from_array()
        else:
            trains.__dict__.pop("_spynn_then", None)
            trains.__class__ = SpikeTrainList
    return trains


def _on_the_list(name):
    """_Deferred's version of an ObjectList method that reads the items directly (not through
    _spiketrains_from_array, as SpikeTrainList's own methods do): the trains are made first."""

    def method(self, *args, **kwargs):
        return getattr(SpikeTrainList, name)(_materialised(self), *args, **kwargs)

    method.__name__ = name
    return method


for _name in ("clear", "count", "index", "insert", "pop", "remove", "reverse", "sort", "__contains__", "_contains"):
    setattr(_Deferred, _name, _on_the_list(_name))


def defer_spiketrains(trains: SpikeTrainList, then=None) -> bool:
    """Leave ``trains`` (made by ``SpikeTrainList.from_spike_time_array``) in its array form
    until it is first used as a list, then materialise it the fast way and call then(items).
    Returns False (the list untouched) when it is not in that form."""
    if type(trains) is not SpikeTrainList or getattr(trains, "_items", ()) is not None:
        return False
    if getattr(trains, "_spike_time_array", None) is None:
        return False
    trains.__class__ = _Deferred
    if then is not None:
        trains._spynn_then = then
    return True


def fill_spiketrains(trains: SpikeTrainList) -> bool:
    """Materialise ``trains`` (made by ``SpikeTrainList.from_spike_time_array``) the way neo
    would on first use, fast.  Returns False when the list was left for neo to materialise."""
    # neo's private state of a list made by from_spike_time_array and not yet used (another
    # neo version that keeps it differently is simply left to neo)
    times = getattr(trains, "_spike_time_array", None)
    channels = getattr(trains, "_all_channel_ids", None)
    meta = getattr(trains, "_spiketrain_metadata", None)
    annotations = getattr(trains, "_annotations", None)
    if getattr(trains, "_items", ()) is not None or times is None or channels is None:
        return False
    if not isinstance(meta, dict) or set(meta) != {"t_start", "t_stop"} or not isinstance(annotations, dict):
        return False
    if not isinstance(times, pq.Quantity) or times.ndim != 1:
        return False
    dim = times.dimensionality
    t_start, t_stop = meta["t_start"], meta["t_stop"]
    if not (_same_time_quantity(t_start, times.dtype, dim) and _same_time_quantity(t_stop, times.dtype, dim)):
        return False
    channel_of = np.asarray(trains._channel_id_array)
    channel_array = np.asarray(channels)
    if channel_of.shape != times.shape or channel_array.ndim != 1 or channel_array.dtype.kind not in "iu":
        return False
    if channel_of.size and channel_of.dtype.kind not in "iu":
        return False
    n = len(channels)
    if n > 1 and np.any(channel_array[1:] <= channel_array[:-1]) and np.unique(channel_array).size != n:
        return False  # a channel listed twice: neo gives both trains the same spikes, as copies
    columns = _annotation_columns(annotations, n)
    if columns is None or "channel_id" in annotations:
        return False
    lo_t, hi_t = float(t_start.magnitude), float(t_stop.magnitude)
    if lo_t > hi_t:
        return False  # neo raises "t_stop is before t_start" when the list is used

    # channel-major, spikes of one channel in their original order (what the masks select)
    raw = times.magnitude
    if channel_of.size > 1 and np.any(channel_of[1:] < channel_of[:-1]):
        order = np.argsort(channel_of, kind="stable")
        channel_of, raw = channel_of[order], raw[order]
    buf = np.array(raw, dtype=times.dtype)  # the trains' own memory, apart from the list's arrays
    starts = np.searchsorted(channel_of, channel_array, side="left")
    stops = np.searchsorted(channel_of, channel_array, side="right")
    # neo checks every train lies in [t_start, t_stop]; check every spike at once (a stricter
    # test: a spike of no listed channel also sends the list back to neo)
    if buf.size and not (buf.min() >= lo_t and buf.max() <= hi_t):
        return False  # also NaN: left to neo, whatever neo makes of it

    segment = trains.segment
    starts_l, stops_l = starts.tolist(), stops.tolist()
    items = []
    append = items.append
    view = np.ndarray.view
    t_start_raw, t_stop_raw = t_start.magnitude, t_stop.magnitude
    # Tens of thousands of small objects: the cyclic collector would traverse the growing
    # list again and again (it more than doubles the time); none of them is garbage.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for i, channel_id in enumerate(channels):
            # the SpikeTrain SpikeTrain.__new__ makes, attribute by attribute in the order its
            # __dict__ keeps (what __array_finalize__ sets from a plain array's view, then
            # __new__'s units from the times, t_start / t_stop copied, the default
            # sampling_rate; __init__'s empty annotations, which _spiketrains_from_array fills
            # with each of the list's annotations, then channel_id), set in one go on a view
            # that runs no __array_finalize__ (_Bare) and is then made a SpikeTrain
            st = view(buf[starts_l[i] : stops_l[i]], _Bare)
            st.__class__ = SpikeTrain
            ann = {}
            for name, value, per_channel in columns:
                ann[name] = value[i] if per_channel else value
            ann["channel_id"] = channel_id
            vars(st).update(
                _dimensionality=dim.copy(),
                t_start=_quantity_copy(t_start_raw, dim),
                t_stop=_quantity_copy(t_stop_raw, dim),
                waveforms=None,
                left_sweep=None,
                sampling_rate=_DEFAULT_SAMPLING_RATE,
                segment=segment,
                unit=None,
                annotations=ann,
                array_annotations=ArrayDict(stops_l[i] - starts_l[i]),
                name=None,
                file_origin=None,
                description=None,
            )
            append(st)
    finally:
        if gc_was_enabled:
            gc.enable()
    trains._items = items
    return True
