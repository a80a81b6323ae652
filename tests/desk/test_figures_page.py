"""The supervisor's figures page: who may see it, its filters, drill-down links, exports."""

from __future__ import annotations

import pytest
from django.urls import reverse

URL = reverse("desk:figures")


def test_supervisor_sees_the_page(client, supervisor):
    client.force_login(supervisor)
    response = client.get(URL)
    assert response.status_code == 200, response.content.decode()[:3000]
