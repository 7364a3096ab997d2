from dxnet.core.views import ScopedDetailView, ScopedListView

from .filters import UserFilterSet
from .models import User


class UserListView(ScopedListView):
    model = User
    related = ("agency",)
    filterset_class = UserFilterSet
    template_name = "accounts/user_list.html"


class UserDetailView(ScopedDetailView):
    model = User
    related = ("agency",)
    template_name = "accounts/user_detail.html"
    context_object_name = "account"
