"""Pages of the REST API's lists: ``?limit=`` and ``?offset=`` read strictly, within documented bounds."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from cohesion.core.params import int_param

# Further than this into a list is further than any list the API serves.
MAX_OFFSET = 10_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """DRF's limit/offset pages, with ``limit`` at most ``API_MAX_PAGE_SIZE`` and both checked.

    A limit or offset that is not a whole number in range answers 400 (through
    :mod:`cohesion.core.params`) instead of being ignored or reaching the
    database, where a number past 2**63 used to end in a server error.
    """

    @property
    def max_limit(self) -> int:  # type: ignore[override]
        return int(settings.API_MAX_PAGE_SIZE)

    def get_limit(self, request: Request) -> int:
        return int_param(
            request.query_params,
            self.limit_query_param,
            default=min(int(str(settings.REST_FRAMEWORK["PAGE_SIZE"])), self.max_limit),
            minimum=1,
            maximum=self.max_limit,
        )

    def get_offset(self, request: Request) -> int:
        return int_param(
            request.query_params,
            self.offset_query_param,
            default=0,
            minimum=0,
            maximum=MAX_OFFSET,
        )

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_limit}
                parameter["description"] = (
                    f"Number of results to return per page (1 to {self.max_limit})."
                )
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}
        return parameters
