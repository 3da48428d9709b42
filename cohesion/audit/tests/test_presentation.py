"""The audit log page's Details column in words."""

from cohesion.audit.presentation import describe_changes


def test_a_role_change_reads_old_arrow_new():
    lines = describe_changes({"event": "changed", "role": ["administrator", "viewer"]})
    assert lines == ["changed", "role: administrator \u2192 viewer"]


def test_a_new_membership_shows_only_the_new_values_with_yes_and_no():
    lines = describe_changes(
        {"event": "added", "role": [None, "officer"], "is_active": [None, True]}
    )
    assert lines == ["added", "role: officer", "is_active: yes"]


def test_switching_a_membership_off_reads_yes_to_no():
    assert describe_changes({"event": "changed", "is_active": [True, False]}) == [
        "changed",
        "is_active: yes \u2192 no",
    ]


def test_area_lists_are_joined_with_commas_not_read_as_old_and_new():
    lines = describe_changes({"event": "areas add", "areas": ["E05009866", "E05009867"]})
    assert lines == ["areas add", "areas: E05009866, E05009867"]


def test_other_values_are_shown_plainly_and_nothing_gives_no_lines():
    assert describe_changes({"action_flag": 2, "message": "Changed name."}) == [
        "action_flag: 2",
        "message: Changed name.",
    ]
    assert describe_changes({}) == []
    assert describe_changes({"event": "changed", "name": ["", "Hub"]}) == [
        "changed",
        "name: (none) \u2192 Hub",
    ]
