"""All the reference data, loaded in dependency order; running it again changes nothing."""

from dxnet.agencies.services import load_reference_agencies
from dxnet.geo.services import load_admin_units
from dxnet.monitoring.services import load_milestone_kinds
from dxnet.network.services import load_networks, load_skill_areas
from dxnet.obstacles.services import load_categories as load_obstacle_categories
from dxnet.people.services import load_job_positions
from dxnet.plans.services import load_reference_templates
from dxnet.platforms.services import load_shared_platforms
from dxnet.reporting.services import load_report_forms
from dxnet.stories.services import load_areas as load_story_areas
from dxnet.training.services import load_national_courses


def load_all() -> dict[str, dict[str, tuple[int, int]]]:
    """(created, updated) per part, by section."""
    return {
        "Đơn vị hành chính": load_admin_units(),
        "Cơ quan": load_reference_agencies(),
        "Danh mục": {"job_positions": load_job_positions(), "skill_areas": load_skill_areas(),
                     "milestone_kinds": load_milestone_kinds(), "shared_platforms": load_shared_platforms(),
                     "story_areas": load_story_areas(),
                     "obstacle_categories": load_obstacle_categories(),
                     "training_courses": load_national_courses()},
        "Mạng lưới CĐS": {"networks": load_networks()},
        "Kế hoạch": {"templates": load_reference_templates()},
        "Báo cáo": {"forms": load_report_forms()},
    }
