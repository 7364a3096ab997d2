from dxnet.agencies.forms import ScopedForm
from dxnet.people.forms import DATE
from dxnet.people.models import Person

from .models import TrainingRecord


class TrainingRecordForm(ScopedForm):
    class Meta:
        model = TrainingRecord
        fields = ["person", "course", "provider", "completed_on", "hours"]
        widgets = {"completed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.visible_to(self.user).select_related("agency")
