"""The demo corpus generator: a few hundred newswire stories, the same every time, several reports per incident."""

from __future__ import annotations

import re
from collections import defaultdict

from eventwire.entities.kb import load_yaml
from eventwire.server.demo import STORIES, stories


def test_the_demo_stories_are_a_few_hundred_and_the_same_every_time():
    spec = load_yaml(STORIES)
    first, second = list(stories(spec)), list(stories(spec))
    assert 300 <= len(first) <= 600
    assert [s.text for s in first] == [s.text for s in second]
    assert len({s.id for s in first}) == len(first)
    assert {s.source for s in first} <= set(spec["agencies"])


def test_later_reports_of_an_incident_come_later_from_other_agencies_with_moved_numbers():
    by_incident = defaultdict(list)
    for story in stories(load_yaml(STORIES)):
        by_incident[story.origin.split("/")[0]].append(story)
    told_again = [reports for reports in by_incident.values() if len(reports) > 1]
    assert len(told_again) >= 50
    for reports in told_again:
        assert [r.published for r in reports] == sorted(r.published for r in reports)
        assert len({r.source for r in reports}) == len(reports)
    troops = [reports for reports in told_again if "troops" in reports[0].text]
    assert troops
    for reports in troops:
        counts = [int(re.search(r"sent ([\d,]+) troops", r.text).group(1).replace(",", "")) for r in reports]
        assert counts == sorted(counts) and counts[0] < counts[-1]
