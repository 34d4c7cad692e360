"""A small least-recently-used mapping for the per-generation caches."""

from __future__ import annotations

from collections import OrderedDict


class Recent(OrderedDict):
    """A mapping that keeps the most recently used entries, up to a size given per put."""

    def get(self, key, default=None):
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def put(self, key, value, size: int) -> None:
        if size <= 0:
            return
        self[key] = value
        while len(self) > size:
            self.popitem(last=False)
