"""sPyNNaker's exception names, through the module alias real scripts use."""

import importlib
import sys
import types

import pytest

import spynn
from spynn import errors


@pytest.fixture
def alias(monkeypatch):
    """spynnaker.pyNN -> spynn, as a compatibility shim installs it."""
    package = types.ModuleType("spynnaker")
    package.__path__ = []
    package.pyNN = spynn
    monkeypatch.setitem(sys.modules, "spynnaker", package)
    monkeypatch.setitem(sys.modules, "spynnaker.pyNN", spynn)
    monkeypatch.delitem(sys.modules, "spynnaker.pyNN.exceptions", raising=False)
    yield


def test_the_alias_gives_the_classes_spynn_raises(alias):
    exc = importlib.import_module("spynnaker.pyNN.exceptions")
    assert exc.SynapticConfigurationException is errors.SynapticConfigurationException
    assert issubclass(exc.SynapticConfigurationException, exc.ConfigurationException)
    assert issubclass(errors.MappingError, exc.ConfigurationException)
    for spynn_error in (errors.MappingError, errors.EmulatorError, errors.ProvenanceError, errors.NotSupportedError):
        assert issubclass(spynn_error, exc.SpynnakerException)


def test_a_refusal_is_caught_as_sPyNNaker_catches_it(alias):
    from spynnaker.pyNN.exceptions import SpynnakerException

    with pytest.raises(SpynnakerException):
        raise errors.NotSupportedError("this feature")
    with pytest.raises(NotImplementedError):  # and still as PyNN's callers catch it
        raise errors.NotSupportedError("this feature")
