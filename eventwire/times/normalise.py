"""TimeML values for recognised time expressions, worked out against the publication date.

Each rule `kind` of patterns.yaml has a function here that returns the value, or None when it
cannot be known: a relative expression without a publication date, or an impossible date such
as "February 30". Nothing is guessed from the clock of the machine, so output is reproducible.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from eventwire.times.lexicon import key
from eventwire.times.recognize import Match

NEAR_FUTURE_DAYS = 92
PAST_TENSE_SLACK_DAYS = 31
OUT_OF_CALENDAR = re.compile(r"-|\d{5}")
HALF = re.compile(r"(\s+and)?\s+a half$|\s+1/2$|½$")
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
STEP = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}


@dataclass
class Timex:
    type: str
    value: str | None
    anchor: str | None  # "published" (worked out from the publication date), "absolute" or None
    mod: str | None


@dataclass
class TimexContext:
    """What a normaliser sees: the match, the publication date, the tense around it and the time lexicon's words
    (`TimeLexicon.words`)."""

    match: Match
    published: dt.date | None
    direction: str | None
    words: dict[str, Any]
    used_published: bool = False

    def today(self) -> dt.date:
        """The publication date, for values counted from it; NeedsDate when there is none."""
        if self.published is None:
            raise NeedsDate
        self.used_published = True
        return self.published

    def group(self, name: str) -> str | None:
        return self.match.groups.get(name)

    def word(self, name: str) -> str | None:
        value = self.group(name)
        return key(value) if value is not None else None


class NeedsDate(Exception):
    """The value depends on the publication date and there is none."""


def normalise(match: Match, published: dt.date | None, direction: str | None, words: dict[str, Any]) -> Timex:
    reading = TimexContext(match, published, direction, words)
    kind = NORMALISERS[match.rule.kind]
    type_ = match.rule.type
    try:
        value = kind(reading)
    except (NeedsDate, ValueError, OverflowError, LookupError):  # unknown, impossible or unheard-of: no value
        value = None
    if isinstance(value, tuple):
        type_, value = value
    if value is not None and OUT_OF_CALENDAR.match(value):
        value = None  # beyond year 9999 or before year 0: a publication date at the calendar's edge
    anchor = None if value is None else ("published" if reading.used_published else "absolute")
    return Timex(type_, value, anchor, modifier(reading))


def modifier(reading: TimexContext) -> str | None:
    """TimeML's mod: START for "early 2011", APPROX for "about two years", END for "year-end"."""
    if reading.group("unit_end"):
        return "END"
    if reading.group("mod"):
        return reading.words["modifiers"].get(reading.word("mod"))
    if reading.group("approx"):
        return reading.words["approximations"].get(reading.word("approx"))
    return None


def number(reading: TimexContext) -> float | str | None:
    """The count of units: a float ("twenty-four", "2 1/2"), "X" for vague counts ("several",
    "two to three"), None when absent."""
    word = reading.word("number")
    if word is None:
        return None
    if re.search(r" (to|or) ", word):
        return "X"
    half = HALF.search(word)
    if half:
        word = word[: half.start()]
    words = reading.words["numbers"]
    if re.fullmatch(r"\d+(\.\d+)?", word):
        value: float | str = float(word)
    elif word in words:
        value = "X" if words[word] == "X" else float(words[word])
    else:
        parts = [words.get(part) for part in re.split(r"[\s-]+", word)]
        if any(part in (None, "X") for part in parts):
            return "X"
        value = float(sum(parts))
    return value + 0.5 if half and value != "X" else value


def month_number(reading: TimexContext) -> int:
    if reading.group("month_number"):
        return int(reading.group("month_number"))
    return int(reading.words["months"][reading.word("month")])


def year_from_words(reading: TimexContext, *names: str) -> int | None:
    """A year written out ("2024") or said relative to this year ("last year")."""
    for name in names:
        word = reading.word(name)
        if word is None:
            continue
        if word.isdigit():
            return int(word)
        return reading.today().year + STEP[word]
    return None


def year_of_month(reading: TimexContext, month: int, rel: str | None) -> int:
    """The year of a month (or season) named without one: "last June", "in December"."""
    now = reading.today()
    if rel in ("last", "past"):
        return now.year if month < now.month else now.year - 1
    if rel in ("next", "coming"):
        return now.year if month > now.month else now.year + 1
    if rel == "this":
        return now.year
    if reading.direction is None:
        nearest = min((-1, 0, 1), key=lambda step: abs(12 * step + month - now.month))
        return now.year + nearest
    if reading.direction == "past":  # next month too: the same slack as for dates
        return now.year if month <= now.month + 1 else now.year - 1
    return now.year if month >= now.month else now.year + 1


def date_value(reading: TimexContext) -> str:
    month, day = month_number(reading), int(reading.group("day"))
    year = year_from_words(reading, "year")
    if year is None and reading.group("weekday"):
        year = year_of_weekday(reading, month, day)
    if year is None:
        year = closest_year(reading, month, day)
    return dt.date(year, month, day).isoformat()


def year_of_weekday(reading: TimexContext, month: int, day: int) -> int | None:
    """The year next to the publication date in which "Monday, Oct. 26" is a Monday, if one is."""
    weekday = int(reading.words["weekdays"][reading.word("weekday")])
    now = reading.today()
    for year in (now.year, now.year - 1, now.year + 1):
        try:
            if dt.date(year, month, day).isoweekday() == weekday:
                return year
        except ValueError:
            continue
    return None


def closest_year(reading: TimexContext, month: int, day: int) -> int:
    """The year of "Feb. 13": on or before the publication date in the past tense, on or after
    it in the future tense; when the tense does not say, the past, unless the day is at most
    NEAR_FUTURE_DAYS ahead (news announces the coming days without "will"). A past tense still
    allows PAST_TENSE_SLACK_DAYS ahead: deadlines ("extended the offer to Nov. 20") and misread
    tenses are likelier than a date eleven months back."""
    now = reading.today()
    dt.date(2000, month, day)  # a day that exists in some year (Feb 29 included), else ValueError
    for year in (now.year, now.year - 1, now.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        ahead = (candidate - now).days
        if reading.direction == "past" and ahead > PAST_TENSE_SLACK_DAYS:
            continue
        if reading.direction == "future" and ahead < 0:
            continue
        if reading.direction is None and ahead > NEAR_FUTURE_DAYS:
            continue
        return year
    raise ValueError("no year fits")


def month_value(reading: TimexContext) -> str:
    month = month_number(reading)
    year = year_from_words(reading, "year", "year_rel")
    if year is None:
        year = year_of_month(reading, month, reading.word("rel"))
    return f"{year:04d}-{month:02d}"


def year_value(reading: TimexContext) -> str:
    if reading.group("year"):
        return reading.group("year")
    words = reading.words["numbers"]
    if reading.group("two_thousand"):
        return str(2000 + int(words.get(reading.word("spoken_tens2"), 0)))
    century = int(words[reading.word("spoken_century")])
    tens = sum(int(words[part]) for part in re.split(r"[\s-]+", reading.word("spoken_tens")))
    return str(century * 100 + tens)


def decade_value(reading: TimexContext) -> str:
    if reading.group("decade"):
        return reading.group("decade")[:3]
    if reading.group("short_decade"):
        digits = int(reading.group("short_decade"))
        century = 19
        if reading.published is not None and digits <= reading.published.year % 100:
            century = reading.published.year // 100
        return f"{century}{digits // 10}"
    return str(reading.words["decades"][reading.word("decade_word")])[:3]


def century_value(reading: TimexContext) -> str:
    if reading.group("century"):
        return f"{int(reading.group('century')) - 1:02d}"
    if reading.group("century_word"):
        return f"{int(reading.words['ordinals'][reading.word('century_word')]) - 1:02d}"
    step = STEP.get(reading.word("rel").replace("the ", ""), 0)
    return f"{reading.today().year // 100 + step:02d}"


def season_value(reading: TimexContext) -> str:
    code = reading.words["seasons"][reading.word("season") or reading.word("season2")]
    year = year_from_words(reading, "year", "year2", "year_rel")
    if year is None:
        year = year_of_month(reading, SEASON_MONTH[code], reading.word("rel"))
    return f"{year:04d}-{code}"


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_value(reading: TimexContext) -> str:
    rel = reading.word("rel") or reading.word("rel2")
    ordinal = reading.word("ordinal")
    year = year_from_words(reading, "year", "year2", "year_rel", "year_rel2")
    if ordinal is not None:
        quarter = int(reading.words["ordinals"][ordinal])
        if year is None:
            year = reading.today().year - (1 if rel in ("year-ago", "year-earlier") else 0)
        return f"{year:04d}-Q{quarter}"
    if rel == "same":
        raise NeedsDate
    now = reading.today()
    shift = {"current": 0, "next": 3}.get(rel, -3)
    year, quarter = quarter_of(now + relativedelta(months=shift))
    if rel in ("year-ago", "year-earlier"):
        year -= 1
    return f"{year:04d}-Q{quarter}"


def half_value(reading: TimexContext) -> str:
    year = year_from_words(reading, "year", "year_rel") or reading.today().year
    return f"{year:04d}-H{reading.words['ordinals'][reading.word('ordinal')]}"


DEICTIC_DAYS = {"today": 0, "tonight": 0, "overnight": 0, "this": 0, "yesterday": -1, "last": -1, "tomorrow": 1,
                "the day before yesterday": -2, "the day after tomorrow": 2}


def deictic_value(reading: TimexContext) -> tuple[str, str]:
    word = reading.word("deictic")
    day = reading.today() + dt.timedelta(days=DEICTIC_DAYS[word])
    part = reading.word("part")
    if word == "last" and part != "night":
        day = reading.today()  # "last evening" is earlier today... or yesterday; TimeML takes today
    if word in ("tonight", "overnight"):
        part = "night"
    if part is None:
        return "DATE", day.isoformat()
    return "TIME", f"{day.isoformat()}T{reading.words['parts_of_day'][part]}"


def weekday_date(reading: TimexContext) -> dt.date:
    now = reading.today()
    weekday = int(reading.words["weekdays"][reading.word("weekday")])
    rel = reading.word("rel")
    ahead = (weekday - now.isoweekday()) % 7
    behind = (now.isoweekday() - weekday) % 7
    if rel in ("last", "past"):
        return now - dt.timedelta(days=behind or 7)
    if rel in ("next", "coming"):
        return now + dt.timedelta(days=ahead or 7)
    if reading.direction == "future" or (rel == "this" and reading.direction != "past"):
        return now + dt.timedelta(days=ahead)
    return now - dt.timedelta(days=behind)


def weekday_value(reading: TimexContext) -> tuple[str, str]:
    day = weekday_date(reading).isoformat()
    part = reading.word("part")
    if part is None:
        return "DATE", day
    return "TIME", f"{day}T{reading.words['parts_of_day'][part]}"


def holiday_date(name: str, year: int, words: dict[str, Any]) -> dt.date:
    rule = words["holidays"][name]
    if "easter" in rule:
        return easter(year) + dt.timedelta(days=rule["easter"])
    if "day" in rule:
        return dt.date(year, rule["month"], rule["day"])
    nth, weekday = rule["nth"], rule["weekday"]
    if nth > 0:
        first = dt.date(year, rule["month"], 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    last = dt.date(year, rule["month"], 1) + relativedelta(months=1, days=-1)
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


def holiday_value(reading: TimexContext) -> str:
    name = reading.word("holiday")
    year = year_from_words(reading, "year")
    if year is None:
        now = reading.today()
        rel = reading.word("rel")
        this_year = holiday_date(name, now.year, reading.words)
        if rel == "last" or (rel is None and reading.direction == "past"):
            year = now.year if this_year < now else now.year - 1
        elif rel == "next" or (rel is None and reading.direction == "future"):
            year = now.year if this_year > now else now.year + 1
        elif rel == "this":
            year = now.year
        else:
            year = min((now.year, now.year - 1, now.year + 1), key=lambda y: abs((holiday_date(name, y, reading.words) - now).days))
    return holiday_date(name, year, reading.words).isoformat()


def period_value(day: dt.date, unit: str) -> str:
    """The calendar period of `unit` that contains `day`, in TimeML form."""
    if unit in ("day", "days"):
        return day.isoformat()
    if unit in ("week", "weeks"):
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "weekend":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}-WE"
    if unit in ("month", "months"):
        return f"{day.year:04d}-{day.month:02d}"
    if unit in ("quarter", "quarters"):
        return "{}-Q{}".format(*quarter_of(day))
    if unit in ("decade", "decades"):
        return f"{day.year // 10:03d}"
    return f"{day.year:04d}"


def shifted(day: dt.date, unit: str, count: float, words: dict[str, Any]) -> dt.date:
    info = words["units"][unit]
    amount = int(count * info["size"])
    return day + {"D": relativedelta(days=amount), "W": relativedelta(weeks=amount), "M": relativedelta(months=amount),
                  "Q": relativedelta(months=3 * amount), "Y": relativedelta(years=amount)}[info["code"]]


def relative_value(reading: TimexContext) -> str:
    rel = reading.word("rel") or "this"
    if rel not in STEP and rel not in ("the current", "the coming"):
        raise NeedsDate  # "that day", "the next morning": counted from another time in the story
    rel = rel.replace("the ", "")
    unit = reading.word("unit") or reading.word("unit_end")
    step = STEP[rel]
    base = "week" if unit == "weekend" else unit
    return period_value(shifted(reading.today(), base, step, reading.words), unit)


def offset_value(reading: TimexContext) -> str:
    direction = reading.word("direction")
    unit = reading.word("unit")
    count = number(reading) or 1.0
    if direction == "later":
        raise NeedsDate
    if count == "X":
        return "PAST_REF" if direction in ("ago", "earlier") else "FUTURE_REF"
    if reading.words["units"][unit].get("time"):
        raise NeedsDate
    sign = -1 if direction in ("ago", "earlier") else 1
    day = shifted(reading.today(), unit, sign * count, reading.words)
    after = reading.word("unit_after")
    if after in ("quarter", "period"):
        year, quarter = quarter_of(day + relativedelta(months=-3))
        return f"{year:04d}-Q{quarter}"
    if reading.words["units"][unit]["size"] > 1:
        unit = "year"  # "a decade ago" is a year, not the decade before
    return period_value(day, after or unit)


def vague_value(reading: TimexContext) -> tuple[str, str]:
    type_, value = reading.words["vague"][reading.word("vague")]
    return type_, value


def duration_value(reading: TimexContext) -> str:
    info = reading.words["units"][reading.word("unit")]
    count = number(reading)
    if count is None:
        count = "X" if reading.word("unit").endswith("s") else 1.0
    prefix = "PT" if info.get("time") else "P"
    if count == "X":
        return f"{prefix}X{info['code']}"
    if reading.group("and_half"):
        count += 0.5
    return duration_text(count * info["size"], info["code"], bool(info.get("time")))


SMALLER = {("Y", False): ("M", 12, False), ("Q", False): ("M", 3, False), ("M", False): ("D", 30, False),
           ("W", False): ("D", 7, False), ("D", False): ("H", 24, True), ("H", True): ("M", 60, True),
           ("M", True): ("S", 60, True)}


def duration_text(amount: float, code: str, time: bool) -> str:
    """P2Y6M for 2.5 years, PT5H30M for 5.5 hours, P6M for half a year."""
    whole = int(amount)
    parts = [(whole, code, time)] if whole or amount == whole else []
    rest = amount - whole
    if rest and (code, time) in SMALLER:
        small, factor, small_time = SMALLER[(code, time)]
        parts.append((round(rest * factor), small, small_time))
    elif rest:
        parts = [(amount, code, time)]
    date_part = "".join(f"{n:g}{c}" for n, c, t in parts if not t)
    time_part = "".join(f"{n:g}{c}" for n, c, t in parts if t)
    return "P" + date_part + ("T" + time_part if time_part else "")


def set_value(reading: TimexContext) -> str:
    words = reading.words
    if reading.group("frequency"):
        return words["frequencies"][reading.word("frequency")]
    if reading.group("weekday"):
        part = f"T{words['parts_of_day'][reading.word('part')]}" if reading.group("part") else ""
        return f"XXXX-WXX-{words['weekdays'][reading.word('weekday')]}{part}"
    if reading.group("part"):
        return f"XXXX-XX-XXT{words['parts_of_day'][reading.word('part')]}"
    if reading.group("season"):
        return f"XXXX-{words['seasons'][reading.word('season')]}"
    return duration_value(reading)


def clock_value(reading: TimexContext) -> str:
    if reading.group("named_time"):
        hour, minute = (24, 0) if reading.word("named_time") == "midnight" else (12, 0)
    else:
        hour, minute = int(reading.group("hour")), int(reading.group("minute") or 0)
        ampm = (reading.word("ampm") or "").replace(".", "").replace(" ", "")
        if ampm:
            if not 1 <= hour <= 12:
                raise ValueError("hour out of range")
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ValueError("time out of range")
    if reading.group("weekday"):
        day = weekday_date(reading)
    elif reading.group("month"):
        day = dt.date.fromisoformat(date_value(reading))
    elif reading.group("deictic"):
        day = reading.today() + dt.timedelta(days=DEICTIC_DAYS[reading.word("deictic")])
    else:
        day = reading.today()
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


NORMALISERS: dict[str, Callable[[TimexContext], str | tuple[str, str]]] = {
    "date": date_value, "month": month_value, "year": year_value, "decade": decade_value,
    "century": century_value, "season": season_value, "quarter": quarter_value, "half": half_value,
    "deictic": deictic_value, "weekday": weekday_value, "holiday": holiday_value, "relative": relative_value,
    "offset": offset_value, "vague": vague_value, "duration": duration_value, "set": set_value, "clock": clock_value,
}
