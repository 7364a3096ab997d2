"""Generated inspections for `dxnet generate`: each province's DX lead department inspects some of its communes
every year since 2024, with the six answers once inspected and a conclusion for most of the past ones."""

import datetime
import random

from dxnet.agencies.models import Agency
from dxnet.people.models import Person

from .models import InspectedAgency, Inspection, checklist

BATCH = 5000
ANSWERS = ["Đã thực hiện đầy đủ", "Còn chậm so với kế hoạch", "Thiếu kinh phí, nhân lực", "Cần hướng dẫn thêm"]


def generate(rng: random.Random, provinces: list[Agency], today: datetime.date, per_province: int = 30
             ) -> dict[str, int]:
    inspections, visits, members = [], [], []
    for pc in provinces:
        inspector = (Agency.objects.filter(parent=pc, is_dx_lead=True, valid_to__isnull=True).first() or pc)
        communes = list(Agency.objects.filter(parent=pc, kind=Agency.Kind.COMMUNE_PC, valid_to__isnull=True)
                        .order_by("code"))
        team = list(Person.objects.filter(agency=inspector).order_by("pk")[:6])
        if not communes:
            continue
        for number in range(per_province):
            starts = datetime.date(2024, 3, 1) + datetime.timedelta(days=rng.randint(0, (today - datetime.date(
                2024, 3, 1)).days + 60))
            ends = starts + datetime.timedelta(days=rng.randint(1, 5))
            done = ends < today
            inspection = Inspection(agency=inspector, title=f"Kiểm tra thực hiện Đề án 1690 đợt {number + 1}",
                                    starts_on=starts, ends_on=ends)
            if done and rng.random() < 0.7:
                inspection.conclusion_number = f"{rng.randint(1, 500)}/KL"
                inspection.conclusion_date = min(today, ends + datetime.timedelta(days=10))
            inspections.append(inspection)
            for commune in rng.sample(communes, min(len(communes), rng.randint(1, 3))):
                visit = InspectedAgency(inspection=inspection, agency=commune)
                if done:
                    visit.inspected_on = starts
                    visit.findings = {code: rng.choice(ANSWERS) for code, _ in checklist()}
                visits.append(visit)
            members += [(inspection, person) for person in rng.sample(team, min(len(team), 3))]
    Inspection.objects.bulk_create(inspections, batch_size=BATCH)
    InspectedAgency.objects.bulk_create(visits, batch_size=BATCH)
    through = Inspection.members.through
    through.objects.bulk_create([through(inspection_id=i.pk, person_id=p.pk) for i, p in members], batch_size=BATCH)
    return {"đoàn kiểm tra": len(inspections), "cơ quan được kiểm tra": len(visits)}
