"""Synthetic school files for benchmarks: valid ИНН/ОГРН, varied hard names.

Run: uv run python benchmarks/synthetic.py OUTDIR COUNT [--seed N] [--progress]
Every file is fictitious; control digits are valid, the organisations are not real.
``--progress`` adds teachers and a `progress:` section (for `report`); it draws
from its own random stream, so the files without it stay byte-identical.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

REGIONS = [
    ("Кировская область", "43", "8332"),
    ("Республика Татарстан", "16", "843"),
    ("Москва", "77", "495"),
    ("Санкт-Петербург", "78", "812"),
    ("Новосибирская область", "54", "383"),
    ("Ханты-Мансийский АО — Югра", "86", "3467"),
    ("Республика Саха (Якутия)", "14", "4112"),
    ("Краснодарский край", "23", "861"),
]
SURNAMES = [
    ("Черных", "Черных"), ("Шевченко", "Шевченко"), ("Мельник", "Мельник"),
    ("Толстой", "Толстая"), ("Крымский", "Крымская"), ("Кузьмич", "Кузьмич"),
    ("Ким", "Ким"), ("Петров-Водкин", "Петрова-Водкина"), ("Королёв", "Королёва"),
    ("Иванов", "Иванова"), ("Долгих", "Долгих"), ("Дюма", "Дюма"),
]  # fmt: skip
MALE_NAMES = ["Лев", "Павел", "Пётр", "Илья", "Никита", "Семён", "Андрей"]
FEMALE_NAMES = ["Любовь", "Алёна", "Ольга", "Мария", "Светлана", "Анна"]
FATHERS = [("Ильич", "Ильинична"), ("Петрович", "Петровна"), ("Семёнович", "Семёновна"),
           ("Андреевич", "Андреевна"), ("Фёдорович", "Фёдоровна")]  # fmt: skip
POSITIONS = ["учитель информатики", "заместитель директора по учебно-воспитательной работе",
             "педагог-организатор", "социальный педагог", "учитель начальных классов"]  # fmt: skip
LETTERS = "АБВГ"


def control_inn(first9: str) -> str:
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return first9 + str(sum(int(d) * w for d, w in zip(first9, weights, strict=True)) % 11 % 10)


def control_ogrn(first12: str) -> str:
    return first12 + str(int(first12) % 11 % 10)


def person(rng: random.Random) -> str:
    male, female = rng.choice(SURNAMES)
    father_m, father_f = rng.choice(FATHERS)
    if rng.random() < 0.5:
        return f"{male} {rng.choice(MALE_NAMES)} {father_m}"
    return f"{female} {rng.choice(FEMALE_NAMES)} {father_f}"


def school_yaml(index: int, rng: random.Random) -> str:
    region, code, area = rng.choice(REGIONS)
    inn = control_inn(f"{code}{rng.randrange(10**7):07d}")
    ogrn = control_ogrn(f"10{rng.randrange(10):01d}{code}{rng.randrange(10**7):07d}")
    classes = []
    for grade in rng.sample(range(1, 12), k=rng.randint(2, 6)):
        name = f"{grade}{rng.choice(LETTERS)}"
        link = (
            f"\n    invite_link: https://sferum.ru/?invite=s{index}-{grade}"
            if rng.random() < 0.7
            else ""
        )
        classes.append(
            f"  - name: {name}\n    teacher: {person(rng)}\n    pupils: {rng.randint(5, 30)}{link}"
        )
    unique = {c.split("\n")[0]: c for c in classes}
    name = f"Школа № {index} «Тест & Проба»"
    return f"""version: 1
organization:
  full_name: Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № {index}»
  short_name: '{name}'
  type: school
  inn: "{inn}"
  kpp: "{inn[:4]}01001"
  ogrn: "{ogrn}"
  region: {region}
  municipality: Городской округ № {index % 50}
  address: 000000, ул. Синтетическая, д. {index}
  phone: +7 ({area}) {rng.randrange(10 ** (10 - len(area) - 1), 10 ** (10 - len(area)))}
  email: school{index}@example.ru
  website: https://school{index}.example.ru
director:
  full_name: {person(rng)}
administrator:
  full_name: {person(rng)}
  position: {rng.choice(POSITIONS)}
  phone: +7 912 {rng.randrange(10**7):07d}
  email: admin{index}@example.ru
appointment:
  order_number: "{rng.randint(1, 400)}-О"
  order_date: 2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}
  letter_number: "01-{index}"
platform:
  messenger: {rng.choice(["max", "vk"])}
classes:
{chr(10).join(unique.values())}
"""


MILESTONES = ("order_signed", "letter_signed", "questionnaire_filled", "letter_sent",
              "reply_received", "admin_signed_in", "structure_built",
              "staff_registration_enabled", "teachers_verified", "invite_links_created",
              "pupils_informed", "policy_adopted")  # fmt: skip
STATUSES = ("verified", "verified", "pending", "not_registered")
PROGRESS_START = dt.date(2025, 9, 1)


def progress_yaml(index: int, seed: int) -> str:
    """Teachers and the dates of the first few steps, different for every school."""
    rng = random.Random(f"progress-{seed}-{index}")
    teachers = [
        f"  - full_name: {person(rng)}\n    status: {rng.choice(STATUSES)}"
        for _ in range(rng.randint(0, 5))
    ]
    done = rng.choice([0, 1, 2, 4, 5, 7, 8, 10, 12, 12])
    day = PROGRESS_START + dt.timedelta(days=rng.randint(0, 40))
    steps = []
    for key in MILESTONES[:done]:
        steps.append(f"  {key}: {day.isoformat()}")
        day += dt.timedelta(days=rng.randint(0, 12))
    text = ""
    if teachers:
        text += "teachers:\n" + "\n".join(teachers) + "\n"
    if steps:
        text += "progress:\n" + "\n".join(steps) + "\n"
    return text


def generate(outdir: Path, count: int, *, seed: int = 1, progress: bool = False) -> list[Path]:
    rng = random.Random(seed)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, count + 1):
        path = outdir / f"school-{i:05d}.yaml"
        text = school_yaml(i, rng)
        if progress:
            text += progress_yaml(i, seed)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--progress", action="store_true", help="teachers and progress: too")
    args = parser.parse_args()
    generate(args.outdir, args.count, seed=args.seed, progress=args.progress)


if __name__ == "__main__":
    main()
