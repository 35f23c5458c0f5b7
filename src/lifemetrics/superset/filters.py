"""Native dashboard filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lifemetrics.superset.assets import Dataset, asset_uuid


@dataclass(frozen=True)
class SelectFilter:
    """A native filter picking one value of a dataset's column for every chart of the dashboard."""

    name: str
    dataset: Dataset
    column: str
    description: str
    default: str | None = None

    def content(self) -> dict[str, Any]:
        """The filter's entry in the dashboard's `native_filter_configuration`."""
        return {
            "id": "NATIVE_FILTER-" + asset_uuid("filter", self.column).replace("-", "")[:21],
            "name": self.name,
            "filterType": "filter_select",
            "type": "NATIVE_FILTER",
            "targets": [{"column": {"name": self.column}, "datasetUuid": self.dataset.uuid}],
            "controlValues": {
                "enableEmptyFilter": True,
                "defaultToFirstItem": self.default is None,
                "multiSelect": False,
                "searchAllOptions": False,
                "inverseSelection": False,
            },
            "defaultDataMask": self._default_mask(),
            "cascadeParentIds": [],
            "scope": {"rootPath": ["ROOT_ID"], "excluded": []},
            "description": self.description,
        }

    def _default_mask(self) -> dict[str, Any]:
        """The value the dashboard opens with, applied to the charts before anyone clicks."""
        if self.default is None:
            return {"extraFormData": {}, "filterState": {}, "ownState": {}}
        chosen = [self.default]
        return {
            "extraFormData": {"filters": [{"col": self.column, "op": "IN", "val": chosen}]},
            "filterState": {"value": chosen, "label": self.default},
            "ownState": {},
        }


def player_filter(games: Dataset, default: str | None) -> SelectFilter:
    """Pick one tracked player: every chess chart is per player."""
    return SelectFilter(
        "Player",
        games,
        "player",
        "The tracked chess.com player whose games every chart shows.",
        default,
    )
