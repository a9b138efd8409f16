"""The mapping file read through its schema: the forms users write, and what they become."""

import pytest

from journey.ingest.mapping import MappingError, load_mapping
from journey.ingest.scales import Scale


def test_the_short_forms_read_as_their_long_forms() -> None:
    mapping = load_mapping(
        "persona: Customer Type\n"
        "attributes: Region\n"
        "outcome: recommend\n"
        "labels: {Good: '3,5', Poor: 1}\n"
        "ratings: [{column: 2019, stage: Booking, na: 0}, {column: ' Q2 ', stage: Flight}]\n"
        "expectation_bands: {below: '1:2', meets: 3, exceeds: '4 : 5'}\n"
    )
    assert mapping.persona == ("Customer Type",)
    assert mapping.attributes == ("Region",)
    assert mapping.outcome is not None and mapping.outcome.column == "recommend"
    assert mapping.labels == {"Good": 3.5, "Poor": 1.0}
    assert [r.column for r in mapping.ratings] == ["2019", " Q2 "]  # the export's own names
    assert mapping.ratings[0].na == ("0",) and mapping.ratings[0].scale == Scale(1, 5)
    assert mapping.expectation_bands == {"below": (1, 2), "meets": (3, 3), "exceeds": (4, 5)}
    assert load_mapping(mapping.to_yaml()) == mapping


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("persona_names: [a, b]",
         'map.yaml: persona_names: expected a mapping (key: value), got ["a", "b"]'),
        ("attributes: 5", "map.yaml: attributes: expected a column name or a list of names, got 5"),
        ("persona: 5", "map.yaml: persona: expected a column name or a list of names, got 5"),
        ("persona: {a: b}",
         'map.yaml: persona: expected a column name or a list of names, got {"a": "b"}'),
        ("ratings: [{column: q, stage: S}, {column: r, stage: S, scale: '1-5'}]",
         'map.yaml: ratings[1].scale: expected "MIN:MAX", got "1-5"'),
    ],
)  # fmt: skip
def test_a_wrong_type_is_refused_with_its_key_not_a_traceback(text: str, message: str) -> None:
    with pytest.raises(MappingError) as refused:
        load_mapping(text, "map.yaml")
    assert str(refused.value).startswith(message)
