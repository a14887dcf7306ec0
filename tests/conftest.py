import warnings

import pytest


@pytest.fixture
def sim():
    """spynn, set up fresh for one test and ended after it."""
    import spynn

    yield spynn
    spynn.end()


def pytest_configure(config):
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="neo")
