from django import forms

from dxnet.agencies.forms import ScopedAgencyField, ScopedForm
from dxnet.agencies.models import Agency
from dxnet.core.forms import ModelForm
from dxnet.core.pickers import PickerField
from dxnet.people.forms import DATE

from .models import CommunityTeam, Network, SkillArea, TeamActivity, TeamMember, Village, VoluntaryMember


class NetworkForm(ModelForm):
    class Meta:
        model = Network
        fields = ["decision_number", "decision_date"]
        widgets = {"decision_date": DATE}


class VoluntaryMemberForm(ScopedForm):
    class Meta:
        model = VoluntaryMember
        fields = ["network", "kind", "organisation_kind", "name", "contact_person", "phone", "email", "expertise"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.visible_to(self.user)


class VillageForm(ScopedForm):
    agency = ScopedAgencyField(label="Ủy ban nhân dân xã", kinds=[Agency.Kind.COMMUNE_PC])

    class Meta:
        model = Village
        fields = ["agency", "name", "kind"]


class TeamForm(ScopedForm):
    """Register the team of a village of the user's scope that has none yet."""

    village = PickerField("thon", params={"chua-co-to": "1"}, label="Thôn, tổ dân phố",
                          help_text="Thôn chưa có Tổ: gõ một phần của tên (không cần dấu) rồi chọn trong danh sách.")

    class Meta:
        model = CommunityTeam
        fields = ["village", "decision_number", "decision_date"]
        widgets = {"decision_date": DATE}
        help_texts = {"decision_number": "Quyết định của Chủ tịch Ủy ban nhân dân xã."}


class TeamEditForm(ModelForm):
    class Meta:
        model = CommunityTeam
        fields = ["decision_number", "decision_date", "valid_to"]
        widgets = {"decision_date": DATE, "valid_to": DATE}
        labels = {"valid_to": "Ngày giải thể"}


class TeamMemberForm(ModelForm):
    class Meta:
        model = TeamMember
        fields = ["full_name", "phone", "role"]


class TeamActivityForm(ModelForm):
    class Meta:
        model = TeamActivity
        fields = ["date", "skill_area", "people_helped", "households_helped", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill_area"].queryset = SkillArea.objects.filter(is_active=True)
