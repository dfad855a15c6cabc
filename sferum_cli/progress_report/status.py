"""Where one school stands, and the sums over many schools: plain data, never printed here.

A school's stage is decided by ``checklist admin`` (:mod:`sferum_cli.onboarding.checklists`):
a milestone is done when ``progress:`` has a date for it on or before the
report's date, or when the file proves it (every teacher verified, every
class has an invite link).  The stage is the last milestone of the unbroken
run of done ones from the start; the step a school is on is the first
milestone not done.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sferum_cli.model import School
    from sferum_cli.onboarding.checklists import StepState
    from sferum_cli.onboarding.roster import Roster

# The milestones, in order: `progress:` keys, which are also the ids of
# `checklist admin` steps.  «Registered» is Сферум's reply: it registers the
# organisation and answers with instructions.
STAGES: tuple[str, ...] = (
    "order_signed",
    "letter_sent",
    "reply_received",
    "structure_built",
    "teachers_verified",
    "invite_links_created",
    "policy_adopted",
)
ERRORS = "errors"
NOT_STARTED = "not_started"
BUCKETS: tuple[str, ...] = (ERRORS, NOT_STARTED, *STAGES)
"""What a school can be at: a broken file, nothing done yet, or the last milestone reached."""


def bucket_titles() -> dict[str, str]:
    """Russian titles of :data:`BUCKETS`; a milestone is titled as its ``progress:`` key."""
    from sferum_cli.model import Progress

    titles = {ERRORS: "Ошибки в файле школы", NOT_STARTED: "Подключение не начато"}
    titles.update({stage: str(Progress.model_fields[stage].description) for stage in STAGES})
    return titles


MEASURES = ("teachers", "classes", "pupils")
"""What is counted as a part of a whole: teachers with the role confirmed of all
teachers, classes with an invite link of all classes, pupils of those classes
of all pupils — a :class:`Count` each in a school's status and in the sums."""


@dataclass(frozen=True)
class Count:
    part: int = 0
    whole: int | None = 0
    """None: not known (no number of pupils anywhere in the file)."""

    @property
    def share(self) -> float | None:
        """``part`` of ``whole`` between 0 and 1; None when there is nothing to share."""
        if not self.whole:
            return None
        return min(self.part / self.whole, 1.0)

    def __add__(self, other: Count) -> Count:
        return Count(self.part + other.part, (self.whole or 0) + (other.whole or 0))


@dataclass(frozen=True)
class FileError:
    """A school file that did not validate: how many errors, and where the first one is."""

    count: int
    location: str
    line: int | None
    column: int | None
    code: str


@dataclass(frozen=True)
class SchoolStatus:
    path: str
    name: str | None
    region: str | None
    municipality: str | None
    error: FileError | None = None
    steps: dict[str, StepState] = field(default_factory=dict)
    """The milestones as ``checklist admin`` decided them (:data:`STAGES` only)."""
    last_step_on: dt.date | None = None
    teachers: Count = Count()
    classes: Count = Count()
    pupils: Count = Count()
    administrator: tuple[str, str] | None = None
    """(full name, phone), only when personal data was asked for (``--show-pii``)."""

    @property
    def valid(self) -> bool:
        return self.error is None

    @property
    def title(self) -> str:
        """The school's short name, or its file where the name did not validate."""
        return self.name or self.path

    @property
    def reached(self) -> int:
        """How many milestones are done in a row from the first."""
        count = 0
        for stage in STAGES:
            step = self.steps.get(stage)
            if step is None or not step.done:
                break
            count += 1
        return count

    @property
    def stage(self) -> str:
        """The bucket of :data:`BUCKETS` the school is in."""
        if not self.valid:
            return ERRORS
        reached = self.reached
        return STAGES[reached - 1] if reached else NOT_STARTED

    @property
    def next_step(self) -> str | None:
        """The milestone the school is on (None: all done, or the file is broken)."""
        if not self.valid or self.reached == len(STAGES):
            return None
        return STAGES[self.reached]

    @property
    def next_step_title(self) -> str | None:
        step = self.next_step
        return None if step is None else self.steps[step].title

    @property
    def complete(self) -> bool:
        return self.valid and self.reached == len(STAGES)

    def idle_days(self, as_of: dt.date) -> int | None:
        """Days since the last recorded step (None: nothing recorded)."""
        return None if self.last_step_on is None else (as_of - self.last_step_on).days


def of_school(
    school: School,
    *,
    path: str,
    as_of: dt.date,
    roster: Roster | None = None,
    show_pii: bool = False,
) -> SchoolStatus:
    """The status of a valid school as of ``as_of``: later dates do not count yet."""
    from sferum_cli.mail.questionnaire import pupils_total
    from sferum_cli.onboarding import checklists

    late = {key: None for key, day in school.progress if day is not None and day > as_of}
    dated = school.model_copy(update={"progress": school.progress.model_copy(update=late)})
    checklist = checklists.build(dated, "admin", roster)
    recorded = [day for _, day in dated.progress if day is not None]
    teachers = roster.teachers if roster is not None else school.teachers
    linked = [c for c in school.classes if c.invite_link]
    listed, _ = pupils_total(school)
    org = school.organization
    admin = school.administrator
    return SchoolStatus(
        path=path,
        name=org.short_name,
        region=org.region,
        municipality=org.municipality,
        steps={step.id: step for step in checklist.steps if step.id in STAGES},
        last_step_on=max(recorded, default=None),
        teachers=Count(sum(t.status == "verified" for t in teachers), len(teachers)),
        classes=Count(len(linked), len(school.classes)),
        pupils=Count(
            sum(c.pupils or 0 for c in linked),
            org.pupils_total if org.pupils_total is not None else listed,
        ),
        administrator=(admin.full_name, admin.phone) if show_pii else None,
    )


@dataclass
class Totals:
    """Sums over a group of schools (a municipality, a region, the whole report)."""

    schools: int = 0
    by_stage: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))
    complete: int = 0
    stalled: int = 0
    teachers: Count = Count()
    classes: Count = Count()
    pupils: Count = Count()

    @property
    def with_errors(self) -> int:
        return self.by_stage[ERRORS]

    @property
    def not_started(self) -> int:
        return self.by_stage[NOT_STARTED]

    @property
    def in_progress(self) -> int:
        return self.schools - self.with_errors - self.not_started - self.complete

    def add(self, status: SchoolStatus, stalled: bool) -> None:
        self.schools += 1
        self.by_stage[status.stage] += 1
        self.complete += status.complete
        self.stalled += stalled
        self.teachers += status.teachers
        self.classes += status.classes
        self.pupils += status.pupils


@dataclass(frozen=True)
class Group:
    """A municipality (``municipality`` set) or a region (``municipality`` None)."""

    region: str | None
    municipality: str | None
    totals: Totals


@dataclass(frozen=True)
class RegionReport:
    as_of: dt.date
    stalled_after: int
    show_pii: bool
    schools: tuple[SchoolStatus, ...]
    totals: Totals
    regions: tuple[Group, ...]
    municipalities: tuple[Group, ...]
    stalled: tuple[SchoolStatus, ...]
    """Stalled schools, the longest idle first."""

    def is_stalled(self, status: SchoolStatus) -> bool:
        return is_stalled(status, self.as_of, self.stalled_after)


def is_stalled(status: SchoolStatus, as_of: dt.date, stalled_after: int) -> bool:
    """Not finished, and the last recorded step is older than ``stalled_after`` days.

    A school with nothing recorded yet is «not started», not stalled: it
    has no step to be stuck after."""
    idle = status.idle_days(as_of)
    return status.valid and not status.complete and idle is not None and idle > stalled_after


SortKey = tuple[bool, tuple[tuple[int, str], ...]]


def _sort_key(text: str | None) -> SortKey:
    """Unknown last; «№ 2» before «№ 10»; ё as е, case ignored."""
    folded = (text or "").casefold().replace("ё", "е")
    parts = re.split(r"(\d+)", folded)
    return text is None, tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts)


def build_report(
    statuses: Iterable[SchoolStatus],
    *,
    as_of: dt.date,
    stalled_after: int,
    show_pii: bool = False,
) -> RegionReport:
    schools = tuple(statuses)
    totals = Totals()
    regions: dict[SortKey, Group] = {}
    municipalities: dict[tuple[SortKey, SortKey], Group] = {}
    stalled: list[SchoolStatus] = []
    for status in schools:
        late = is_stalled(status, as_of, stalled_after)
        if late:
            stalled.append(status)
        totals.add(status, late)
        region_key = _sort_key(status.region)
        region = regions.setdefault(region_key, Group(status.region, None, Totals()))
        region.totals.add(status, late)
        key = (region_key, _sort_key(status.municipality))
        group = municipalities.setdefault(key, Group(status.region, status.municipality, Totals()))
        group.totals.add(status, late)
    stalled.sort(key=lambda s: (-(s.idle_days(as_of) or 0), _sort_key(s.name), s.path))
    return RegionReport(
        as_of=as_of,
        stalled_after=stalled_after,
        show_pii=show_pii,
        schools=schools,
        totals=totals,
        regions=tuple(regions[k] for k in sorted(regions)),
        municipalities=tuple(municipalities[k] for k in sorted(municipalities)),
        stalled=tuple(stalled),
    )


def place(group: Group) -> str:
    """The group's name for people: «город Киров» or the region's name."""
    name = group.municipality if group.municipality is not None else group.region
    return name or "не указан"
