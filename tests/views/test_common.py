"""What several pages show alike."""

from __future__ import annotations

from types import SimpleNamespace

from trajmap.views import common


def test_missing_layers_message_names_what_is_missing_and_how_to_get_it() -> None:
    status = [
        SimpleNamespace(name="eez", title="EEZ (Marine Regions)", available=False),
        SimpleNamespace(name="land", title="Land", available=True),
        SimpleNamespace(name="other", title="Other", available=False),
    ]
    assert common.missing_layers(status) == ["eez"]  # type: ignore[arg-type]
    text = common.missing_layers_message(status)  # type: ignore[arg-type]
    assert "EEZ (Marine Regions)" in text
    assert "Other" not in text
    assert "layers download" in text
    assert common.missing_layers_message([]) == ""
