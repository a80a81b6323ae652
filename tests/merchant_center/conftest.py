# The portal's logged-in clients serve the merchant center's tests too.
from tests.portal.conftest import as_agent, as_consumer, as_merchant, as_outsider, as_rival  # noqa: F401
