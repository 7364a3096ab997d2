"""Generated success stories for `dxnet generate`: each province's agencies (its people's committee, departments,
communes) record stories since 2024, most of the older ones published on the open-data page."""

import datetime
import random

from django.utils import timezone

from dxnet.agencies.models import Agency

from .models import StoryArea, SuccessStory

BATCH = 5000
MODELS = ["Chợ số nông thôn", "Thôn thông minh", "Tổ công nghệ số cộng đồng hướng dẫn dịch vụ công trực tuyến",
          "Thanh toán không dùng tiền mặt tại chợ", "Sổ tay đảng viên điện tử", "Camera an ninh kết nối cộng đồng",
          "Bản đồ số du lịch cộng đồng", "Truy xuất nguồn gốc nông sản", "Trợ lý ảo hỗ trợ cán bộ một cửa",
          "Bình dân học vụ số", "Y tế từ xa cho trạm y tế xã", "Kênh giao tiếp số với người dân trên Zalo"]


def generate(rng: random.Random, provinces: list[Agency], today: datetime.date, per_province: int = 100
             ) -> dict[str, int]:
    """About `per_province` stories per province (a few thousand nationally), dated 2024 to `today`."""
    areas = list(StoryArea.objects.all())
    if not areas:
        return {"mô hình, câu chuyện": 0}
    start = datetime.date(2024, 1, 1)
    span = max(0, (today - start).days)
    stories, seen = [], set()
    for pc in provinces:
        agencies = [pc, *Agency.objects.filter(parent=pc, valid_to__isnull=True).order_by("code")]
        place = pc.name.removeprefix("Ủy ban nhân dân ")
        for _ in range(per_province):
            agency = rng.choice(agencies)
            day = start + datetime.timedelta(days=rng.randint(0, span))
            published = day < today - datetime.timedelta(days=30) and rng.random() < 0.6
            model = rng.choice(MODELS)
            if (agency.pk, model, day) in seen:  # one story of a name a day per agency (story_once)
                continue
            seen.add((agency.pk, model, day))
            stories.append(SuccessStory(
                agency=agency, title=f"{model} — {agency.name.removeprefix('Ủy ban nhân dân ')}",
                area=rng.choice(areas), date=day, summary=f"Mô hình {model.lower()} triển khai tại {place}.",
                link=f"https://dx.gov.vn/mo-hinh/{rng.randint(1, 10**6)}" if rng.random() < 0.7 else "",
                published=published,
                published_at=timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=14),
                                                                           datetime.time(9))) if published else None))
    SuccessStory.objects.bulk_create(stories, batch_size=BATCH)
    return {"mô hình, câu chuyện": len(stories), "đã công bố": sum(s.published for s in stories)}
